import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Contribution bounding fixed at ingest. Every row of a dataset with a privacy unit carries its rank
 * within its unit: 1, 2, … in an order drawn at random when the row is loaded. A query keeps a
 * unit's rows with rank ≤ m — an indexed-cost filter instead of a per-query window sort over the
 * whole table. The rank of a row depends only on the rows of its own unit (and on randomness no
 * caller sees), which is what the privacy argument needs: see docs/privacy-mechanisms.md,
 * "Contribution bounding fixed at ingest".
 *
 * The name starts with an underscore, which no dataset column may (SAFE_IDENTIFIER): it can never
 * collide with a column of the owner's schema, and nothing but the compiled query reads it.
 */
export const UNIT_RANK_COLUMN = '_unit_rank';
export const UNIT_RANK_SQL = `"${UNIT_RANK_COLUMN}"`;

/** The column definition added to the data table of every dataset with a privacy unit. */
export const UNIT_RANK_DDL = `${UNIT_RANK_SQL} integer`;

/**
 * A random 63-bit seed for the order of one load, as PostgreSQL bigint text: from node:crypto,
 * used once and never stored, so no one can recompute which rows of a unit came first.
 */
export function rankSeed(): string {
  return (randomBytes(8).readBigUInt64BE() >> 1n).toString();
}

/**
 * The SELECT that turns a load's staged rows into the rows to store: exact duplicates removed and,
 * with a privacy unit, each row's rank within its unit among this load's rows (1..n), in one sort.
 * The new rows of a unit are ordered by a seeded hash of their content (`$1`: rankSeed()): under a
 * fresh seed a uniformly random order, and since duplicates are gone no two rows of a unit hash the
 * same input. Equal rows have equal hashes (hash_record_extended hashes each column with its type's
 * hash function, which agrees with the type's equality): sorting by (unit, hash, every column) puts
 * them side by side, so one sort serves the duplicate removal and the window. `columns` are the quoted column names, `distinct`
 * the expressions they are compared by (text byte-wise: `"x" COLLATE "C" AS "x"`), `unit` the
 * quoted unit column (null: no rank). The rank comes last, as `_unit_rank`.
 */
export function rankedDistinctSql(source: string, columns: string[], distinct: string[], unit: string | null): string {
  if (!unit) return `SELECT DISTINCT ${distinct.join(', ')} FROM ${source}`;
  // The alias starts with an underscore, which no dataset column may: it cannot collide.
  const inner = `SELECT DISTINCT ${distinct.join(', ')}, hash_record_extended(ROW(${columns.join(', ')}), $1::bigint) AS "_h" FROM ${source} ORDER BY ${unit}, "_h"`;
  return `SELECT ${columns.join(', ')}, (ROW_NUMBER() OVER (PARTITION BY ${unit} ORDER BY "_h"))::integer AS ${UNIT_RANK_SQL} FROM (${inner}) "_d"`;
}

/**
 * Appends the rows of `source` (ranked within their load by rankedDistinctSql) to `target`,
 * numbered after the rows each unit already has there, so ranks stay 1..n per unit however many
 * appends came before. One statement, in the transaction that holds the dataset's lock: the ranks
 * are written with the rows, never updated after. `target` and `source` are qualified, quoted table
 * names; `columns` is the quoted column list and `unit` the quoted unit column.
 */
export async function appendRanked(m: EntityManager, target: string, source: string, columns: string[], unit: string): Promise<void> {
  const list = columns.join(', ');
  const fromSource = columns.map((c) => `s.${c}`).join(', ');
  // The earlier ranks of the units this load touches only: the other units' rows are not aggregated.
  const earlier =
    `LEFT JOIN (SELECT t.${unit} AS unit, max(t.${UNIT_RANK_SQL}) AS n FROM ${target} t ` +
    `WHERE t.${unit} IN (SELECT DISTINCT ${unit} FROM ${source}) GROUP BY t.${unit}) e ON e.unit = s.${unit}`;
  await m.query(
    `INSERT INTO ${target} (${list}, ${UNIT_RANK_SQL}) SELECT ${fromSource}, (COALESCE(e.n, 0) + s.${UNIT_RANK_SQL})::integer FROM ${source} s ${earlier}`,
  );
}
