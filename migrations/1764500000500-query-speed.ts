import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const DATA_SCHEMA = 'parley_data';
const RANK = '"_unit_rank"';

/** Live datasets with a privacy unit whose data table exists. */
async function rankedTables(q: QueryRunner): Promise<{ table: string; unit: string }[]> {
  const rows: { table_name: string; privacy_unit_column: string }[] = await q.query(
    `SELECT d.table_name, d.privacy_unit_column FROM datasets d
      WHERE d.privacy_unit_column IS NOT NULL AND d.deleted_at IS NULL
        AND to_regclass(quote_ident($1) || '.' || quote_ident(d.table_name)) IS NOT NULL`,
    [DATA_SCHEMA],
  );
  return rows.map((r) => ({ table: `${DATA_SCHEMA}."${r.table_name.replace(/"/g, '""')}"`, unit: `"${r.privacy_unit_column.replace(/"/g, '""')}"` }));
}

/**
 * Query speed.
 *
 * - Contribution bounding moves from query time to ingest (src/datasets/unit-rank.ts): every data
 *   table of a dataset with a privacy unit gets the `_unit_rank` column, and the rows already stored
 *   are ranked once, in a random order within each unit. Safe to run again: the column is added only
 *   where it is missing, and only tables with unranked rows are ranked.
 * - `query_reserve`: the start of a private query's transaction in one round trip (see
 *   BudgetAccountant.reserveForQuery).
 */
export class QuerySpeed1764500000500 implements MigrationInterface {
  name = 'QuerySpeed1764500000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(QUERY_RESERVE);
    for (const { table, unit } of await rankedTables(q)) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${RANK} integer`);
      const unranked: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${RANK} IS NULL`);
      if (unranked[0]!.n === 0) continue;
      // A seed from node:crypto, used once and never stored: the order within a unit is uniformly random.
      const seed = (randomBytes(8).readBigUInt64BE() >> 1n).toString();
      await q.query(
        `UPDATE ${table} t SET ${RANK} = r.rn
           FROM (SELECT ctid AS row_id, ROW_NUMBER() OVER (PARTITION BY ${unit} ORDER BY hashtextextended(ctid::text, $1::bigint))::integer AS rn
                   FROM ${table}) r
          WHERE t.ctid = r.row_id`,
        [seed],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS query_reserve(uuid, uuid, integer, text, uuid, numeric, numeric, timestamptz, timestamptz, timestamptz)`);
    for (const { table } of await rankedTables(q)) await q.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${RANK}`);
  }
}

/**
 * Locks the agreement row (lifecycle changes and budget spends serialize on it, and so do identical
 * queries: the result cache is per agreement), then — each statement seeing what committed before
 * the lock was granted, the function being VOLATILE in READ COMMITTED — reads the dataset version
 * under a share lock (an ingest cannot commit a new version before this transaction ends), the
 * answer already stored for the query, and the ledger totals of the budget window. Only when the
 * agreement is ACTIVE and unexpired at `p_now`, the version is the one the query was prepared for,
 * no answer is stored and both ε and δ fit (compared in numeric) does it insert the ledger row.
 * Everything the caller needs to decide or to report comes back in one row; no row: no agreement.
 */
const QUERY_RESERVE = `
  CREATE OR REPLACE FUNCTION query_reserve(
    p_agreement uuid, p_dataset uuid, p_version integer, p_fingerprint text, p_query uuid,
    p_epsilon numeric, p_delta numeric, p_now timestamptz, p_window_start timestamptz, p_window_end timestamptz)
  RETURNS TABLE (status text, expires_at timestamptz, version integer, result_id uuid, result jsonb,
                 result_epsilon numeric, result_created_at timestamptz, spent text, remaining text, queries integer,
                 delta_spent text, delta_remaining text, fits boolean, delta_fits boolean, reserved boolean)
  LANGUAGE plpgsql VOLATILE AS $$
  DECLARE
    v_status text;
    v_expires timestamptz;
    v_budget numeric;
    v_delta_budget numeric;
    v_version integer;
    v_result_id uuid;
    v_result jsonb;
    v_result_epsilon numeric;
    v_result_at timestamptz;
    v_spent numeric;
    v_delta_spent numeric;
    v_queries integer;
    v_fits boolean;
    v_delta_fits boolean;
    v_reserved boolean := false;
  BEGIN
    SELECT a.status, a.expires_at, a.epsilon_budget, a.delta_budget INTO v_status, v_expires, v_budget, v_delta_budget
      FROM agreements a WHERE a.id = p_agreement FOR UPDATE;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT d.version INTO v_version FROM datasets d WHERE d.id = p_dataset AND d.deleted_at IS NULL FOR SHARE;
    IF v_version IS NOT NULL THEN
      SELECT r.id, r.result, r.epsilon, r.created_at INTO v_result_id, v_result, v_result_epsilon, v_result_at
        FROM query_results r WHERE r.agreement_id = p_agreement AND r.dataset_version = v_version AND r.fingerprint = p_fingerprint;
    END IF;
    SELECT COALESCE(SUM(l.epsilon), 0), COALESCE(SUM(l.delta), 0), COUNT(l.id)::int INTO v_spent, v_delta_spent, v_queries
      FROM budget_ledger l
     WHERE l.agreement_id = p_agreement AND l.spent_at >= p_window_start AND (p_window_end IS NULL OR l.spent_at < p_window_end);
    v_fits := v_spent + p_epsilon <= v_budget;
    v_delta_fits := v_delta_spent + p_delta <= v_delta_budget;
    IF v_status = 'ACTIVE' AND (v_expires IS NULL OR v_expires > p_now) AND v_version = p_version
       AND v_result_id IS NULL AND v_fits AND v_delta_fits THEN
      INSERT INTO budget_ledger (agreement_id, query_id, epsilon, delta, spent_at) VALUES (p_agreement, p_query, p_epsilon, p_delta, p_now);
      v_spent := v_spent + p_epsilon;
      v_delta_spent := v_delta_spent + p_delta;
      v_queries := v_queries + 1;
      v_reserved := true;
    END IF;
    RETURN QUERY SELECT v_status, v_expires, v_version, v_result_id, v_result, v_result_epsilon, v_result_at,
      v_spent::text, GREATEST(v_budget - v_spent, 0)::text, v_queries,
      v_delta_spent::text, GREATEST(v_delta_budget - v_delta_spent, 0)::text, v_fits, v_delta_fits, v_reserved;
  END $$`;
