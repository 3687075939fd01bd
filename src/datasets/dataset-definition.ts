import { BadUserInputError } from '../errors/errors';
import type { ColumnSpec, ColumnType, Sensitivity } from './column-spec';

/** Dataset and column names become SQL identifiers: this pattern is what makes them safe to quote. */
export const SAFE_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const MAX_COLUMNS = 200;
const MAX_CATEGORIES = 1000;
const MAX_CATEGORY_LENGTH = 200;
const MAX_DESCRIPTION = 2000;
const TYPES: readonly ColumnType[] = ['INTEGER', 'FLOAT', 'BOOLEAN', 'CATEGORY', 'TEXT', 'DATE'];
const SENSITIVITIES: readonly Sensitivity[] = ['IDENTIFIER', 'QUASI_IDENTIFIER', 'SENSITIVE', 'PUBLIC'];

export interface ColumnDefinitionInput {
  name: string;
  type: string;
  sensitivity?: string | null;
  nullable?: boolean | null;
  lowerBound?: number | null;
  upperBound?: number | null;
  categories?: string[] | null;
}

export interface DatasetDefinitionInput {
  name: string;
  description?: string | null;
  columns: ColumnDefinitionInput[];
  privacyUnitColumn?: string | null;
  maxRowsPerUnit?: number | null;
}

export interface DatasetDefinition {
  name: string;
  description: string | null;
  columns: ColumnSpec[];
  privacyUnitColumn: string | null;
  maxRowsPerUnit: number;
}

/** Every rule a dataset definition must satisfy; the error names the offending field. */
export function validateDefinition(input: DatasetDefinitionInput): DatasetDefinition {
  if (!SAFE_IDENTIFIER.test(input.name)) throw new BadUserInputError('name must match ^[a-z][a-z0-9_]{0,62}$', 'name');
  const description = input.description?.trim() || null;
  if (description && description.length > MAX_DESCRIPTION) {
    throw new BadUserInputError(`description must be at most ${MAX_DESCRIPTION} characters`, 'description');
  }
  if (input.columns.length < 1 || input.columns.length > MAX_COLUMNS) {
    throw new BadUserInputError(`a dataset has 1 to ${MAX_COLUMNS} columns`, 'columns');
  }
  const seen = new Set<string>();
  const columns = input.columns.map((c, i) => {
    const column = validateColumn(c, `columns[${i}]`);
    if (seen.has(column.name)) throw new BadUserInputError(`column name "${column.name}" is used twice`, `columns[${i}].name`);
    seen.add(column.name);
    return column;
  });
  const privacyUnitColumn = input.privacyUnitColumn ?? null;
  if (privacyUnitColumn !== null && !seen.has(privacyUnitColumn)) {
    throw new BadUserInputError(`privacyUnitColumn "${privacyUnitColumn}" is not a column of the dataset`, 'privacyUnitColumn');
  }
  // Rows without a unit would pool into one pseudo-person whose contribution is unbounded.
  if (privacyUnitColumn !== null && columns.find((c) => c.name === privacyUnitColumn)!.nullable) {
    throw new BadUserInputError(`privacyUnitColumn "${privacyUnitColumn}" must be declared nullable: false`, 'privacyUnitColumn');
  }
  const maxRowsPerUnit = input.maxRowsPerUnit ?? 1;
  if (!Number.isInteger(maxRowsPerUnit) || maxRowsPerUnit < 1 || maxRowsPerUnit > 1000) {
    throw new BadUserInputError('maxRowsPerUnit must be an integer from 1 to 1000', 'maxRowsPerUnit');
  }
  return { name: input.name, description, columns, privacyUnitColumn, maxRowsPerUnit };
}

