import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dataset metadata and sharing agreements. Each dataset's rows live in their own typed table in the
 * `parley_data` schema, created with the metadata; `table_name` is generated, never user input.
 * Budgets are `numeric`, so that ten spends of 0.1 add up to exactly 1.0.
 */
export class DatasetsAgreements1764300000200 implements MigrationInterface {
  name = 'DatasetsAgreements1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS parley_data`);
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_organization_id uuid NOT NULL REFERENCES organizations(id),
        name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
        description text,
        columns jsonb NOT NULL,
        privacy_unit_column text,
        max_rows_per_unit integer NOT NULL CHECK (max_rows_per_unit BETWEEN 1 AND 1000),
        version integer NOT NULL DEFAULT 0,
        row_count bigint NOT NULL DEFAULT 0,
        table_name text NOT NULL UNIQUE,
        quality_report jsonb,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX datasets_owner_name_key ON datasets (owner_organization_id, name) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets(id),
        owner_organization_id uuid NOT NULL REFERENCES organizations(id),
        partner_organization_id uuid NOT NULL REFERENCES organizations(id),
        status text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'REVOKED')),
        purpose text NOT NULL,
        columns text[] NOT NULL,
        allowed_aggregations text[] NOT NULL,
        epsilon_budget numeric NOT NULL CHECK (epsilon_budget > 0),
        epsilon_per_query_max numeric NOT NULL CHECK (epsilon_per_query_max > 0),
        delta double precision NOT NULL DEFAULT 0 CHECK (delta >= 0 AND delta <= 1e-5),
        budget_period text NOT NULL DEFAULT 'NEVER' CHECK (budget_period IN ('NEVER', 'DAILY', 'WEEKLY', 'MONTHLY')),
        suppress_below integer,
        valid_from timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        granted_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK (owner_organization_id <> partner_organization_id)
      )`);
    await q.query(`CREATE INDEX agreements_dataset_idx ON agreements (dataset_id)`);
    await q.query(`CREATE INDEX agreements_partner_idx ON agreements (partner_organization_id, status)`);
    await q.query(`CREATE INDEX agreements_owner_idx ON agreements (owner_organization_id, status)`);
    await q.query(`
      CREATE TABLE budget_ledger (
        id bigserial PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        query_id uuid NOT NULL UNIQUE,
        epsilon numeric NOT NULL CHECK (epsilon > 0),
        spent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX budget_ledger_agreement_idx ON budget_ledger (agreement_id, spent_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE budget_ledger`);
    await q.query(`DROP TABLE agreements`);
    await q.query(`DROP TABLE datasets`);
    await q.query(`DROP SCHEMA IF EXISTS parley_data CASCADE`);
  }
}
