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
 * Contribution bounding moves from query time to ingest (src/datasets/unit-rank.ts): every data
 * table of a dataset with a privacy unit gets the `_unit_rank` column, and the rows already stored
 * are ranked once, in a random order within each unit. Safe to run again: the column is added only
 * where it is missing, and only rows without a rank are (re)ranked.
 */
export class UnitRank1764500000500 implements MigrationInterface {
  name = 'UnitRank1764500000500';

  async up(q: QueryRunner): Promise<void> {
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
    for (const { table } of await rankedTables(q)) await q.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${RANK}`);
  }
}
