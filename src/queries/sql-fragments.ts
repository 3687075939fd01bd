import type { ColumnSpec, ColumnType } from '../datasets/column-spec';
import { quoteIdent } from '../datasets/dataset-definition';
import { FilterOp } from './filter-op';
import type { NormalizedFilter } from './query-model';

/* SQL pieces shared by the single-table compiler (sql-compiler.ts) and the join path (join-sql.ts). */

export const PARAM_TYPE: Record<ColumnType, string> = {
  INTEGER: 'bigint',
  FLOAT: 'double precision',
  BOOLEAN: 'boolean',
  CATEGORY: 'text',
  TEXT: 'text',
  DATE: 'date',
};

const COMPARISON: Partial<Record<FilterOp, string>> = {
  [FilterOp.EQ]: '=',
  [FilterOp.NE]: '<>',
  [FilterOp.LT]: '<',
  [FilterOp.LE]: '<=',
  [FilterOp.GT]: '>',
  [FilterOp.GE]: '>=',
};

/**
 * Group keys travel as text: BOOLEAN as 'true'/'false', DATE as YYYY-MM-DD whatever the DateStyle.
 * `col` is the column's SQL reference (table-qualified in a join).
 */
export function keyText(c: ColumnSpec, col = quoteIdent(c.name)): string {
  if (c.type === 'DATE') return `to_char(${col}, 'YYYY-MM-DD')`;
  return c.type === 'TEXT' || c.type === 'CATEGORY' ? col : `${col}::text`;
}

export function filterSql(f: NormalizedFilter, c: ColumnSpec, bind: (v: unknown, type: string) => string, col = quoteIdent(c.name)): string {
  const type = PARAM_TYPE[c.type];
  if (f.op === FilterOp.IS_NULL) return `${col} IS NULL`;
  if (f.op === FilterOp.NOT_NULL) return `${col} IS NOT NULL`;
  if (f.op === FilterOp.IN) return `${col} = ANY(${bind(f.values, `${type}[]`)})`;
  return `${col} ${COMPARISON[f.op]!} ${bind(f.values[0], type)}`;
}
