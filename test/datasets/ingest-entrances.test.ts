import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { requireOperator } from '../../src/cli/operator';
import { TEST_SECRET, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { usingPostgres } from '../support/test-database';
import { PATIENTS, createDataset, datasetOf, tableRows } from './dataset-support';

let t: TestApp;
let w: TwoOrgWorld;
let token: string;
let dir: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t);
  token = w.users.ownerAdmin.token;
  dir = mkdtempSync(join(tmpdir(), 'parley-ingest-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

let n = 0;
const fresh = () => createDataset(t, token, { ...PATIENTS, name: `e${n++}` });

/** A messy CSV: mixed case booleans, padding, out-of-bound values, duplicates, bad rows. */
function messyCsv(rows: number): string {
  const line = (i: number) => {
    const age = i % 50 === 0 ? 150 : i % 97;
    const smoker = ['yes', 'NO', '1', '0', 'True'][i % 5];
    const bad = i % 1000 === 501;
    return `p${i}, ${bad ? 'x' : age} ,${(i % 500) * 1.5},${smoker},${i % 2 ? 'north' : 'south'},"n ${i % 7}, ok",2024-0${1 + (i % 9)}-1${i % 10}`;
  };
  const lines = ['patient_id,age,cost,smoker,region,note,visited'];
  // Every hundredth line repeats the one before it: 1% exact duplicates.
  for (let i = 0; i < rows; i++) lines.push(line(i % 100 === 99 ? i - 1 : i));
  return lines.join('\r\n') + '\r\n';
}

function put(path: string, body: string | null, headers: Record<string, string> = {}) {
  return fetch(`${t.url}${path}`, { method: 'PUT', headers: { 'content-type': 'text/csv', ...headers }, body });
}

describe('PUT /v1/datasets/:id/rows', () => {
  it('streams a messy 100,000-row CSV and answers the report', async () => {
    const id = await fresh();
    const res = await put(`/v1/datasets/${id}/rows?mode=REPLACE`, messyCsv(100_000), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, any>;
    expect(report.rowsReceived).toBe(100_000);
    expect(report.rowsRejected).toBe(100);
    expect(report.rowsAccepted + report.rowsRejected + report.duplicatesRemoved).toBe(100_000);
    expect(report.duplicatesRemoved).toBe(1000);
    expect(report.columnStats.age.clamped).toBe(2000);
    expect(report.columnStats.age.max).toBe(100);
    expect(await datasetOf(t, token, id)).toMatchObject({ version: 1, rowCount: report.rowsAccepted });
    const [audit] = await t.services.dataSource.query(`SELECT details FROM audit_events WHERE resource_id = $1 AND action = 'DATA_INGESTED'`, [id]);
    expect(audit.details).toEqual({ via: 'http', mode: 'REPLACE', strict: false, version: 1 });
  });

  it('refuses missing or bad tokens with a 401 JSON error and records it', async () => {
    const id = await fresh();
    const before = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'AUTH_FAILED'`);
    const res = await put(`/v1/datasets/${id}/rows`, 'patient_id\na\n');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const bad = await put(`/v1/datasets/${id}/rows`, 'patient_id\na\n', { authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    const after = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'AUTH_FAILED'`);
    expect(after[0].n).toBe(before[0].n + 2);
  });

  it('answers contract errors as JSON with a 4xx status', async () => {
    const id = await fresh();
    const auth = { authorization: `Bearer ${token}` };
    const cases: [string, string, Record<string, string>, number, string][] = [
      [`/v1/datasets/${id}/rows?mode=MERGE`, 'patient_id\na\n', auth, 400, 'BAD_USER_INPUT'],
      [`/v1/datasets/${id}/rows`, 'shoe\n1\n', auth, 400, 'BAD_USER_INPUT'],
      [`/v1/datasets/not-a-uuid/rows`, 'patient_id\na\n', auth, 400, 'BAD_USER_INPUT'],
      [`/v1/datasets/${id}/rows`, 'patient_id\na\n', { authorization: `Bearer ${w.users.outsiderAdmin.token}` }, 404, 'NOT_FOUND'],
      [`/v1/datasets/${id}/rows`, 'patient_id\na\n', { authorization: `Bearer ${w.users.ownerAnalyst.token}` }, 403, 'FORBIDDEN'],
      [`/v1/datasets/${id}/rows?strict=true`, 'patient_id,age\na,x\n', auth, 400, 'BAD_USER_INPUT'],
    ];
    for (const [path, body, headers, status, code] of cases) {
      const res = await put(path, body, headers);
      expect([path, res.status, ((await res.json()) as any).error.code]).toEqual([path, status, code]);
    }
    expect(await datasetOf(t, token, id)).toMatchObject({ version: 0, rowCount: 0 });
  });

  it('leaves the dataset exactly as it was when the client disconnects mid-upload', async () => {
    const id = await fresh();
    await put(`/v1/datasets/${id}/rows`, 'patient_id,age\nkeep,1\n', { authorization: `Bearer ${token}` });
    const url = new URL(`${t.url}/v1/datasets/${id}/rows`);
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } });
      req.on('error', () => resolve());
      req.on('response', () => resolve());
      req.write('patient_id,age\n');
      for (let i = 0; i < 2000; i++) req.write(`gone${i},${i % 90}\n`);
      setTimeout(() => req.destroy(), 300);
    });
    // The failure is recorded once the server notices; then nothing has changed.
    for (let i = 0; i < 100; i++) {
      const [row] = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE resource_id = $1 AND action = 'DATA_INGEST_FAILED'`, [id]);
      if (row.n > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [failed] = await t.services.dataSource.query(`SELECT outcome, details FROM audit_events WHERE resource_id = $1 AND action = 'DATA_INGEST_FAILED'`, [id]);
    expect(failed).toMatchObject({ outcome: 'ERROR', details: { via: 'http' } });
    expect(await datasetOf(t, token, id)).toMatchObject({ version: 1, rowCount: 1 });
    expect(await tableRows(t, id)).toHaveLength(1);
    const staging = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'parley_data' AND tablename LIKE 'stg_%'`);
    expect(staging[0].n).toBe(0);
  });
});

describe('the operator entrance', () => {
  it('loads a file as the operator, audited as the operator with via cli', async () => {
    const id = await fresh();
    const file = join(dir, 'rows.csv');
    writeFileSync(file, messyCsv(2000));
    const operator = await requireOperator(t.services);
    const report = await t.services.ingest.ingestAsOperator(id, createReadStream(file), { mode: 'APPEND', strict: false, via: 'cli' }, operator);
    expect(report.rowsReceived).toBe(2000);
    const [audit] = await t.services.dataSource.query(`SELECT actor_id, details FROM audit_events WHERE resource_id = $1 AND action = 'DATA_INGESTED'`, [id]);
    expect(audit).toMatchObject({ actor_id: operator.userId, details: { via: 'cli' } });
  });

  (usingPostgres ? it : it.skip)('`parley ingest` streams a file into a dataset', async () => {
    const id = await fresh();
    const file = join(dir, 'cli.csv');
    writeFileSync(file, 'patient_id,age\na,1\nb,2\n');
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    let code: number;
    const secret = process.env.PARLEY_SECRET;
    process.env.PARLEY_SECRET = TEST_SECRET;
    try {
      code = await runCli(['--database-url', t.app.database.url, 'ingest', id, file, '--no-progress']);
    } finally {
      process.stdout.write = write;
      if (secret === undefined) delete process.env.PARLEY_SECRET;
      else process.env.PARLEY_SECRET = secret;
    }
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ rowsAccepted: 2, datasetVersion: 1 });
  });
});
