import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps the normalized query beside its released answer, so an analyst can list what they asked
 * and got (`queryHistory`). The query is the analyst's own input — column names, filter operands,
 * ε — never row values; rows answered before this migration have no query recorded.
 */
export class QueryHistory1764300000610 implements MigrationInterface {
  name = 'QueryHistory1764300000610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE query_results ADD COLUMN query jsonb`);
    await q.query(`CREATE INDEX query_results_created_by_idx ON query_results (created_by, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX query_results_created_by_idx`);
    await q.query(`ALTER TABLE query_results DROP COLUMN query`);
  }
}
