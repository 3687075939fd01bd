import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail is append-only in the database itself: triggers refuse UPDATE, DELETE and
 * TRUNCATE for every role, the application's included. Only a superuser who disables the triggers
 * can change history, and the hash chain plus signed checkpoints then give it away.
 */
export class AuditTrail1764300000100 implements MigrationInterface {
  name = 'AuditTrail1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        at timestamptz(3) NOT NULL,
        actor_id uuid,
        actor_organization_id uuid,
        action text NOT NULL,
        resource_type text,
        resource_id text,
        resource_organization_id uuid,
        outcome text NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'ERROR')),
        details jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_events_actor_org_idx ON audit_events (actor_organization_id, seq)`);
    await q.query(`CREATE INDEX audit_events_resource_org_idx ON audit_events (resource_organization_id, seq)`);
    await q.query(`CREATE INDEX audit_events_resource_idx ON audit_events (resource_id, seq)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, seq)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
  }
}
