import { CHARGED_FAILURE_MESSAGE } from '../../src/queries/charged-failure';
import { PAD_PER_CANDIDATE_MS, PAD_PER_DRAW_MS, PAD_SELECTION_BASE_MS } from '../../src/queries/release-timing';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { AGGREGATE, BUDGET_OF, auditOf, tableOf } from './attack-support';

const DEFAULT_CANDIDATE_CAP = 5000;

/** A dataset whose TEXT column `city` has `rare` one-person keys besides one big key. */
async function cityWorld(t: TestApp, rare: number): Promise<{ w: TwoOrgWorld; datasetId: string; agreementId: string }> {
  const w = await createWorld(t);
  const admin = w.users.ownerAdmin.token;
  const columns = [
    { name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
    { name: 'city', type: 'TEXT' },
  ];
  const created = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: { name: 'cities', columns, privacyUnitColumn: 'person' } }, admin),
  );
  const datasetId = created.createDataset.id;
  const lines = ['person,city'];
  for (let i = 0; i < 300; i += 1) lines.push(`big${i},big`);
  for (let i = 0; i < rare; i += 1) lines.push(`rare${i},c${i}`);
  ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c, strict: true) { rowsAccepted } }', { d: datasetId, c: lines.join('\n') + '\n' }, admin));
  const grant = ok<{ grantAgreement: { id: string } }>(
    await t.gql(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      { i: { datasetId, partnerOrganizationId: w.partner, purpose: 'timing', columns: ['city'], allowedAggregations: ['COUNT'], epsilonBudget: 10, epsilonPerQueryMax: 1, delta: 1e-6 } },
      admin,
    ),
  );
  return { w, datasetId, agreementId: grant.grantAgreement.id };
}

/**
 * Partition-selection answers were padded to a fixed 200 ms that large candidate sets overran, so
 * the latency told how many keys the data held (10 keys: 452 ms, 60,000 keys: 1,353 ms). The
 * deadline now follows from the public candidate cap, and a query with more candidates than the
 * cap is never processed: it fails, charged, with the one generic error.
 */
describe('attack: counting private keys by the latency of partition selection', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof cityWorld>>;
  beforeAll(async () => {
    t = await startTestApp();
    world = await cityWorld(t, DEFAULT_CANDIDATE_CAP + 1000);
  });
  afterAll(() => t.close());

  const run = (filters: unknown[] | null, epsilon = 0.5) =>
    t.gql(AGGREGATE, { input: { agreementId: world.agreementId, aggregations: [{ function: 'COUNT' }], groupBy: ['city'], filters, epsilon } }, world.w.users.partnerAnalyst.token);

  it('pads even a two-key answer to the deadline of the public cap (every candidate selected, all its draws)', async () => {
    const deadline = PAD_SELECTION_BASE_MS + DEFAULT_CANDIDATE_CAP * (PAD_PER_CANDIDATE_MS + PAD_PER_DRAW_MS);
    expect(deadline).toBeGreaterThan(200);
    const started = performance.now();
    ok(await run([{ column: 'city', op: 'IN', values: ['big', 'c1'] }]));
    // A lower bound only: the release alone waits for the deadline, the rest of the request adds to it.
    expect(performance.now() - started).toBeGreaterThanOrEqual(deadline);
  });

  it('charges and refuses, with the generic error, a query with more candidates than the cap', async () => {
    const before = ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: world.agreementId }, world.w.users.partnerAnalyst.token)).agreement.budget;
    const r = await run(null, 0.25);
    expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors![0]!.message).toBe(CHARGED_FAILURE_MESSAGE);
    const after = ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: world.agreementId }, world.w.users.partnerAnalyst.token)).agreement.budget;
    expect(after.epsilonSpent).toBeCloseTo(before.epsilonSpent + 0.25, 9);
    expect(after.queriesRun).toBe(before.queriesRun + 1);
  });
});

// PGlite runs in this process and does not interrupt a running statement: timeouts need PostgreSQL.
const withServer = process.env.DATABASE_URL ? describe : describe.skip;

withServer('attack: a statement timeout as a free probe', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof cityWorld>>;
  beforeAll(async () => {
    t = await startTestApp({ PARLEY_STATEMENT_TIMEOUT_MS: '1' });
    world = await cityWorld(t, 10);
    // Enough rows that the statement cannot finish within 1 ms on any machine.
    const table = await tableOf(t, world.datasetId);
    await t.services.dataSource.query(`INSERT INTO ${table} (person, city) SELECT 'x' || g, 'big' FROM generate_series(1, 300000) g`);
  });
  afterAll(() => t.close());

  it('charges a query that ran into the statement timeout and audits it as QUERY_FAILED', async () => {
    // No group-by: nothing to pad (a padded release longer than the timeout is refused up front).
    const input = { agreementId: world.agreementId, aggregations: [{ function: 'COUNT' }], filters: [{ column: 'city', op: 'NE', value: 'c1' }], epsilon: 0.5 };
    const r = await t.gql(AGGREGATE, { input }, world.w.users.partnerAnalyst.token);
    expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors![0]!.message).toBe(CHARGED_FAILURE_MESSAGE);
    const budget = ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: world.agreementId }, world.w.users.partnerAnalyst.token)).agreement.budget;
    expect(budget).toMatchObject({ epsilonSpent: 0.5, deltaSpent: 0, queriesRun: 1 });
    const events = await auditOf(t, world.agreementId);
    expect(events.filter((e) => e.action === 'QUERY_FAILED')).toEqual([expect.objectContaining({ outcome: 'ERROR', details: expect.objectContaining({ epsilonSpent: 0.5 }) })]);
  });
});
