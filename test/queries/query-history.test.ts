import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createQueryWorld, grantOn, query, type QueryWorld } from './query-support';

const HISTORY = `query($agreementId: ID, $first: Int) { queryHistory(agreementId: $agreementId, first: $first) {
  queryId agreementId datasetVersion epsilonSpent executedAt query suppressedGroups groups { key values { function value errorBound95 } } } }`;

describe('queryHistory', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w);
  });
  afterAll(() => t.close());

  it("lists the caller's own released answers, newest first, exactly as released, and spends nothing", async () => {
    const first = ok(await query(t, w.analyst, { agreementId, epsilon: 0.1, aggregations: [{ function: 'COUNT' }], groupBy: ['dept'] })).privateAggregate;
    const second = ok(
      await query(t, w.analyst, { agreementId, epsilon: 0.2, aggregations: [{ function: 'SUM', column: 'amount' }], filters: [{ column: 'flag', op: 'EQ', value: 'true' }] }),
    ).privateAggregate;

    const history = ok<any>(await t.gql(HISTORY, { agreementId }, w.analyst)).queryHistory;
    expect(history.map((h: any) => h.queryId)).toEqual([second.queryId, first.queryId]);
    expect(history[1].groups).toEqual(first.groups.map((g: any) => ({ key: g.key, values: g.values.map((v: any) => ({ function: v.function, value: v.value, errorBound95: v.errorBound95 })) })));
    expect(history[0]).toMatchObject({ agreementId, epsilonSpent: 0.2, query: { groupBy: [], epsilon: 0.2 } });
    expect(history[0].query.filters).toEqual([expect.objectContaining({ column: 'flag', op: 'EQ' })]);

    const budget = ok<any>(await t.gql('query($id: ID!) { agreement(id: $id) { budget { epsilonSpent queriesRun } } }', { id: agreementId }, w.analyst));
    expect(budget.agreement.budget).toEqual({ epsilonSpent: 0.3, queriesRun: 2 });
    expect(ok<any>(await t.gql(HISTORY, { first: 1 }, w.analyst)).queryHistory).toHaveLength(1);
  });

  it('shows nobody else the answers: other users, the owner, outsiders get an empty list', async () => {
    for (const token of [w.users.partnerAdmin.token, w.users.ownerAdmin.token, w.users.outsiderAnalyst.token, w.users.platformAuditor.token]) {
      expect(ok<any>(await t.gql(HISTORY, {}, token)).queryHistory).toEqual([]);
    }
    expect(codeOf(await t.gql(HISTORY, {}, null))).toBe('UNAUTHENTICATED');
  });

  it('stops listing answers under an agreement that was revoked', async () => {
    ok(await t.gql('mutation($id: ID!) { revokeAgreement(id: $id) { status } }', { id: agreementId }, w.users.ownerAdmin.token));
    expect(ok<any>(await t.gql(HISTORY, { agreementId }, w.analyst)).queryHistory).toEqual([]);
  });

  it('refuses a bad page size or id', async () => {
    expect(codeOf(await t.gql(HISTORY, { first: 0 }, w.analyst))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(HISTORY, { first: 201 }, w.analyst))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(HISTORY, { agreementId: 'nope' }, w.analyst))).toBe('BAD_USER_INPUT');
  });
});
