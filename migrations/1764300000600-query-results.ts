import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Released answers of private queries, kept so that the same query on the same dataset version
 * under the same agreement gets the same noisy answer again, for free: repeating a query then
 * teaches nothing new (averaging attacks get nothing). `fingerprint` is a keyed HMAC of the
 * normalized query; `result` holds only noisy, released values.
 */
export class QueryResults1764300000600 implements MigrationInterface {
  name = 'QueryResults1764300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE query_results (
        id uuid PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        dataset_version integer NOT NULL,
        fingerprint text NOT NULL,
        result jsonb NOT NULL,
        epsilon numeric NOT NULL CHECK (epsilon > 0),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agreement_id, dataset_version, fingerprint)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE query_results`);
  }
}
