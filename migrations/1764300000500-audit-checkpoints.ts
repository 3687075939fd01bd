import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints over the audit chain's head. Append-only like the events themselves: a checkpoint
 * is evidence of what the chain looked like when it was signed, so nobody may rewrite or drop it.
 * `seq` is the key, so several processes signing at once cannot record two checkpoints at one seq.
 */
export class AuditCheckpoints1764300000500 implements MigrationInterface {
  name = 'AuditCheckpoints1764300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        head_hash char(64) NOT NULL,
        at timestamptz(3) NOT NULL,
        signature text NOT NULL,
        public_key text NOT NULL,
        key_id char(16) NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_checkpoints_append_only()`);
  }
}
