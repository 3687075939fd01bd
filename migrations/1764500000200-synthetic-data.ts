import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DP synthetic data.
 *
 * - `agreements.allow_synthetic`: the owner's per-agreement permission; existing agreements, and
 *   any row inserted without naming it, do not allow it.
 * - `synthetic_datasets`: one generated dataset, its terms and the ε it spent (its id is the
 *   `query_id` of its budget_ledger row). Owner and partner are copied from the agreement so
 *   that who may fetch it is decided by the row alone.
 * - `synthetic_dataset_chunks`: the generated rows as CSV text, ROWS_PER_CHUNK lines a chunk, so a
 *   download streams from the database after any restart. Only synthetic (released) rows live here.
 */
export class SyntheticData1764500000200 implements MigrationInterface {
  name = 'SyntheticData1764500000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements ADD COLUMN IF NOT EXISTS allow_synthetic boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS synthetic_datasets (
        id uuid PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        dataset_version integer NOT NULL,
        owner_organization_id uuid NOT NULL REFERENCES organizations(id),
        partner_organization_id uuid NOT NULL REFERENCES organizations(id),
        columns text[] NOT NULL,
        row_count integer NOT NULL CHECK (row_count >= 1),
        epsilon numeric NOT NULL CHECK (epsilon > 0),
        method text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS synthetic_datasets_agreement_idx ON synthetic_datasets (agreement_id, created_at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS synthetic_datasets_partner_idx ON synthetic_datasets (partner_organization_id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS synthetic_datasets_owner_idx ON synthetic_datasets (owner_organization_id)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS synthetic_dataset_chunks (
        synthetic_dataset_id uuid NOT NULL REFERENCES synthetic_datasets(id) ON DELETE CASCADE,
        chunk integer NOT NULL CHECK (chunk >= 0),
        csv text NOT NULL,
        PRIMARY KEY (synthetic_dataset_id, chunk)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS synthetic_dataset_chunks`);
    await q.query(`DROP TABLE IF EXISTS synthetic_datasets`);
    await q.query(`ALTER TABLE agreements DROP COLUMN IF EXISTS allow_synthetic`);
  }
}
