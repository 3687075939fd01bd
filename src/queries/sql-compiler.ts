import { AggregateFunction } from '../agreements/aggregate-function';
import { isNumeric, type ColumnSpec } from '../datasets/column-spec';
import { quoteIdent } from '../datasets/dataset-definition';
import { joinedKeptSql } from './join-sql';
import { filterSql, keyText } from './sql-fragments';
import { UNIT_RANK_SQL } from '../datasets/unit-rank';
import { QUANTILE_BUCKETS, integerValued } from './noise-planner';
import type { NormalizedFilter, ValidatedQuery } from './query-model';

export interface CompiledQuery {
  sql: string;
  params: unknown[];
  /** Number of group key columns (k0, k1, …) at the front of every row. */
  keyCount: number;
}

/**
 * Compiles a validated query into ONE parameterized statement. Identifiers come only from the
 * dataset's schema and are always quoted; every value (filter operands, bounds, bins, categories,
 * the contribution bound and the ordering seed) is a bind parameter.
 *
 * Contribution bounding: with a privacy unit column, each unit keeps at most m rows. Data tables
 * carry each row's rank within its unit, drawn at random at ingest (datasets/unit-rank.ts), and
 * the statement keeps `rank <= m` — a filter on the scan, no sort (`boundByRank`). A table without
 * ranks (`unitRanked` false) falls back to ranking at query time (`boundByWindow`). Both choices
 * look at nothing but the unit's own rows, which is all the privacy guarantee needs; see
 * docs/privacy-mechanisms.md. Without a unit column each row is one person (m = 1).
 * Every numeric value is clamped to the column's bounds with LEAST/GREATEST, although ingest
 * already clamps: bounds may be amended after data were loaded.
 */
export function compileQuery(q: ValidatedQuery, seed: string): CompiledQuery {
  const params: unknown[] = [];
  const bind = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const ident = (name: string) => quoteIdent(name);
  const spec = (name: string) => q.columns.get(name)!;

  const keys = q.normalized.groupBy.map((name, i) => `${keyText(spec(name))} AS k${i}`);
  const keyNames = q.normalized.groupBy.map((_, i) => `k${i}`);
  const used = [...new Set(q.normalized.aggregations.flatMap((a) => (a.column ? [a.column] : [])))];
  const colAlias = new Map(used.map((name, i) => [name, `c${i}`]));
  const selectList = [...keys, ...used.map((name) => `${ident(name)} AS ${colAlias.get(name)}`)];
  if (q.unitColumn) selectList.push(`${ident(q.unitColumn)} AS u`);

  // A row without a privacy unit belongs to no one and cannot be bounded per person: never read.
  // (The unit column is NOT NULL for every dataset created or migrated since; this covers rows
  // stored before that.)
  const unitKnown = q.unitColumn ? [`${ident(q.unitColumn)} IS NOT NULL`] : [];
  // A join reads its rows in its own part (join-sql.ts); nothing of the single-table path is bound then.
  const where = q.join ? [] : [...unitKnown, ...q.normalized.filters.map((f) => filterSql(f, spec(f.column), bind))];
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const table = `parley_data.${ident(q.tableName)}`;
  // A join bounds after the join (join-sql.ts); a single table by the rank fixed at ingest when its
  // rows carry one, else by ranking at query time.
  const kept = q.join
    ? joinedKeptSql(q, used, colAlias, seed, bind)
    : !q.unitColumn
      ? `SELECT ${selectList.length ? selectList.join(', ') : '1 AS one'} FROM ${table}${whereSql}`
      : q.unitRanked
        ? boundByRank(selectList, table, where, q.contributionBound, bind)
        : boundByWindow(selectList, table, whereSql, ident(q.unitColumn), q.contributionBound, seed, bind);

  const clampDouble = (name: string) => {
    const c = spec(name);
    return `LEAST(GREATEST(${colAlias.get(name)}::double precision, ${bind(c.lowerBound, 'double precision')}), ${bind(c.upperBound, 'double precision')})`;
  };
  // Sums are exact and order-independent: a floating-point running sum depends on row order and
  // can move by more than the sensitivity between neighbouring datasets (Casacuberta et al. 2022).
  // bigint sums are numeric in PostgreSQL; doubles are summed as numeric for the same reason.
  const clampForSum = (name: string) => {
    const c = spec(name);
    if (!integerValued(c)) return `${clampDouble(name)}::numeric`;
    return `LEAST(GREATEST(${colAlias.get(name)}, ${bind(c.lowerBound, 'bigint')}), ${bind(c.upperBound, 'bigint')})`;
  };

  // MEAN sums x − (L + U)/2 so that one value moves the sum by at most (U − L)/2 (mean.ts). The
  // midpoint is exact in numeric, and is built from the bounds converted exactly as the clamped
  // values are, so a value at a bound is exactly (U − L)/2 away from it.
  // Σ (x − mid) is computed as Σ x − n · mid: the same number exactly (numeric arithmetic is exact),
  // without a numeric subtraction per row, which cost as much as the rest of the statement.
  const centredSumForMean = (name: string) => {
    const c = spec(name);
    const type = integerValued(c) ? 'bigint' : 'double precision';
    const midpoint = `((${bind(c.lowerBound, type)}::numeric + ${bind(c.upperBound, type)}::numeric) / 2)`;
    return `(sum(${clampForSum(name)})::numeric - count(${colAlias.get(name)})::numeric * ${midpoint})`;
  };

  const outputs: string[] = [];
  const quantileCtes: string[] = [];
  const joins: string[] = [];
  q.normalized.aggregations.forEach((a, i) => {
    switch (a.function) {
      case AggregateFunction.COUNT:
        outputs.push(`count(*) AS a${i}`);
        break;
      case AggregateFunction.COUNT_DISTINCT_UNITS:
        outputs.push(q.unitColumn ? `count(DISTINCT u) AS a${i}` : `count(*) AS a${i}`);
        break;
      case AggregateFunction.SUM:
        outputs.push(`sum(${clampForSum(a.column!)}) AS a${i}`);
        break;
      case AggregateFunction.MEAN:
        outputs.push(`${centredSumForMean(a.column!)} AS a${i}_s`, `count(${colAlias.get(a.column!)}) AS a${i}_n`);
        break;
      case AggregateFunction.HISTOGRAM:
        histogramConditions(spec(a.column!), a.bins, colAlias.get(a.column!)!, bind).forEach((cond, j) =>
          outputs.push(`count(*) FILTER (WHERE ${cond}) AS a${i}_b${j}`),
        );
        break;
      case AggregateFunction.QUANTILE: {
        const c = spec(a.column!);
        const bucket =
          `LEAST(GREATEST(width_bucket(${clampDouble(a.column!)}, ${bind(c.lowerBound, 'double precision')}, ` +
          `${bind(c.upperBound, 'double precision')}, ${bind(QUANTILE_BUCKETS, 'integer')}), 1), ${bind(QUANTILE_BUCKETS, 'integer')})`;
        const inner = `SELECT ${[...keyNames, `${bucket} AS b`, 'count(*) AS n'].join(', ')} FROM kept WHERE ${colAlias.get(a.column!)} IS NOT NULL GROUP BY ${[...keyNames, 'b'].join(', ')}`;
        quantileCtes.push(`q${i} AS (SELECT ${[...keyNames, 'json_object_agg(b, n) AS buckets'].join(', ')} FROM (${inner}) s${keyNames.length ? ` GROUP BY ${keyNames.join(', ')}` : ''})`);
        const on = keyNames.length ? keyNames.map((k) => `m.${k} IS NOT DISTINCT FROM q${i}.${k}`).join(' AND ') : 'TRUE';
        joins.push(`LEFT JOIN q${i} ON ${on}`);
        outputs.push(`__q${i}`);
        break;
      }
    }
  });
  if (q.groupKeys.kind === 'selected') outputs.push(q.unitColumn ? 'count(DISTINCT u) AS pu' : 'count(*) AS pu');

  const mainOutputs = outputs.filter((o) => !o.startsWith('__'));
  const groupBy = keyNames.length ? ` GROUP BY ${keyNames.join(', ')}` : '';
  const main = `SELECT ${[...keyNames, ...mainOutputs].join(', ')} FROM kept${groupBy}`;
  const quantileOutputs = q.normalized.aggregations.flatMap((a, i) => (a.function === AggregateFunction.QUANTILE ? [`q${i}.buckets AS a${i}`] : []));
  const ctes = [`kept AS (${kept})`, `main AS (${main})`, ...quantileCtes];
  const sql = `WITH ${ctes.join(', ')} SELECT ${['m.*', ...quantileOutputs].join(', ')} FROM main m ${joins.join(' ')}`.trim();
  return { sql, params, keyCount: keyNames.length };
}

