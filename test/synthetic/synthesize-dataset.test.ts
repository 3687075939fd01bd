import { ADMIN_TOKEN, codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { CHARGED_FAILURE_MESSAGE } from '../../src/queries/charged-failure';
import { VISITS, budgetOf, createQueryWorld, grantOn, toCsv, visitRows, type QueryWorld } from '../queries/query-support';

const SYNTHESIZE = `mutation($i: SynthesizeInput!) { synthesizeDataset(input: $i) {
  id columns rows epsilonSpent method createdAt downloadPath agreement { id allowSynthetic budget { epsilonSpent } } } }`;
const COLUMNS = ['dept', 'amount', 'score', 'flag'];

function download(t: TestApp, path: string, token: string | null) {
  return fetch(t.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('synthesizeDataset and GET /v1/synthetic/:id.csv end to end', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  let synthetic: { id: string; downloadPath: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w, { allowSynthetic: true, epsilonBudget: 3, epsilonPerQueryMax: 2 });
    const res = ok(await t.gql(SYNTHESIZE, { i: { agreementId, columns: COLUMNS, rows: 1500, epsilon: 1 } }, w.analyst)).synthesizeDataset;
    synthetic = res;
  }, 120_000);
  afterAll(() => t.close());

  it('generates under an agreement that allows it and charges the agreement budget', async () => {
    const res = ok(await t.gql('query($id: ID!) { node(id: $id) { ... on SyntheticDataset { id columns rows epsilonSpent method downloadPath agreement { id allowSynthetic } } } }', { id: synthetic.id }, w.analyst)).node;
    expect(res).toMatchObject({ id: synthetic.id, columns: COLUMNS, rows: 1500, epsilonSpent: 1, downloadPath: `/v1/synthetic/${synthetic.id}.csv` });
    expect(res.agreement).toEqual({ id: agreementId, allowSynthetic: true });
    expect(res.method).toMatch(/^MST \(discrete Laplace, ε = 1 .*1-way marginals of dept, amount, score, flag; 2-way marginals on a private maximum spanning tree: /);
    expect(await budgetOf(t, w.analyst, agreementId)).toEqual({ epsilonSpent: 1, epsilonRemaining: 2, queriesRun: 1 });
  });

  it('streams the rows as CSV, header first, every value inside the public domain', async () => {
    const res = await download(t, synthetic.downloadPath, w.analyst);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('dept,amount,score,flag');
    expect(lines).toHaveLength(1501);
    for (const line of lines.slice(1)) {
      const [dept, amount, score, flag] = line.split(',');
      expect(['a', 'b', 'c', 'd']).toContain(dept);
      // amount and score are nullable: the empty field is NULL.
      if (amount !== '') expect(Number.isInteger(Number(amount)) && Number(amount) >= 0 && Number(amount) <= 100).toBe(true);
      if (score !== '') expect(Number(score) >= 0 && Number(score) <= 1).toBe(true);
      expect(['true', 'false', '']).toContain(flag);
    }
    // How close the rows are to the data is measured, seeded, in src/synthetic/mst-synthesizer.test.ts:
    // here the noise is the server's CSPRNG, so only what holds for every draw is checked.
  });

  it('lets the partner organization and the owner admins fetch it, and nobody else', async () => {
    const u = w.users;
    const status = async (token: string | null) => (await download(t, synthetic.downloadPath, token)).status;
    expect(await status(u.partnerAdmin.token)).toBe(200);
    expect(await status(u.ownerAdmin.token)).toBe(200);
    for (const token of [u.ownerAnalyst.token, u.ownerAuditor.token, u.partnerAuditor.token, u.outsiderAdmin.token, u.outsiderAnalyst.token, u.platformAuditor.token, ADMIN_TOKEN]) {
      const res = await download(t, synthetic.downloadPath, token);
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'synthetic dataset not found' } } });
    }
    expect(await status(null)).toBe(401);
    expect(await status('prl_bogus_token')).toBe(401);
    expect(await status(u.partnerAnalyst.token.slice(0, -2) + 'xx')).toBe(401);
    expect((await download(t, '/v1/synthetic/not-a-uuid.csv', w.analyst)).status).toBe(400);
    expect((await download(t, '/v1/synthetic/00000000-0000-4000-8000-000000000000.csv', w.analyst)).status).toBe(404);
  });

  it('lists synthetic datasets to those who may read them', async () => {
    const ids = async (token: string, agreement: string | null = null) =>
      ok(await t.gql('query($a: ID) { syntheticDatasets(agreementId: $a) { id } }', { a: agreement }, token)).syntheticDatasets.map((s: { id: string }) => s.id);
    expect(await ids(w.analyst)).toEqual([synthetic.id]);
    expect(await ids(w.analyst, agreementId)).toEqual([synthetic.id]);
    expect(await ids(w.users.ownerAdmin.token)).toEqual([synthetic.id]);
    expect(await ids(w.users.outsiderAnalyst.token)).toEqual([]);
    expect(await ids(w.users.ownerAuditor.token)).toEqual([]);
    expect(await ids(w.analyst, '00000000-0000-4000-8000-000000000000')).toEqual([]);
    expect(codeOf(await t.gql('{ syntheticDatasets(agreementId: "x") { id } }', {}, w.analyst))).toBe('BAD_USER_INPUT');
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: synthetic.id }, w.users.outsiderAnalyst.token);
    expect(ok(node).node).toBeNull();
  });

  it('audits the creation with its terms, never a row', async () => {
    const events = ok(
      await t.gql(
        'query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { action outcome resourceId details } } } }',
        { f: { actions: ['SYNTHETIC_DATA_CREATED'] } },
        w.users.ownerAuditor.token,
      ),
    ).auditEvents.edges.map((e: { node: unknown }) => e.node);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'SYNTHETIC_DATA_CREATED', outcome: 'SUCCESS', resourceId: agreementId });
    expect(events[0].details).toMatchObject({ syntheticDatasetId: synthetic.id, columns: COLUMNS, rows: 1500, epsilonSpent: 1 });
    expect(Object.keys(events[0].details).sort()).toEqual(['columns', 'datasetId', 'datasetVersion', 'epsilonSpent', 'method', 'rows', 'syntheticDatasetId']);
  });

  it('refuses what the agreement or the schema does not allow, spending nothing', async () => {
    const plain = await grantOn(t, w);
    const base = { agreementId, columns: ['dept'], rows: 10, epsilon: 0.5 };
    const cases: [Record<string, unknown>, string][] = [
      [{ agreementId: plain }, 'FORBIDDEN'],
      [{ columns: ['city'] }, 'BAD_USER_INPUT'],
      [{ columns: ['day'] }, 'BAD_USER_INPUT'],
      [{ columns: ['person'] }, 'FORBIDDEN'],
      [{ columns: ['nope'] }, 'BAD_USER_INPUT'],
      [{ columns: [] }, 'BAD_USER_INPUT'],
      [{ columns: ['dept', 'dept'] }, 'BAD_USER_INPUT'],
      [{ rows: 100_001 }, 'BAD_USER_INPUT'],
      [{ rows: 0 }, 'BAD_USER_INPUT'],
      [{ epsilon: 2.5 }, 'BAD_USER_INPUT'],
      [{ epsilon: 0 }, 'BAD_USER_INPUT'],
      [{ agreementId: 'x' }, 'BAD_USER_INPUT'],
      [{ agreementId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
    ];
    for (const [change, code] of cases) {
      const res = await t.gql(SYNTHESIZE, { i: { ...base, ...change } }, w.analyst);
      expect({ change, code: codeOf(res) }).toEqual({ change, code });
    }
    // Only the partner's analysts synthesize; the owner's admin sees the agreement, the outsider does not.
    expect(codeOf(await t.gql(SYNTHESIZE, { i: base }, w.users.partnerAdmin.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SYNTHESIZE, { i: base }, w.users.ownerAdmin.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SYNTHESIZE, { i: base }, w.users.outsiderAnalyst.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SYNTHESIZE, { i: base }, null))).toBe('UNAUTHENTICATED');
    expect(await budgetOf(t, w.analyst, agreementId)).toEqual({ epsilonSpent: 1, epsilonRemaining: 2, queriesRun: 1 });
    expect((await budgetOf(t, w.analyst, plain)).epsilonSpent).toBe(0);
  });

  it('reserves ε atomically from the same ledger: the budget runs out', async () => {
    const input = { agreementId, columns: ['dept', 'flag'], rows: 10, epsilon: 2 };
    const results = await Promise.all([t.gql(SYNTHESIZE, { i: input }, w.analyst), t.gql(SYNTHESIZE, { i: input }, w.analyst)]);
    expect(results.map(codeOf).sort()).toEqual([undefined, 'BUDGET_EXHAUSTED'].sort());
    expect(await budgetOf(t, w.analyst, agreementId)).toEqual({ epsilonSpent: 3, epsilonRemaining: 0, queriesRun: 2 });
    const refusals = ok(
      await t.gql('query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { details } } } }', { f: { actions: ['BUDGET_EXHAUSTED'], resourceId: agreementId } }, w.users.ownerAuditor.token),
    ).auditEvents.edges;
    expect(refusals.map((e: { node: { details: { operation: string } } }) => e.node.details.operation)).toEqual(['synthesizeDataset']);
  });

  it('charges a synthesis that fails after its ε was reserved, audits it, and says nothing of why', async () => {
    const admin = w.users.ownerAdmin.token;
    const created = ok(await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: { ...VISITS, name: 'visits_lost' } }, admin));
    const datasetId = created.createDataset.id;
    ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted } }', { d: datasetId, c: toCsv(visitRows()) }, admin));
    const lost = await grantOn(t, { ...w, datasetId }, { allowSynthetic: true });
    // The rows' table vanishes behind the server's back: the counting statement fails after the reservation.
    const [{ table_name }] = await t.services.dataSource.query('SELECT table_name FROM datasets WHERE id = $1', [datasetId]);
    await t.services.dataSource.query(`DROP TABLE parley_data."${table_name}"`);
    const res = await t.gql(SYNTHESIZE, { i: { agreementId: lost, columns: ['dept'], rows: 10, epsilon: 0.5 } }, w.analyst);
    expect({ code: codeOf(res), message: res.errors?.[0]?.message }).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: CHARGED_FAILURE_MESSAGE });
    expect(await budgetOf(t, w.analyst, lost)).toEqual({ epsilonSpent: 0.5, epsilonRemaining: 9.5, queriesRun: 1 });
    const [event] = await t.services.dataSource.query(`SELECT outcome, details FROM audit_events WHERE action = 'SYNTHETIC_DATA_FAILED' AND resource_id = $1`, [lost]);
    expect(event).toMatchObject({ outcome: 'ERROR', details: { operation: 'synthesizeDataset', epsilonSpent: 0.5, code: 'QUERY_FAILED' } });
    const [{ n }] = await t.services.dataSource.query('SELECT count(*)::int AS n FROM synthetic_datasets WHERE agreement_id = $1', [lost]);
    expect(n).toBe(0);
  });

  it('keeps at most 10,000,000 synthetic rows per agreement, refusing before anything is spent', async () => {
    const full = await grantOn(t, w, { allowSynthetic: true });
    // Stands for earlier syntheses: only the stored row count matters to the cap.
    await t.services.dataSource.query(
      `INSERT INTO synthetic_datasets (id, agreement_id, dataset_id, dataset_version, owner_organization_id, partner_organization_id, columns, row_count, epsilon, method)
       VALUES (gen_random_uuid(), $1, $2, 1, $3, $4, '{dept}', 9999990, 1, 'placeholder')`,
      [full, w.datasetId, w.owner, w.partner],
    );
    const input = { agreementId: full, columns: ['dept'], rows: 11, epsilon: 0.5 };
    const refused = await t.gql(SYNTHESIZE, { i: input }, w.analyst);
    expect({ code: codeOf(refused), field: refused.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'rows' });
    expect((await budgetOf(t, w.analyst, full)).epsilonSpent).toBe(0);
    ok(await t.gql(SYNTHESIZE, { i: { ...input, rows: 10 } }, w.analyst));
  });

  it('stops once the agreement is suspended', async () => {
    const other = await grantOn(t, w, { allowSynthetic: true });
    ok(await t.gql('mutation($id: ID!) { suspendAgreement(id: $id) { id } }', { id: other }, w.users.ownerAdmin.token));
    expect(codeOf(await t.gql(SYNTHESIZE, { i: { agreementId: other, columns: ['dept'], rows: 5, epsilon: 0.5 } }, w.analyst))).toBe('FORBIDDEN');
  });
});
