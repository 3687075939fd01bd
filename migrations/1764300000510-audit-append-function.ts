import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One round trip for an audit append: take the chain lock, read the head, hash, insert. The lock is
 * held from here to the commit, so every round trip saved while holding it is throughput for every
 * audited action (see bench/audit).
 *
 * The caller sends the RFC 8785 body of the event split around the two values only known under the
 * lock: `at` (keys sort as action, actorId, actorOrganizationId, at, details, outcome, resourceId,
 * resourceType, seq) and `seq`, which is last. The function writes `at` exactly as
 * `Date.prototype.toISOString()` does. The function is VOLATILE, so in READ COMMITTED each statement
 * in it sees what committed before the lock was granted.
 */
export class AuditAppendFunction1764300000510 implements MigrationInterface {
  name = 'AuditAppendFunction1764300000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_append(
        p_lock_key bigint, p_actor_id uuid, p_actor_organization_id uuid, p_action text, p_resource_type text,
        p_resource_id text, p_resource_organization_id uuid, p_outcome text, p_details jsonb,
        p_body_before_at text, p_body_before_seq text)
      RETURNS TABLE (seq bigint, id uuid, at timestamptz, prev_hash text, hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_seq bigint;
        v_prev text;
        v_at timestamptz;
        v_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(p_lock_key);
        SELECT e.seq, e.hash INTO v_seq, v_prev FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
        v_seq := coalesce(v_seq, 0) + 1;
        v_prev := coalesce(v_prev, repeat('0', 64));
        v_at := date_trunc('milliseconds', clock_timestamp());
        v_hash := encode(sha256(convert_to(
          v_prev || E'\\n' || p_body_before_at
            || '"' || to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
            || p_body_before_seq || v_seq::text || '}',
          'UTF8')), 'hex');
        RETURN QUERY
          INSERT INTO audit_events AS e (seq, at, actor_id, actor_organization_id, action, resource_type, resource_id,
                                         resource_organization_id, outcome, details, prev_hash, hash)
          VALUES (v_seq, v_at, p_actor_id, p_actor_organization_id, p_action, p_resource_type, p_resource_id,
                  p_resource_organization_id, p_outcome, p_details, v_prev, v_hash)
          RETURNING e.seq, e.id, e.at, e.prev_hash::text, e.hash::text;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_append(bigint, uuid, uuid, text, text, text, uuid, text, jsonb, text, text)`);
  }
}