function validateColumn(c: ColumnDefinitionInput, field: string): ColumnSpec {
  if (!SAFE_IDENTIFIER.test(c.name)) throw new BadUserInputError('column name must match ^[a-z][a-z0-9_]{0,62}$', `${field}.name`);
  const type = c.type as ColumnType;
  if (!TYPES.includes(type)) throw new BadUserInputError(`unknown column type ${c.type}`, `${field}.type`);
  const sensitivity = (c.sensitivity ?? 'SENSITIVE') as Sensitivity;
  if (!SENSITIVITIES.includes(sensitivity)) throw new BadUserInputError(`unknown sensitivity ${c.sensitivity}`, `${field}.sensitivity`);
  // Identifiers are stored only as keyed hashes (text): bounds or categories would mean nothing.
  if (sensitivity === 'IDENTIFIER' && type !== 'TEXT') {
    throw new BadUserInputError('IDENTIFIER columns must be of type TEXT', `${field}.type`);
  }
  const numeric = type === 'INTEGER' || type === 'FLOAT';
  let lowerBound: number | null = null;
  let upperBound: number | null = null;
  if (numeric) {
    lowerBound = requireBound(c.lowerBound, type, `${field}.lowerBound`);
    upperBound = requireBound(c.upperBound, type, `${field}.upperBound`);
    if (!(lowerBound < upperBound)) throw new BadUserInputError('lowerBound must be less than upperBound', `${field}.lowerBound`);
  } else {
    if (c.lowerBound != null) throw new BadUserInputError('only INTEGER and FLOAT columns have bounds', `${field}.lowerBound`);
    if (c.upperBound != null) throw new BadUserInputError('only INTEGER and FLOAT columns have bounds', `${field}.upperBound`);
  }
  let categories: string[] | null = null;
  if (type === 'CATEGORY') {
    categories = validateCategories(c.categories, `${field}.categories`);
  } else if (c.categories != null) {
    throw new BadUserInputError('only CATEGORY columns have categories', `${field}.categories`);
  }
  return { name: c.name, type, sensitivity, nullable: c.nullable ?? true, lowerBound, upperBound, categories };
}

function requireBound(value: number | null | undefined, type: ColumnType, field: string): number {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    throw new BadUserInputError(`${type} columns need a finite ${field.split('.').pop()}`, field);
  }
  // Stored as bigint: the clamped value must itself be an integer a double represents exactly.
  if (type === 'INTEGER' && !Number.isSafeInteger(value)) {
    throw new BadUserInputError('INTEGER bounds must be integers within ±(2^53 − 1)', field);
  }
  return value;
}

function validateCategories(categories: string[] | null | undefined, field: string): string[] {
  if (!categories || categories.length < 1 || categories.length > MAX_CATEGORIES) {
    throw new BadUserInputError(`CATEGORY columns need 1 to ${MAX_CATEGORIES} categories`, field);
  }
  const distinct = new Set<string>();
  for (const raw of categories) {
    const c = raw.trim();
    if (c.length < 1 || c.length > MAX_CATEGORY_LENGTH) {
      throw new BadUserInputError(`categories must be 1 to ${MAX_CATEGORY_LENGTH} characters, not blank`, field);
    }
    if (distinct.has(c)) throw new BadUserInputError(`category "${c}" is listed twice`, field);
    distinct.add(c);
  }
  return [...distinct];
}

/** PostgreSQL type of a column's physical storage; identifiers hold hex HMACs. */
export function physicalType(c: ColumnSpec): string {
  if (c.sensitivity === 'IDENTIFIER') return 'text';
  switch (c.type) {
    case 'INTEGER':
      return 'bigint';
    case 'FLOAT':
      return 'double precision';
    case 'BOOLEAN':
      return 'boolean';
    case 'DATE':
      return 'date';
    default:
      return 'text';
  }
}

/**
 * The one identifier quoting for every statement (DDL, ingest, compiled queries). Names reach it
 * only after SAFE_IDENTIFIER, or generated (ds_…, stg_…); the embedded quotes are doubled all the same,
 * so that no name can ever end the identifier.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function dataTableName(datasetId: string): string {
  return `ds_${datasetId.replace(/-/g, '').toLowerCase()}`;
}
