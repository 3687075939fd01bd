import { codeOf, ok, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { pseudonymize } from '../../src/datasets/pseudonymizer';
import { PATIENTS, createDataset, datasetOf, ingestCsv, tableRows } from './dataset-support';

let t: TestApp;
let w: TwoOrgWorld;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ PARLEY_INGEST_MAX_CONCURRENT: '5', PARLEY_INGEST_MAX_PER_ORG: '5' }) // five uploads at once below;
  w = await createWorld(t);
  token = w.users.ownerAdmin.token;
});
afterAll(() => t.close());

let n = 0;
const fresh = (over: Record<string, unknown> = {}) => createDataset(t, token, { ...PATIENTS, name: `p${n++}`, ...over });
const report = (r: Awaited<ReturnType<typeof ingestCsv>>) => ok<{ ingestCsv: Record<string, any> }>(r).ingestCsv;

describe('cleaning', () => {
  it('coerces, trims, clamps, drops duplicates and reports rejected rows with line and column', async () => {
    const id = await fresh();
    const csv = [
      'visited, AGE ,patient_id,cost,smoker,region,note',
      '2024-01-05, 30 ,p1,10.5,YES,north, hello ',
      '2024-01-06,130,p2,-5,0,south,', // age and cost clamped
      '2024-01-05, 30 ,p1,10.5,yes,north,hello', // duplicate of line 2 after cleaning
      '2024-02-30,20,p3,1,true,north,x', // bad date
      '2024-01-07,abc,p4,1,true,north,x', // bad integer
      '2024-01-07,20,p5,1,maybe,north,x', // bad boolean
      '2024-01-07,20,p6,1,true,east,x', // unknown category
      '2024-01-07,20,,1,true,north,x', // missing required identifier
      '2024-01-07,20,p7,1,true', // too few fields
      '2024-01-08T10:00:00Z,1.0,p8,1e2,No,south,"a, quoted ""note"""',
      ',,p9,,,,',
    ].join('\n');
    const r = report(await ingestCsv(t, token, id, csv));
    expect(r).toMatchObject({ rowsReceived: 11, rowsAccepted: 4, rowsRejected: 6, duplicatesRemoved: 1, valuesClamped: 2, datasetVersion: 1 });
    expect(r.rowsAccepted + r.rowsRejected + r.duplicatesRemoved).toBe(r.rowsReceived);
    expect(r.errors).toEqual([
      { line: 5, column: 'visited', message: expect.stringContaining('ISO-8601') },
      { line: 6, column: 'age', message: expect.stringContaining('not an integer') },
      { line: 7, column: 'smoker', message: expect.stringContaining('not a boolean') },
      { line: 8, column: 'region', message: expect.stringContaining('categories') },
      { line: 9, column: 'patient_id', message: 'a value is required' },
      { line: 10, column: null, message: 'expected 7 fields, found 5' },
    ]);
    expect(r.columnStats.age).toEqual({ nulls: 1, distinct: 3, clamped: 1, min: 1, max: 100 });
    expect(r.columnStats.cost).toMatchObject({ clamped: 1, min: 0, max: 100 });
    expect(r.columnStats.visited).toMatchObject({ nulls: 1, min: '2024-01-05', max: '2024-01-08' });
    expect(r.columnStats.patient_id).toEqual({ nulls: 0, distinct: 4, clamped: 0 });

    const rows = await tableRows(t, id);
    const byId = new Map(rows.map((row) => [row.patient_id, row]));
    const p1 = byId.get(pseudonymize(TEST_SECRET, 'p1'))!;
    expect(p1).toMatchObject({ age: '30', cost: 10.5, smoker: true, region: 'north', note: 'hello' });
    expect(byId.get(pseudonymize(TEST_SECRET, 'p2'))).toMatchObject({ age: '100', cost: 0, smoker: false, note: null });
    expect(byId.get(pseudonymize(TEST_SECRET, 'p8'))).toMatchObject({ age: '1', cost: 100, smoker: false, note: 'a, quoted "note"' });
    expect(byId.get(pseudonymize(TEST_SECRET, 'p9'))).toMatchObject({ age: null, cost: null, smoker: null, region: null, visited: null });

    const seen = await datasetOf(t, token, id);
    expect(seen).toMatchObject({ rowCount: 4, version: 1, qualityReport: { rowsAccepted: 4, errors: r.errors } });
  });

  it('handles a BOM, CRLF line ends and quoted fields with commas and newlines', async () => {
    const id = await fresh();
    const csv = '\ufeffpatient_id,note\r\np1,"line one\r\nline two, with comma"\r\np2,plain\r\n"p3",\r\np4,"x\ny"\r\np5,"bad\r\n';
    const res = await ingestCsv(t, token, id, csv.slice(0, csv.lastIndexOf('p5')));
    const r = report(res);
    expect(r).toMatchObject({ rowsReceived: 4, rowsAccepted: 4, rowsRejected: 0 });
    const notes = (await tableRows(t, id)).map((row) => row.note).sort();
    expect(notes).toEqual(['line one\r\nline two, with comma', 'plain', 'x\ny', null].sort());

    // Errors point at the line where a multi-line record starts.
    const bad = report(await ingestCsv(t, token, id, 'note,patient_id\r\n"a\r\nb",p1\r\n"c\nd\ne",\r\n'));
    expect(bad.errors).toEqual([{ line: 4, column: 'patient_id', message: 'a value is required' }]);

    const broken = await ingestCsv(t, token, id, csv);
    expect(codeOf(broken)).toBe('BAD_USER_INPUT');
    expect(broken.errors![0]!.message).toMatch(/malformed CSV/);
  });

  it('refuses a CSV without a header, unknown or missing required columns; accepts a header alone', async () => {
    const id = await fresh();
    expect(codeOf(await ingestCsv(t, token, id, ''))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ingestCsv(t, token, id, 'patient_id,shoe_size\np1,4\n'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ingestCsv(t, token, id, 'age\n4\n'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await ingestCsv(t, token, id, 'age,age,patient_id\n4,4,p\n'))).toBe('BAD_USER_INPUT');
    const r = report(await ingestCsv(t, token, id, 'patient_id,age\n'));
    expect(r).toMatchObject({ rowsReceived: 0, rowsAccepted: 0, datasetVersion: 0 });
    expect(await datasetOf(t, token, id)).toMatchObject({ version: 0, rowCount: 0 });
  });
});

describe('all-or-nothing', () => {
  it('strict fails the whole upload on one rejected row and records the failure', async () => {
    const id = await fresh();
    ok(await ingestCsv(t, token, id, 'patient_id,age\na,1\n'));
    const res = await ingestCsv(t, token, id, 'patient_id,age\nb,2\nc,old\n', 'REPLACE', true);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/line 3, column age/);
    expect(await datasetOf(t, token, id)).toMatchObject({ version: 1, rowCount: 1 });
    expect((await tableRows(t, id)).length).toBe(1);
    const [event] = await t.services.dataSource.query(
      `SELECT outcome, details FROM audit_events WHERE resource_id = $1 AND action = 'DATA_INGEST_FAILED'`,
      [id],
    );
    expect(event).toMatchObject({ outcome: 'ERROR', details: { strict: true, via: 'graphql', reason: 'BAD_USER_INPUT' } });
    const staging = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'parley_data' AND tablename LIKE 'stg_%'`);
    expect(staging[0].n).toBe(0);
  });
});

describe('modes and versions', () => {
  it('APPEND adds, REPLACE swaps, version counts successful ingests', async () => {
    const id = await fresh();
    expect(report(await ingestCsv(t, token, id, 'patient_id\na\nb\n')).datasetVersion).toBe(1);
    expect(report(await ingestCsv(t, token, id, 'patient_id\nc\n', 'APPEND')).datasetVersion).toBe(2);
    expect(await datasetOf(t, token, id)).toMatchObject({ rowCount: 3, version: 2 });
    // Duplicates are judged within one upload: appending an existing row again adds it.
    expect(report(await ingestCsv(t, token, id, 'patient_id\nc\n')).rowsAccepted).toBe(1);
    expect(report(await ingestCsv(t, token, id, 'patient_id\nz\n', 'REPLACE')).datasetVersion).toBe(4);
    expect(await datasetOf(t, token, id)).toMatchObject({ rowCount: 1, version: 4 });
    expect(await tableRows(t, id)).toEqual([
      { patient_id: pseudonymize(TEST_SECRET, 'z'), age: null, cost: null, smoker: null, region: null, note: null, visited: null, _unit_rank: 1 },
    ]);
    // REPLACE puts a new table in the old one's place: the same columns, types and NOT NULL.
    const shape = `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'parley_data' AND table_name = $1 ORDER BY ordinal_position`;
    const table = `ds_${id.replace(/-/g, '')}`;
    const before = await t.services.dataSource.query(shape, [table]);
    expect(report(await ingestCsv(t, token, id, 'patient_id,age\nz,5\ny,6\n', 'REPLACE')).datasetVersion).toBe(5);
    expect(await t.services.dataSource.query(shape, [table])).toEqual(before);
    expect(before.find((c: { column_name: string }) => c.column_name === 'patient_id')).toMatchObject({ is_nullable: 'NO' });
    await expect(t.services.dataSource.query(`INSERT INTO parley_data."${table}" (age) VALUES (1)`)).rejects.toThrow(/null/);
    expect(report(await ingestCsv(t, token, id, 'patient_id\nz\n', 'REPLACE')).datasetVersion).toBe(6);
    expect(await datasetOf(t, token, id)).toMatchObject({ rowCount: 1, version: 6 });
    // Nothing accepted in APPEND: no new version; REPLACE with nothing empties and bumps.
    expect(report(await ingestCsv(t, token, id, 'patient_id\n')).datasetVersion).toBe(6);
    expect(report(await ingestCsv(t, token, id, 'patient_id\n', 'REPLACE')).datasetVersion).toBe(7);
    expect(await datasetOf(t, token, id)).toMatchObject({ rowCount: 0, version: 7 });
  });

  it('serializes concurrent ingests: no lost rows, no skipped version', async () => {
    const id = await fresh();
    const uploads = Array.from({ length: 5 }, (_, i) => {
      const lines = Array.from({ length: 200 }, (_, j) => `u${i}_${j},${j % 90}`);
      return ingestCsv(t, token, id, `patient_id,age\n${lines.join('\n')}\n`);
    });
    const reports = (await Promise.all(uploads)).map(report);
    expect(reports.map((r) => r.datasetVersion).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(await datasetOf(t, token, id)).toMatchObject({ rowCount: 1000, version: 5 });
    expect((await tableRows(t, id)).length).toBe(1000);
  });
});

describe('pseudonymization', () => {
  it('stores no clear identifier value anywhere in the database', async () => {
    const id = await fresh();
    const marker = 'clear-identifier-7f3a9c';
    ok(await ingestCsv(t, token, id, `patient_id,note\n${marker},ok\n${marker}-b,\n`));
    // Also through a failed upload: its error report must not carry identifiers either.
    await ingestCsv(t, token, id, `patient_id,age\n${marker}-c,notanumber\n`, 'APPEND', true);
    const tables: { schemaname: string; tablename: string }[] = await t.services.dataSource.query(
      `SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    for (const { schemaname, tablename } of tables) {
      const [hit] = await t.services.dataSource.query(
        `SELECT count(*)::int AS n FROM "${schemaname}"."${tablename}" x WHERE x::text LIKE $1`,
        [`%${marker}%`],
      );
      expect([`${schemaname}.${tablename}`, hit.n]).toEqual([`${schemaname}.${tablename}`, 0]);
    }
    const rows = await tableRows(t, id);
    expect(rows.map((r) => r.patient_id)).toContain(pseudonymize(TEST_SECRET, marker));
  });
});
