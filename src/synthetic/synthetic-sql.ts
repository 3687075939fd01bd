import { quoteIdent } from '../datasets/dataset-definition';
import type { ColumnDomain } from './synthetic-domain';

export interface CompiledCellCount {
  sql: string;
  params: unknown[];
}

/**
 * One statement that bins every chosen column to its cell and counts the kept rows per
 * combination of cells. Contribution bounding is the private queries' (sql-compiler.ts): with a
 * privacy unit column each unit keeps at most m rows, chosen by a seeded hash of the row's ctid;
 * rows without a unit are never read. Cells come from the schema's bounds and categories only;
 * every value is a bind parameter and every identifier is quoted.
 */
export function compileCellCounts(
  tableName: string,
  domains: readonly ColumnDomain[],
  unitColumn: string | null,
  contributionBound: number,
  seed: string,
): CompiledCellCount {
  const params: unknown[] = [];
  const bind = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const cells = domains.map((d, i) => `${cellSql(d, bind)} AS c${i}`);
  const table = `parley_data.${quoteIdent(tableName)}`;
  const kept = unitColumn
    ? `SELECT ${cells.join(', ')} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${quoteIdent(unitColumn)} ` +
      `ORDER BY hashtextextended(ctid::text, ${bind(seed, 'bigint')})) AS rn FROM ${table} WHERE ${quoteIdent(unitColumn)} IS NOT NULL) r ` +
      `WHERE r.rn <= ${bind(contributionBound, 'integer')}`
    : `SELECT ${cells.join(', ')} FROM ${table}`;
  const keys = domains.map((_, i) => `c${i}`).join(', ');
  return { sql: `SELECT ${keys}, count(*)::int AS n FROM (${kept}) kept GROUP BY ${keys}`, params };
}

function cellSql(d: ColumnDomain, bind: (value: unknown, type: string) => string): string {
  const col = quoteIdent(d.name);
  // NULL is the last cell; a non-nullable column holds none (the schema rejects them at ingest).
  const onNull = String(d.nullable ? d.size - 1 : 0);
  switch (d.kind) {
    case 'CATEGORY':
      return `COALESCE(array_position(${bind(d.categories, 'text[]')}, ${col}) - 1, ${onNull})`;
    case 'BOOLEAN':
      return `CASE WHEN ${col} IS TRUE THEN 1 WHEN ${col} IS FALSE THEN 0 ELSE ${onNull} END`;
    default: {
      const bins = bind(d.bins, 'integer');
      if (d.exact) {
        const lower = bind(Math.ceil(d.lower), 'bigint');
        return `COALESCE(LEAST(GREATEST(${col} - ${lower}, 0), ${bins} - 1)::int, ${onNull})`;
      }
      const lower = bind(d.lower, 'double precision');
      const upper = bind(d.upper, 'double precision');
      return `COALESCE(LEAST(GREATEST(width_bucket(${col}::double precision, ${lower}, ${upper}, ${bins}), 1), ${bins}) - 1, ${onNull})`;
    }
  }
}