type Bind = (value: unknown, type: string) => string;

/**
 * The fast path: the rank fixed at ingest bounds each unit to its first m rows in a random order
 * drawn once per load, before the filters (a unit keeps at most m rows whatever a query filters).
 * A NULL rank (never written by ingest) is not ≤ m: such a row is never read.
 */
function boundByRank(selectList: string[], table: string, where: string[], m: number, bind: Bind): string {
  const conditions = [`${UNIT_RANK_SQL} <= ${bind(m, 'integer')}`, ...where];
  return `SELECT ${selectList.join(', ')} FROM ${table} WHERE ${conditions.join(' AND ')}`;
}

/**
 * Ranking at query time, for rows that carry no ingest rank (a joined relation, say): each unit
 * keeps at most m of the rows that pass the filters, ranked by ROW_NUMBER() within the unit in the
 * order of a seeded hash of the row's ctid. The seed — 63 random bits drawn per query from
 * node:crypto, never stored or shown — makes the choice unbiased and unpredictable, so a caller
 * cannot steer which rows count; unlike random() it does not depend on the server's PRNG state.
 */
function boundByWindow(selectList: string[], table: string, whereSql: string, unit: string, m: number, seed: string, bind: Bind): string {
  return (
    `SELECT * FROM (SELECT ${selectList.join(', ')}, ROW_NUMBER() OVER (PARTITION BY ${unit} ` +
    `ORDER BY hashtextextended(ctid::text, ${bind(seed, 'bigint')})) AS rn FROM ${table}${whereSql}) r WHERE r.rn <= ${bind(m, 'integer')}`
  );
}

function histogramConditions(c: ColumnSpec, bins: number[] | null, alias: string, bind: (v: unknown, type: string) => string): string[] {
  if (isNumeric(c)) {
    const edges = bins!;
    return edges.slice(1).map((upper, j) => {
      const last = j === edges.length - 2;
      return `${alias} >= ${bind(edges[j], 'double precision')} AND ${alias} ${last ? '<=' : '<'} ${bind(upper, 'double precision')}`;
    });
  }
  if (c.type === 'BOOLEAN') return [`${alias} IS TRUE`, `${alias} IS FALSE`];
  return (c.categories ?? []).map((category) => `${alias} = ${bind(category, 'text')}`);
}
