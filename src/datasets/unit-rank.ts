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
 * Copies the rows of `source` into `target` with their ranks. The new rows of a unit are ordered by
 * a seeded hash of their position in `source` (a uniformly random order under a fresh seed) and
 * ranked after the rows the unit already has in `target`, so ranks stay 1..n per unit however many
 * appends came before. One statement: the ranks are written with the rows, never updated after.
 * `target` and `source` are qualified, quoted table names; `columns` is the quoted column list and
 * `unit` the quoted unit column.
 */
export async function insertRanked(
  m: EntityManager,
  target: string,
  source: string,
  columns: string[],
  unit: string,
  /** True only when `target` was emptied in this transaction (REPLACE): no earlier ranks to follow. */
  targetEmptied: boolean,
): Promise<void> {
  const list = columns.join(', ');
  const fromSource = columns.map((c) => `s.${c}`).join(', ');
  const rank = `ROW_NUMBER() OVER (PARTITION BY s.${unit} ORDER BY hashtextextended(s.ctid::text, $1::bigint))`;
  // The earlier ranks of the units this load touches only: the other units' rows are not aggregated.
  const earlier =
    `LEFT JOIN (SELECT t.${unit} AS unit, max(t.${UNIT_RANK_SQL}) AS n FROM ${target} t ` +
    `WHERE t.${unit} IN (SELECT DISTINCT ${unit} FROM ${source}) GROUP BY t.${unit}) e ON e.unit = s.${unit}`;
  await m.query(
    targetEmptied
      ? `INSERT INTO ${target} (${list}, ${UNIT_RANK_SQL}) SELECT ${fromSource}, (${rank})::integer FROM ${source} s`
      : `INSERT INTO ${target} (${list}, ${UNIT_RANK_SQL}) SELECT ${fromSource}, (COALESCE(e.n, 0) + ${rank})::integer FROM ${source} s ${earlier}`,
    [rankSeed()],
  );
}
