import { quoteIdent } from '../datasets/dataset-definition';
import { filterSql, keyText } from './sql-fragments';
import { joinedColumnName } from './join-validator';
import type { ValidatedQuery } from './query-model';

/**
 * The `kept` rows of a clean-room join: the shared dataset `s` inner-joined to the caller's own
 * dataset `j` on equal pseudonyms, filtered, then bounded — AFTER the join — to at most m joined
 * rows per privacy unit of the shared dataset (per shared row when it has no unit column, m = 1).
 * Bounding after the join is what keeps one person's weight at m however many rows of the
 * partner's table carry the same identifier: a duplicate on the partner's side adds joined rows to
 * that unit's partition, never a second partition. The choice among a unit's joined rows is, as
 * for a single table, a seeded hash of the rows' own ctids: it looks at nothing but that unit's
 * rows (and the partner's own table, which is fixed), so adding a person changes no one else's.
 * Same output columns as the single-table path (k…, c…, u, rn), so the aggregations are shared.
 */
export function joinedKeptSql(
  q: ValidatedQuery,
  used: readonly string[],
  colAlias: ReadonlyMap<string, string>,
  seed: string,
  bind: (value: unknown, type: string) => string,
): string {
  const join = q.join!;
  const ref = (name: string) => {
    const joined = joinedColumnName(name, join.alias);
    return joined === null ? `s.${quoteIdent(name)}` : `j.${quoteIdent(joined)}`;
  };
  const spec = (name: string) => q.columns.get(name)!;
  const unit = q.unitColumn ? `s.${quoteIdent(q.unitColumn)}` : null;
  const selectList = [
    ...q.normalized.groupBy.map((name, i) => `${keyText(spec(name), ref(name))} AS k${i}`),
    ...used.map((name) => `${ref(name)} AS ${colAlias.get(name)}`),
    ...(unit ? [`${unit} AS u`] : []),
  ];
  // A shared row without a privacy unit belongs to no one: never read (as for a single table).
  const where = [...(unit ? [`${unit} IS NOT NULL`] : []), ...q.normalized.filters.map((f) => filterSql(f, spec(f.column), bind, ref(f.column)))];
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const from =
    `parley_data.${quoteIdent(q.tableName)} s JOIN parley_data.${quoteIdent(join.tableName)} j ` +
    `ON j.${quoteIdent(join.otherOn)} = s.${quoteIdent(join.on)}`;
  const rank = `ROW_NUMBER() OVER (PARTITION BY ${unit ?? 's.ctid'} ORDER BY hashtextextended(s.ctid::text || '/' || j.ctid::text, ${bind(seed, 'bigint')})) AS rn`;
  return `SELECT * FROM (SELECT ${[...selectList, rank].join(', ')} FROM ${from}${whereSql}) r WHERE r.rn <= ${bind(q.contributionBound, 'integer')}`;
}
