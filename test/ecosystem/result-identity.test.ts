import { ok, startTestApp, type TestApp } from '../support/test-app';
import { budgetOf, createQueryWorld, grantOn, type QueryWorld } from '../queries/query-support';

const RUN = `mutation($input: AggregateQueryInput!) {
  privateAggregate(input: $input) {
    id queryId agreementId epsilonSpent cached
    budget { epsilonRemaining }
    agreement { id status budget { epsilonSpent epsilonRemaining queriesRun } }
  }
}`;

let t: TestApp;
let w: QueryWorld;
let agreementId: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await createQueryWorld(t);
  agreementId = await grantOn(t, w);
});
afterAll(() => t.close());

describe('results carry their agreement and an id, so normalized caches update themselves', () => {
  it("privateAggregate returns the agreement with the budget this query left, under the agreement's own id", async () => {
    const before = await budgetOf(t, w.analyst, agreementId);
    const input = { agreementId, aggregations: [{ function: 'COUNT' }], epsilon: 0.5 };
    const r = ok<{ privateAggregate: any }>(await t.gql(RUN, { input }, w.analyst)).privateAggregate;
    expect(r.id).toBe(r.queryId);
    expect(r.agreement.id).toBe(agreementId);
    expect(r.agreement.status).toBe('ACTIVE');
    // What a cache writes into SharingAgreement:<id> is exactly what a fresh read of the agreement says.
    const after = await budgetOf(t, w.analyst, agreementId);
    expect(r.agreement.budget).toEqual(after);
    expect(after.epsilonRemaining).toBeCloseTo(before.epsilonRemaining - 0.5, 9);
    expect(r.agreement.budget.epsilonRemaining).toBe(r.budget.epsilonRemaining);

    // The same query again is served from the cache: same identity, nothing more spent.
    const again = ok<{ privateAggregate: any }>(await t.gql(RUN, { input }, w.analyst)).privateAggregate;
    expect(again.cached).toBe(true);
    expect(again.id).toBe(r.id);
    expect(again.agreement.budget).toEqual(after);
  });

  it('queryHistory entries name their agreement too', async () => {
    const data = ok<{ queryHistory: { queryId: string; agreement: { id: string; budget: { queriesRun: number } } }[] }>(
      await t.gql('{ queryHistory { queryId agreement { id budget { queriesRun } } } }', {}, w.analyst),
    );
    expect(data.queryHistory.length).toBeGreaterThan(0);
    for (const past of data.queryHistory) expect(past.agreement.id).toBe(agreementId);
    expect(data.queryHistory[0]!.agreement.budget.queriesRun).toBe(1);
  });
});
