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
 * - Audit events are chained at COMMIT: `audit_enqueue` queues the event in the transaction, and a
 *   deferred constraint trigger appends it with `audit_append` (migration 1764300000510, unchanged)
 *   while the transaction commits, so the chain lock is no longer held across the client's round
 *   trip to COMMIT (see AuditLog).
 */
export class QuerySpeed1764500000500 implements MigrationInterface {
  name = 'QuerySpeed1764500000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(QUERY_RESERVE);
    for (const statement of DEFERRED_AUDIT) await q.query(statement);
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
    await q.query(`DROP TABLE IF EXISTS audit_pending`);
    await q.query(`DROP FUNCTION IF EXISTS audit_commit_pending()`);
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

/**
 * An event waits in `audit_pending` (UNLOGGED: its rows never outlive their transaction, so they
 * need no WAL) until its transaction commits. The deferred trigger then runs `audit_append` for it —
 * the same lock, head, hash and insert as before, now inside COMMIT — and removes the pending row.
 * Deferred triggers fire in the order their rows were inserted, so a transaction's events keep their
 * order; a rollback (to a savepoint, or of the whole transaction) discards the queued row and its
 * trigger with it: nothing is appended for work that did not commit, and `seq` stays gap-free.
 */
const DEFERRED_AUDIT = [
  `CREATE UNLOGGED TABLE IF NOT EXISTS audit_pending (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     lock_key bigint NOT NULL,
     actor_id uuid,
     actor_organization_id uuid,
     action text NOT NULL,
     resource_type text,
     resource_id text,
     resource_organization_id uuid,
     outcome text NOT NULL,
     details jsonb NOT NULL,
     body_before_at text NOT NULL,
     body_before_seq text NOT NULL)`,
  `CREATE OR REPLACE FUNCTION audit_commit_pending() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM audit_append(NEW.lock_key, NEW.actor_id, NEW.actor_organization_id, NEW.action, NEW.resource_type,
                          NEW.resource_id, NEW.resource_organization_id, NEW.outcome, NEW.details,
                          NEW.body_before_at, NEW.body_before_seq);
     DELETE FROM audit_pending WHERE id = NEW.id;
     RETURN NULL;
   END $$`,
  `DROP TRIGGER IF EXISTS audit_pending_at_commit ON audit_pending`,
  `CREATE CONSTRAINT TRIGGER audit_pending_at_commit AFTER INSERT ON audit_pending
     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_commit_pending()`,
];
