// A query in words, the same for this tab's history and the server's list of released answers,
// so an analyst can tell two runs apart by their filter values, not only by their columns.
import type { FilterOp } from '../api/types';

/** Each filter operator as people read it; the filter editor's menu shows the same words. */
export const OP_TEXT: Record<FilterOp, string> = {
  EQ: '=',
  NE: '≠',
  LT: '<',
  LE: '≤',
  GT: '>',
  GE: '≥',
  IN: 'in',
  IS_NULL: 'is empty',
  NOT_NULL: 'is not empty',
};

export interface FilterLike { column: string; op: string; value?: string | null; values?: string[] | null }

export function describeFilter(f: FilterLike): string {
  const op = OP_TEXT[f.op as FilterOp] ?? f.op;
  if (f.op === 'IS_NULL' || f.op === 'NOT_NULL') return `${f.column} ${op}`;
  if (f.op === 'IN') return `${f.column} in (${(f.values ?? []).join(', ')})`;
  // The server's normalized form keeps every operand in `values`, a single one included.
  return `${f.column} ${op} ${f.value ?? f.values?.[0] ?? ''}`;
}

/** A join in words: which of my datasets, under which alias, on which identifiers. */
export function describeJoin(join: { alias: string; on: string; otherOn: string } | null | undefined, datasetName?: string): string {
  if (!join) return '';
  return ` joined with ${datasetName ?? 'my dataset'} as ${join.alias} on ${join.on} = ${join.alias}.${join.otherOn}`;
}

export function describeWhere(filters: FilterLike[] | null | undefined): string {
  return filters?.length ? ` where ${filters.map(describeFilter).join(' and ')}` : '';
}
