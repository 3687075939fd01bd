// The query builder's editable state, and its translation into AggregateQueryInput.
// Checks here mirror the server's so most mistakes show before any request; the server still decides.
import type { AggregateQueryInput, AggregationInput, FilterInput } from '../api/queryTypes';
import type { AggregateFunction, Dataset, DatasetColumn, FilterOp, SharingAgreement } from '../api/types';
import { isJoinedName, joinedColumns, joinInput, type JoinDraft } from './joinState';

export const MIN_EPSILON = 0.001;

export interface AggregationDraft { fn: AggregateFunction; column: string; quantile: string; bins: string }
export interface FilterDraft { column: string; op: FilterOp; value: string }

export interface BuilderState {
  aggregations: AggregationDraft[];
  groupBy: string[];
  filters: FilterDraft[];
  epsilon: number;
  /** A clean-room join with one of the analyst's own datasets; null: none. */
  join: JoinDraft | null;
}

export const NEEDS_COLUMN: AggregateFunction[] = ['SUM', 'MEAN', 'QUANTILE', 'HISTOGRAM'];

export function isNumeric(column: DatasetColumn | undefined): boolean {
  return column?.type === 'INTEGER' || column?.type === 'FLOAT';
}

/** The agreement's columns with their dataset definitions, IDENTIFIER columns included (they can be filtered on). */
export function agreementColumns(agreement: SharingAgreement): DatasetColumn[] {
  const byName = new Map((agreement.dataset?.columns ?? []).map((c) => [c.name, c]));
  const unknown = (name: string): DatasetColumn => ({
    name,
    type: 'TEXT',
    sensitivity: 'SENSITIVE',
    nullable: true,
    lowerBound: null,
    upperBound: null,
    categories: null,
  });
  return agreement.columns.map((name) => byName.get(name) ?? unknown(name));
}

/** Columns an aggregation function may take. */
export function columnsFor(fn: AggregateFunction, columns: DatasetColumn[]): DatasetColumn[] {
  if (fn === 'HISTOGRAM') return columns.filter((c) => isNumeric(c) || c.type === 'CATEGORY' || c.type === 'BOOLEAN');
  if (NEEDS_COLUMN.includes(fn)) return columns.filter(isNumeric);
  return [];
}

/** Columns that may appear in the group-by list at all (an IDENTIFIER never does). */
export function groupByCandidates(agreement: SharingAgreement): DatasetColumn[] {
  return agreementColumns(agreement).filter((c) => c.sensitivity !== 'IDENTIFIER');
}

/**
 * Why the server would refuse to group on this column, in words, or null when it may be grouped
 * on. Mirrors the server: FLOAT never; a column whose values are not known in advance (anything but
 * BOOLEAN or a CATEGORY with declared categories) only when the agreement's δ is above 0, because
 * its groups must then be found from the data by differentially-private partition selection.
 */
export function groupByRefusal(column: DatasetColumn, agreement: SharingAgreement): string | null {
  if (column.type === 'FLOAT') return 'FLOAT columns cannot be grouped on; use HISTOGRAM bins instead.';
  // A joined column is the analyst's own: its keys are the values its dataset holds.
  if (isJoinedName(column.name)) return null;
  const publicDomain = column.type === 'BOOLEAN' || (column.type === 'CATEGORY' && column.categories !== null);
  if (publicDomain || agreement.delta > 0) return null;
  return `its values are not known in advance, so its groups would have to be found from the data, which needs δ > 0; this agreement's δ is 0.`;
}

export function groupableColumns(agreement: SharingAgreement): DatasetColumn[] {
  return groupByCandidates(agreement).filter((c) => groupByRefusal(c, agreement) === null);
}

export function initialState(agreement: SharingAgreement): BuilderState {
  const fn = agreement.allowedAggregations.includes('COUNT') ? 'COUNT' : agreement.allowedAggregations[0] ?? 'COUNT';
  const column = columnsFor(fn, agreementColumns(agreement))[0]?.name ?? '';
  return {
    aggregations: [{ fn, column, quantile: '0.5', bins: '' }],
    groupBy: [],
    filters: [],
    epsilon: Math.min(0.5, agreement.epsilonPerQueryMax),
    join: null,
  };
}

