// Attacks on synthetic data: fetching someone else's rows through the CSV endpoint, telling a
// hidden synthetic dataset from a made-up id, overspending the budget with concurrent syntheses,
// and reading more than the contribution bound lets through.
import { createQueryWorld, grantOn, type QueryWorld } from '../queries/query-support';
import { ok, startTestApp, type TestApp } from '../support/test-app';
import { compileCellCounts } from '../../src/synthetic/synthetic-sql';
import { domainOf } from '../../src/synthetic/synthetic-domain';
import type { ColumnSpec } from '../../src/datasets/column-spec';
import { auditOf } from './attack-support';

const SYNTHESIZE = 'mutation($i: SynthesizeInput!) { synthesizeDataset(input: $i) { id downloadPath } }';

let t: TestApp;
let w: QueryWorld;
let agreementId: string;
let made: { id: string; downloadPath: string };

const get = (path: string, token: string | null, method = 'GET') =>
  fetch(t.url + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  t = await startTestApp();
  w = await createQueryWorld(t);
  agreementId = await grantOn(t, w, { allowSynthetic: true, epsilonBudget: 3, epsilonPerQueryMax: 1 });
  made = ok(await t.gql(SYNTHESIZE, { i: { agreementId, columns: ['dept', 'flag'], rows: 50, epsilon: 1 } }, w.analyst)).synthesizeDataset;
}, 120_000);
afterAll(() => t.close());

describe('GET /v1/synthetic/:id.csv against strangers', () => {
  it('answers a hidden synthetic dataset exactly as an id that names nothing, and audits the attempt', async () => {
    const stranger = w.users.outsiderAnalyst.token;
    const hidden = await get(made.downloadPath, stranger);
    const unknown = await get('/v1/synthetic/6f1c2d3e-4b5a-4c6d-8e7f-901234567890.csv', stranger);
    expect({ status: hidden.status, body: await hidden.text() }).toEqual({ status: unknown.status, body: await unknown.text() });
    expect(hidden.status).toBe(404);
    const refusals = (await auditOf(t, made.id)).filter((e) => e.action === 'ACCESS_DENIED');
    expect(refusals.map((e) => e.details.operation)).toEqual(['GET /v1/synthetic/:id.csv']);
  });

  it('serves no other object by its id, however the path is spelled', async () => {
    for (const id of [w.datasetId, agreementId]) expect((await get(`/v1/synthetic/${id}.csv`, w.analyst)).status).toBe(404);
    // Ids are case-insensitive for the one who may read it, and for nobody else.
    expect((await get(made.downloadPath.toUpperCase().replace('/V1/SYNTHETIC/', '/v1/synthetic/').replace('.CSV', '.csv'), w.analyst)).status).toBe(200);
    expect((await get(`/v1/synthetic/${made.id.toUpperCase()}.csv`, w.users.outsiderAdmin.token)).status).toBe(404);
    for (const path of [`/v1/synthetic/${made.id}`, `/v1/synthetic/${made.id}.csv/`, `/v1/synthetic/${made.id}.json`, `/v1/synthetic/..%2f${made.id}.csv`]) {
      const res = await get(path, w.users.outsiderAnalyst.token);
      expect({ path, leaks: (await res.text()).includes('dept,flag') }).toEqual({ path, leaks: false });
    }
    expect((await get(made.downloadPath, w.analyst, 'POST')).status).toBe(405);
  });

  it('stops serving a token the moment it is revoked', async () => {
    const issued = ok(await t.gql('mutation { issueApiToken(name: "short-lived") { token apiToken { id } } }', {}, w.analyst)).issueApiToken;
    expect((await get(made.downloadPath, issued.token)).status).toBe(200);
    ok(await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: issued.apiToken.id }, w.analyst));
    expect((await get(made.downloadPath, issued.token)).status).toBe(401);
  });
});

describe('synthesizeDataset against the budget and the contribution bound', () => {
  it('lets no burst of concurrent syntheses spend more than the budget', async () => {
    const fresh = await grantOn(t, w, { allowSynthetic: true, epsilonBudget: 3, epsilonPerQueryMax: 1 });
    const input = { agreementId: fresh, columns: ['dept'], rows: 5, epsilon: 1 };
    const results = await Promise.all(Array.from({ length: 6 }, () => t.gql(SYNTHESIZE, { i: input }, w.analyst)));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok');
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(codes.filter((c) => c !== 'ok')).toEqual(['BUDGET_EXHAUSTED', 'BUDGET_EXHAUSTED', 'BUDGET_EXHAUSTED']);
    const [ledger] = await t.services.dataSource.query('SELECT SUM(epsilon)::text AS spent, COUNT(*)::int AS n FROM budget_ledger WHERE agreement_id = $1', [fresh]);
    expect(ledger).toEqual({ spent: '3', n: 3 });
  });

  it('reads at most maxRowsPerUnit rows of any person', async () => {
    // visits: persons 0..99 have 3 rows, 100..199 two, 200..299 one; maxRowsPerUnit is 2.
    const [dataset] = await t.services.dataSource.query('SELECT table_name, columns FROM datasets WHERE id = $1', [w.datasetId]);
    const dept = domainOf((dataset.columns as ColumnSpec[]).find((c) => c.name === 'dept')!);
    for (const seed of ['1', '8675309']) {
      const compiled = compileCellCounts(dataset.table_name, [dept], 'person', 2, seed);
      const rows: { n: number }[] = await t.services.dataSource.query(compiled.sql, compiled.params);
      expect(rows.reduce((s, r) => s + r.n, 0)).toBe(100 * 2 + 100 * 2 + 100 * 1);
    }
  });
});
