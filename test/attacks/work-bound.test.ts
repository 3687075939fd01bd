import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { AGGREGATE, BUDGET_OF, PREVIEW_COST } from './attack-support';

/**
 * 10,000 public groups × 10 aggregations × 100 bins were 10⁷ synchronous noise draws before any
 * timeout could stop them. The number of released values is now bounded before anything is spent.
 */
describe('attack: a query that releases millions of values', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  let agreementId: string;
  // 21³ = 9,261 public groups, under the 10,000 groups a group-by may have.
  const categories = Array.from({ length: 21 }, (_, i) => `c${i}`);
  const histograms = Array.from({ length: 10 }, (_, k) => ({
    function: 'HISTOGRAM',
    column: 'amount',
    bins: Array.from({ length: 101 }, (_, i) => i + k / 10),
  }));
  beforeAll(async () => {
    t = await startTestApp(); // the default PARLEY_MAX_RELEASED_VALUES
    w = await createWorld(t);
    const columns = [
      { name: 'x', type: 'CATEGORY', categories, nullable: false },
      { name: 'y', type: 'CATEGORY', categories, nullable: false },
      { name: 'z', type: 'CATEGORY', categories, nullable: false },
      { name: 'city', type: 'TEXT' },
      { name: 'amount', type: 'INTEGER', lowerBound: 0, upperBound: 200 },
    ];
    const created = ok<{ createDataset: { id: string } }>(
      await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: { name: 'wide', columns } }, w.users.ownerAdmin.token),
    );
    const grant = ok<{ grantAgreement: { id: string } }>(
      await t.gql(
        'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
        {
          i: {
            datasetId: created.createDataset.id,
            partnerOrganizationId: w.partner,
            purpose: 'work bound',
            columns: ['x', 'y', 'z', 'city', 'amount'],
            allowedAggregations: ['COUNT', 'HISTOGRAM'],
            epsilonBudget: 10,
            epsilonPerQueryMax: 1,
            delta: 1e-6,
          },
        },
        w.users.ownerAdmin.token,
      ),
    );
    agreementId = grant.grantAgreement.id;
  });
  afterAll(() => t.close());

  const spent = async () => ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: agreementId }, w.users.partnerAnalyst.token)).agreement.budget;

  it('refuses 9,261 groups × 10 histograms × 100 bins with QUERY_TOO_COMPLEX before spending, in preview and run', async () => {
    const input = { agreementId, aggregations: histograms, groupBy: ['x', 'y', 'z'], epsilon: 1 };
    for (const op of [AGGREGATE, PREVIEW_COST]) {
      const started = performance.now();
      const r = await t.gql(op, { input }, w.users.partnerAnalyst.token);
      expect(codeOf(r)).toBe('QUERY_TOO_COMPLEX');
      expect(r.errors![0]!.message).toMatch(/PARLEY_MAX_RELEASED_VALUES/);
      expect(r.errors![0]!.extensions).toMatchObject({ releasedValues: 9261 * 1000, maxReleasedValues: 100_000 });
      // Refused without drawing: ten million draws take tens of seconds.
      expect(performance.now() - started).toBeLessThan(5000);
    }
    expect(await spent()).toMatchObject({ epsilonSpent: 0, queriesRun: 0 });
  });

  it('bounds a partition-selection query by the public candidate cap, not by the private number of keys', async () => {
    const input = { agreementId, aggregations: histograms, groupBy: ['city'], epsilon: 1 };
    const r = await t.gql(AGGREGATE, { input }, w.users.partnerAnalyst.token);
    expect(codeOf(r)).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors![0]!.extensions).toMatchObject({ releasedValues: 5000 * 1000 });
    expect(await spent()).toMatchObject({ epsilonSpent: 0, queriesRun: 0 });
  });

  it('still runs a query within the bound', async () => {
    const r = ok<{ privateAggregate: { groups: unknown[] } }>(
      await t.gql(AGGREGATE, { input: { agreementId, aggregations: [{ function: 'COUNT' }], groupBy: ['x', 'y'], epsilon: 1 } }, w.users.partnerAnalyst.token),
    );
    expect(r.privateAggregate.groups).toHaveLength(21 * 21);
  });
});
