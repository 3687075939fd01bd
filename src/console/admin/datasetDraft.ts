// The create-dataset form's state and its translation into CreateDatasetInput.
import type { ColumnType, Sensitivity } from '../api/types';

export interface ColumnDraft {
  name: string;
  type: ColumnType;
  sensitivity: Sensitivity;
  nullable: boolean;
  lowerBound: string;
  upperBound: string;
  categories: string;
}

export interface DatasetDraft {
  name: string;
  description: string;
  columns: ColumnDraft[];
  privacyUnitColumn: string;
  maxRowsPerUnit: string;
}

export interface ColumnInput {
  name: string;
  type: ColumnType;
  sensitivity: Sensitivity;
  nullable: boolean;
  lowerBound?: number;
  upperBound?: number;
  categories?: string[];
}

export interface CreateDatasetInput {
  name: string;
  description?: string;
  columns: ColumnInput[];
  privacyUnitColumn?: string;
  maxRowsPerUnit: number;
}

export const emptyColumn = (): ColumnDraft => ({
  name: '',
  type: 'INTEGER',
  sensitivity: 'SENSITIVE',
  nullable: true,
  lowerBound: '',
  upperBound: '',
  categories: '',
});

export const emptyDataset = (): DatasetDraft => ({
  name: '',
  description: '',
  columns: [emptyColumn()],
  privacyUnitColumn: '',
  maxRowsPerUnit: '1',
});

const isNumericType = (type: ColumnType) => type === 'INTEGER' || type === 'FLOAT';

export function splitCategories(text: string): string[] {
  return text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
}

function columnInput(c: ColumnDraft, problems: string[]): ColumnInput {
  const name = c.name.trim();
  const input: ColumnInput = { name, type: c.type, sensitivity: c.sensitivity, nullable: c.nullable };
  if (isNumericType(c.type)) {
    const lower = c.lowerBound.trim() === '' ? undefined : Number(c.lowerBound);
    const upper = c.upperBound.trim() === '' ? undefined : Number(c.upperBound);
    if ([lower, upper].some((b) => b !== undefined && !Number.isFinite(b))) problems.push(`Column ${name}: bounds must be numbers.`);
    else if (lower !== undefined && upper !== undefined && lower > upper) problems.push(`Column ${name}: the lower bound is above the upper bound.`);
    if (lower !== undefined) input.lowerBound = lower;
    if (upper !== undefined) input.upperBound = upper;
  }
  if (c.type === 'CATEGORY') {
    const categories = splitCategories(c.categories);
    if (categories.length === 0) problems.push(`Column ${name}: list its categories.`);
    if (new Set(categories).size !== categories.length) problems.push(`Column ${name}: categories repeat.`);
    input.categories = categories;
  }
  return input;
}

export function buildDatasetInput(draft: DatasetDraft): { input: CreateDatasetInput; problems: string[] } {
  const problems: string[] = [];
  if (!draft.name.trim()) problems.push('Give the dataset a name.');
  if (draft.columns.length === 0) problems.push('Add at least one column.');
  const names = draft.columns.map((c) => c.name.trim());
  if (names.some((n) => !n)) problems.push('Every column needs a name.');
  const duplicates = names.filter((n, i) => n && names.indexOf(n) !== i);
  if (duplicates.length) problems.push(`Column names repeat: ${[...new Set(duplicates)].join(', ')}.`);
  const columns = draft.columns.map((c) => columnInput(c, problems));
  const unit = draft.privacyUnitColumn.trim();
  if (unit && !names.includes(unit)) problems.push('The privacy unit column must be one of the columns.');
  const maxRows = Number(draft.maxRowsPerUnit);
  if (!Number.isInteger(maxRows) || maxRows < 1) problems.push('Max rows per person must be a whole number of at least 1.');
  const input: CreateDatasetInput = { name: draft.name.trim(), columns, maxRowsPerUnit: maxRows };
  if (draft.description.trim()) input.description = draft.description.trim();
  if (unit) input.privacyUnitColumn = unit;
  return { input, problems };
}
