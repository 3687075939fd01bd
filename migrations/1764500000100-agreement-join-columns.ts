import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `agreements.join_columns`: the IDENTIFIER columns of the shared dataset a partner may join its
 * own datasets on. Existing agreements get none, so no agreement allows a join it did not name.
 */
export class AgreementJoinColumns1764500000100 implements MigrationInterface {
  name = 'AgreementJoinColumns1764500000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements ADD COLUMN IF NOT EXISTS join_columns text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements DROP COLUMN IF EXISTS join_columns`);
  }
}
