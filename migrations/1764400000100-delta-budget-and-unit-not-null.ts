import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * δ becomes a budget like ε, and the privacy unit column becomes required.
 *
 * - `agreements.delta_budget`: the total δ partition selection may spend per period. Existing
 *   agreements get the documented default, 10 × their per-query δ.
 * - `budget_ledger.delta`: the δ a query reserved, in the same row (and so the same atomic
 *   reservation) as its ε. Past spends recorded none: 0.
 * - Datasets whose privacy unit column was declared nullable: the column is marked
 *   `nullable: false` in the stored schema, so every later upload rejects a row without a unit
 *   (a line error in the quality report). Rows already stored with a NULL unit are kept (deleting
 *   an owner's data is not a migration's call) but are excluded from every query by the compiled
 *   statement: a row that belongs to no one cannot be bounded per person.
 */
export class DeltaBudgetAndUnitNotNull1764400000100 implements MigrationInterface {
  name = 'DeltaBudgetAndUnitNotNull1764400000100';

  async up(q: QueryRunner): Promise<void> {
    // A row inserted without naming it gets no δ budget: the safe side.
    await q.query(`ALTER TABLE agreements ADD COLUMN delta_budget numeric NOT NULL DEFAULT 0 CHECK (delta_budget >= 0)`);
    await q.query(`UPDATE agreements SET delta_budget = 10 * delta::numeric`);
    await q.query(`ALTER TABLE budget_ledger ADD COLUMN delta numeric NOT NULL DEFAULT 0 CHECK (delta >= 0)`);
    await q.query(`
      UPDATE datasets d
         SET columns = (
           SELECT jsonb_agg(CASE WHEN c->>'name' = d.privacy_unit_column THEN jsonb_set(c, '{nullable}', 'false'::jsonb) ELSE c END ORDER BY t.ord)
             FROM jsonb_array_elements(d.columns) WITH ORDINALITY AS t(c, ord))
       WHERE d.privacy_unit_column IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The unit columns stay required: relaxing them again would reopen the NULL-unit oracle.
    await q.query(`ALTER TABLE budget_ledger DROP COLUMN delta`);
    await q.query(`ALTER TABLE agreements DROP COLUMN delta_budget`);
  }
}
