import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createQueryWorld, grantOn, type QueryWorld } from '../queries/query-support';
import { AGGREGATE, BUDGET_OF, PREVIEW_COST } from './attack-support';

const PREVIEW_REMAINING = 'query($input: AggregateQueryInput!) { previewAggregate(input: $input) { deltaCost remainingQueriesAtThisCost } }';

/**
 * δ was never added up: every partition-selection query spent δ, but nothing stopped an analyst
 * from running 60 of them with trivially different filters, each with its own chance of
 * releasing a key that only one person holds. δ now has a per-period budget like ε.
 */
describe('attack: unbounded δ through many cheap selection queries', () => {
  let t: TestApp;
  let w: QueryWorld;
  const DELTA = 1e-6;
  beforeAll(async () => {
    t = await startTestApp({ PARLEY_MAX_SELECTION_CANDIDATES: '50' });
    w = await createQueryWorld(t);
  });
  afterAll(() => t.close());

  const selection = (agreementId: string, i: number, extra: Record<string, unknown> = {}) => ({
    agreementId,
    aggregations: [{ function: 'COUNT' }],
    groupBy: ['city'],
    // Trivially different filters: each is a new query, never a cache hit.
    filters: [{ column: 'amount', op: 'NE', value: String(1000 + i) }],
    epsilon: 0.01,
    ...extra,
  });
  const budget = async (id: string) => ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id }, w.analyst)).agreement.budget;

  it('stops selection queries once the δ budget (default 10 × delta) is spent, with BUDGET_EXHAUSTED', async () => {
    const agreementId = await grantOn(t, w, { delta: DELTA, epsilonBudget: 10, epsilonPerQueryMax: 1 });
    expect(await budget(agreementId)).toMatchObject({ deltaTotal: 1e-5, deltaSpent: 0, deltaRemaining: 1e-5 });
    const preview = ok<{ previewAggregate: { deltaCost: number } }>(await t.gql(PREVIEW_REMAINING, { input: selection(agreementId, 0) }, w.analyst));
    // ε would allow 1,000 such queries; δ allows ten.
    expect(preview.previewAggregate).toEqual({ deltaCost: DELTA, remainingQueriesAtThisCost: 10 });
    for (let i = 0; i < 10; i += 1) {
      const r = ok<{ privateAggregate: { deltaSpent: number; epsilonSpent: number } }>(await t.gql(AGGREGATE, { input: selection(agreementId, i) }, w.analyst));
      expect(r.privateAggregate.deltaSpent).toBe(DELTA);
    }
    const refused = await t.gql(AGGREGATE, { input: selection(agreementId, 10) }, w.analyst);
    expect(codeOf(refused)).toBe('BUDGET_EXHAUSTED');
    expect(refused.errors![0]!.extensions).toMatchObject({ deltaRemaining: 0, deltaRequested: DELTA });
    const after = await budget(agreementId);
    expect(after).toMatchObject({ deltaSpent: 1e-5, deltaRemaining: 0, queriesRun: 10 });
    // ε is far from spent: δ alone stopped the attack, and queries that need no δ still run.
    expect(after.epsilonRemaining).toBeGreaterThan(9);
    const plain = ok<{ privateAggregate: { deltaSpent: number } }>(
      await t.gql(AGGREGATE, { input: { agreementId, aggregations: [{ function: 'COUNT' }], groupBy: ['dept'], epsilon: 0.01, delta: DELTA } }, w.analyst),
    );
    expect(plain.privateAggregate.deltaSpent).toBe(0);
    // The owner may raise the δ budget; selection then resumes.
    ok(await t.gql('mutation($i: AmendAgreementInput!) { amendAgreement(input: $i) { id } }', { i: { agreementId, deltaBudget: 1.2e-5 } }, w.users.ownerAdmin.token));
    ok(await t.gql(AGGREGATE, { input: selection(agreementId, 11) }, w.analyst));
    expect((await budget(agreementId)).deltaRemaining).toBeCloseTo(DELTA, 15);
  });

  it('takes a smaller δ per query, refuses a larger one, and keys the cache on δ', async () => {
    const agreementId = await grantOn(t, w, { delta: DELTA, deltaBudget: 1e-4 });
    expect(codeOf(await t.gql(AGGREGATE, { input: selection(agreementId, 0, { delta: 2 * DELTA }) }, w.analyst))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(AGGREGATE, { input: selection(agreementId, 0, { delta: -1e-7 }) }, w.analyst))).toBe('BAD_USER_INPUT');
    const preview = ok<{ previewAggregate: { deltaCost: number } }>(await t.gql(PREVIEW_COST, { input: selection(agreementId, 0, { delta: DELTA / 2 }) }, w.analyst));
    expect(preview.previewAggregate.deltaCost).toBe(DELTA / 2);
    const half = ok<{ privateAggregate: any }>(await t.gql(AGGREGATE, { input: selection(agreementId, 0, { delta: DELTA / 2 }) }, w.analyst));
    expect(half.privateAggregate).toMatchObject({ deltaSpent: DELTA / 2, cached: false });
    // The same query with another δ is another release, paid again; the same δ is the cached answer.
    const full = ok<{ privateAggregate: any }>(await t.gql(AGGREGATE, { input: selection(agreementId, 0) }, w.analyst));
    expect(full.privateAggregate).toMatchObject({ deltaSpent: DELTA, cached: false });
    const again = ok<{ privateAggregate: any }>(await t.gql(AGGREGATE, { input: selection(agreementId, 0, { delta: DELTA / 2 }) }, w.analyst));
    expect(again.privateAggregate).toMatchObject({ deltaSpent: 0, cached: true, queryId: half.privateAggregate.queryId });
    expect((await budget(agreementId)).deltaSpent).toBeCloseTo(1.5 * DELTA, 15);
  });

  it('validates deltaBudget when granting and amending', async () => {
    for (const deltaBudget of [-1e-6, 0.5]) {
      const r = await t.gql(
        'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
        { i: { datasetId: w.datasetId, partnerOrganizationId: w.partner, purpose: 'p', columns: ['dept'], allowedAggregations: ['COUNT'], epsilonBudget: 1, epsilonPerQueryMax: 1, delta: DELTA, deltaBudget } },
        w.users.ownerAdmin.token,
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe('deltaBudget');
    }
    const agreementId = await grantOn(t, w, { delta: DELTA });
    const amend = await t.gql('mutation($i: AmendAgreementInput!) { amendAgreement(input: $i) { id } }', { i: { agreementId, deltaBudget: 2 } }, w.users.ownerAdmin.token);
    expect(codeOf(amend)).toBe('BAD_USER_INPUT');
  });
});