export function parseBins(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map(Number);
}

function aggregationInput(draft: AggregationDraft, columns: DatasetColumn[], problems: string[]): AggregationInput {
  if (!NEEDS_COLUMN.includes(draft.fn)) return { function: draft.fn };
  const column = columns.find((c) => c.name === draft.column);
  if (!column) problems.push(`${draft.fn}: choose a column.`);
  const input: AggregationInput = { function: draft.fn, column: draft.column };
  if (draft.fn === 'QUANTILE') {
    const q = Number(draft.quantile);
    if (!(q > 0 && q < 1)) problems.push('QUANTILE: the quantile must be between 0 and 1, e.g. 0.5 for the median.');
    input.quantile = q;
  }
  if (draft.fn === 'HISTOGRAM' && isNumeric(column)) {
    const bins = parseBins(draft.bins);
    const ascending = bins.every((b, i) => Number.isFinite(b) && (i === 0 || b > bins[i - 1]!));
    if (bins.length < 2 || !ascending) problems.push(`HISTOGRAM(${draft.column}): give at least two ascending bin edges, e.g. 0, 10, 20.`);
    input.bins = bins;
  }
  return input;
}

function filterInput(draft: FilterDraft, problems: string[]): FilterInput {
  if (!draft.column) problems.push('Filter: choose a column.');
  if (draft.op === 'IS_NULL' || draft.op === 'NOT_NULL') return { column: draft.column, op: draft.op };
  if (draft.op === 'IN') {
    const values = draft.value.split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) problems.push(`Filter on ${draft.column || '…'}: IN needs at least one value (comma-separated).`);
    return { column: draft.column, op: 'IN', values };
  }
  if (draft.value.trim() === '') problems.push(`Filter on ${draft.column || '…'}: enter a value.`);
  return { column: draft.column, op: draft.op, value: draft.value.trim() };
}

/** The columns a query may name: the agreement's, and the joined dataset's as alias.column. */
export function queryColumns(agreement: SharingAgreement, state: BuilderState, own: Dataset[]): DatasetColumn[] {
  return [...agreementColumns(agreement), ...joinedColumns(state.join, own)];
}

export function buildQuery(agreement: SharingAgreement, state: BuilderState, own: Dataset[] = []): { input: AggregateQueryInput; problems: string[] } {
  const problems: string[] = [];
  const columns = queryColumns(agreement, state, own);
  if (state.aggregations.length === 0) problems.push('Add at least one aggregation.');
  const aggregations = state.aggregations.map((a) => aggregationInput(a, columns, problems));
  const filters = state.filters.map((f) => filterInput(f, problems));
  const { epsilon } = state;
  if (!(Number.isFinite(epsilon) && epsilon >= MIN_EPSILON && epsilon <= agreement.epsilonPerQueryMax)) {
    problems.push(`ε must be between ${MIN_EPSILON} and ${agreement.epsilonPerQueryMax}.`);
  }
  const input: AggregateQueryInput = { agreementId: agreement.id, aggregations, epsilon };
  if (state.groupBy.length) input.groupBy = state.groupBy;
  if (filters.length) input.filters = filters;
  if (state.join) {
    input.join = joinInput(state.join, problems);
    const byName = new Map(columns.map((c) => [c.name, c]));
    const selecting = state.groupBy.some((n) => {
      const c = byName.get(n);
      return !!c && !isJoinedName(n) && !(c.type === 'BOOLEAN' || (c.type === 'CATEGORY' && c.categories !== null));
    });
    if (selecting && state.groupBy.some(isJoinedName)) {
      problems.push('Group by: a column of your dataset cannot be combined with a shared column whose groups are found by partition selection.');
    }
  }
  return { input, problems };
}

export function aggregationLabel(a: { function: AggregateFunction; column?: string | null; quantile?: number | null }): string {
  if (!a.column) return `${a.function}(*)`;
  return a.function === 'QUANTILE' && a.quantile != null ? `QUANTILE(${a.column}, ${a.quantile})` : `${a.function}(${a.column})`;
}
