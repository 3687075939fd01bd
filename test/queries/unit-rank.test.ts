import { QuerySpeed1764500000500 } from '../../migrations/1764500000500-query-speed';
import { DatasetEntity } from '../../src/datasets/dataset.entity';
import { AgreementEntity } from '../../src/agreements/agreement.entity';
import { compileQuery } from '../../src/queries/sql-compiler';
import { validateQuery } from '../../src/queries/query-validator';
import { ok, startTestApp, type TestApp } from '../support/test-app';
import { VISITS, createQueryWorld, grantOn, toCsv, visitRows, type QueryWorld } from './query-support';

/**
 * Contribution bounding fixed at ingest: every row carries its rank within its unit, 1..n in a
 * random order, through appends and replacements and for tables loaded before ranks existed; the
 * compiled statement keeps exactly min(n, m) rows of each unit.
 */
let t: TestApp;
let w: QueryWorld;
let agreementId: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await createQueryWorld(t);
  agreementId = await grantOn(t, w);
});
afterAll(() => t.close());

const db = () => t.services.dataSource;

async function table(): Promise<string> {
  const d = await db().manager.findOneByOrFail(DatasetEntity, { id: w.datasetId });
  return `parley_data."${d.tableName}"`;
}

/** Per unit: how many rows, and whether their ranks are exactly 1..n. */
async function rankShape(): Promise<{ units: number; rows: number; wellRanked: number }> {
  const rows: { units: number; rows: number; well: number }[] = await db().query(
    `SELECT count(*)::int AS units, sum(n)::int AS rows, count(*) FILTER (WHERE ok)::int AS well FROM (
       SELECT person, count(*) AS n,
              (min(_unit_rank) = 1 AND max(_unit_rank) = count(*) AND count(DISTINCT _unit_rank) = count(*)) AS ok
         FROM ${await table()} GROUP BY person) s`,
  );
  return { units: rows[0]!.units, rows: rows[0]!.rows, wellRanked: rows[0]!.well };
}

/** The exact (noise-free) row count the compiled statement keeps for COUNT grouped by dept. */
async function keptCounts(): Promise<Record<string, number>> {
  const dataset = await db().manager.findOneByOrFail(DatasetEntity, { id: w.datasetId });
  const agreement = await db().manager.findOneByOrFail(AgreementEntity, { id: agreementId });
  const q = validateQuery({ agreementId, epsilon: 1, aggregations: [{ function: 'COUNT' } as never], groupBy: ['dept'] } as never, agreement, dataset);
  const compiled = compileQuery(q, '42');
  expect(compiled.sql).toContain('"_unit_rank" <=');
  expect(compiled.sql).not.toContain('ROW_NUMBER');
  const rows: { k0: string; a0: string }[] = await db().query(compiled.sql, compiled.params);
  return Object.fromEntries(rows.map((r) => [r.k0, Number(r.a0)]));
}

/** The truth: each person keeps min(rows, maxRowsPerUnit = 2) rows, counted per department. */
function expectedCounts(rows = visitRows()): Record<string, number> {
  const perPerson = new Map<string, { dept: string; n: number }>();
  for (const r of rows) perPerson.set(r.person, { dept: r.dept, n: (perPerson.get(r.person)?.n ?? 0) + 1 });
  const counts: Record<string, number> = {};
  for (const { dept, n } of perPerson.values()) counts[dept] = (counts[dept] ?? 0) + Math.min(n, VISITS.maxRowsPerUnit);
  return counts;
}

const ingest = (rows: ReturnType<typeof visitRows>, mode: 'APPEND' | 'REPLACE') =>
  t.gql(
    'mutation($d: ID!, $c: String!, $m: IngestMode!) { ingestCsv(datasetId: $d, csv: $c, mode: $m, strict: true) { rowsAccepted } }',
    { d: w.datasetId, c: toCsv(rows), m: mode },
    w.users.ownerAdmin.token,
  );

describe('contribution bounding by the rank fixed at ingest', () => {
  it('ranks every unit 1..n at the first load, and the statement keeps min(n, m) rows per unit', async () => {
    expect(await rankShape()).toEqual({ units: 300, rows: 600, wellRanked: 300 });
    expect(await keptCounts()).toEqual(expectedCounts());
  });

  it('ranks appended rows after the unit’s earlier ones, and REPLACE ranks afresh', async () => {
    // Half of the people get one more row each; ten new people arrive.
    const more = visitRows()
      .filter((r, i) => i % 2 === 0)
      .map((r) => ({ ...r, amount: (r.amount + 50) % 101 }))
      .concat(Array.from({ length: 10 }, (_, i) => ({ ...visitRows()[0]!, person: `new${i}` })));
    expect(ok(await ingest(more, 'APPEND')).ingestCsv.rowsAccepted).toBe(more.length);
    const shape = await rankShape();
    expect(shape.units).toBe(310);
    expect(shape.wellRanked).toBe(310);
    expect(await keptCounts()).toEqual(expectedCounts([...visitRows(), ...more]));

    ok(await ingest(visitRows(), 'REPLACE'));
    expect(await rankShape()).toEqual({ units: 300, rows: 600, wellRanked: 300 });
    expect(await keptCounts()).toEqual(expectedCounts());
  });

  it('draws the order within a unit at random: the kept rows of three-row people differ between loads', async () => {
    // 100 people with three rows keep two of them; two independent loads choosing the same pair for
    // all 100 has probability (1/3)^100.
    const kept = async () => {
      const rows: { person: string; amount: number }[] = await db().query(
        `SELECT person, amount FROM ${await table()} WHERE _unit_rank = 3 ORDER BY person`,
      );
      return rows.map((r) => `${r.person}:${r.amount}`).join(',');
    };
    const first = await kept();
    ok(await ingest(visitRows(), 'REPLACE'));
    expect((await kept()).split(',')).toHaveLength(100);
    expect(await kept()).not.toBe(first);
  });

  it('the migration ranks a table loaded before ranks existed, and can be run again and undone', async () => {
    const migration = new QuerySpeed1764500000500();
    const runner = db().createQueryRunner();
    try {
      await db().query(`ALTER TABLE ${await table()} DROP COLUMN _unit_rank`);
      await migration.up(runner);
      expect(await rankShape()).toEqual({ units: 300, rows: 600, wellRanked: 300 });
      const before: { s: string }[] = await db().query(`SELECT string_agg(person || ':' || _unit_rank, ',' ORDER BY ctid) AS s FROM ${await table()}`);
      await migration.up(runner);
      const after: { s: string }[] = await db().query(`SELECT string_agg(person || ':' || _unit_rank, ',' ORDER BY ctid) AS s FROM ${await table()}`);
      expect(after[0]!.s).toBe(before[0]!.s);
      await migration.down(runner);
      const columns: { n: number }[] = await db().query(
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'parley_data' AND column_name = '_unit_rank'`,
      );
      expect(columns[0]!.n).toBe(0);
      await migration.up(runner);
      expect(await keptCounts()).toEqual(expectedCounts());
    } finally {
      await runner.release();
    }
  });
});
