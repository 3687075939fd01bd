import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { PREVIEW, budgetOf, createQueryWorld, grantOn, query, type QueryWorld } from './query-support';

const INJECTION = 'a"; DROP TABLE datasets; --';

async function auditActions(t: TestApp, resourceId: string): Promise<string[]> {
  const rows: { action: string }[] = await t.services.dataSource.query(
    'SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq',
    [resourceId],
  );
  return rows.map((r) => r.action);
}

describe('privateAggregate refusals', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  const count = [{ function: 'COUNT' }];
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w, {
      columns: ['dept', 'amount', 'flag', 'city', 'day'],
      allowedAggregations: ['COUNT', 'SUM', 'HISTOGRAM', 'QUANTILE'],
      epsilonPerQueryMax: 0.5,
      epsilonBudget: 1,
    });
  });
  afterAll(() => t.close());

  const bad: [string, Record<string, unknown>, string][] = [
    ['ε below 0.001', { epsilon: 0.0009 }, 'BAD_USER_INPUT'],
    ['ε above the agreement maximum', { epsilon: 0.51 }, 'BAD_USER_INPUT'],
    ['a column outside the agreement', { aggregations: [{ function: 'SUM', column: 'score' }] }, 'FORBIDDEN'],
    ['a group-by outside the agreement', { groupBy: ['score'] }, 'FORBIDDEN'],
    ['a filter outside the agreement', { filters: [{ column: 'score', op: 'GT', value: '0.5' }] }, 'FORBIDDEN'],
    ['an aggregation the agreement does not allow', { aggregations: [{ function: 'MEAN', column: 'amount' }] }, 'FORBIDDEN'],
    ['a TEXT group-by under delta = 0', { groupBy: ['city'] }, 'FORBIDDEN'],
    ['an injection as aggregation column', { aggregations: [{ function: 'SUM', column: INJECTION }] }, 'BAD_USER_INPUT'],
    ['an injection as group-by', { groupBy: [INJECTION] }, 'BAD_USER_INPUT'],
    ['an injection as filter column', { filters: [{ column: INJECTION, op: 'EQ', value: 'x' }] }, 'BAD_USER_INPUT'],
    ['an injection as INTEGER operand', { filters: [{ column: 'amount', op: 'EQ', value: "1 OR 1=1" }] }, 'BAD_USER_INPUT'],
    ['a NUL character in a TEXT operand', { filters: [{ column: 'city', op: 'EQ', value: 'a\u0000b' }] }, 'BAD_USER_INPUT'],
    ['an impossible DATE', { filters: [{ column: 'day', op: 'GE', value: '2024-02-30' }] }, 'BAD_USER_INPUT'],
    ['an ordering on a CATEGORY', { filters: [{ column: 'dept', op: 'LT', value: 'b' }] }, 'BAD_USER_INPUT'],
    ['an empty IN list', { filters: [{ column: 'dept', op: 'IN', values: [] }] }, 'BAD_USER_INPUT'],
    ['IS_NULL with an operand', { filters: [{ column: 'dept', op: 'IS_NULL', value: 'a' }] }, 'BAD_USER_INPUT'],
    ['descending bins', { aggregations: [{ function: 'HISTOGRAM', column: 'amount', bins: [10, 5] }] }, 'BAD_USER_INPUT'],
    ['101 bins', { aggregations: [{ function: 'HISTOGRAM', column: 'amount', bins: Array.from({ length: 102 }, (_, i) => i) }] }, 'BAD_USER_INPUT'],
    ['quantile 1', { aggregations: [{ function: 'QUANTILE', column: 'amount', quantile: 1 }] }, 'BAD_USER_INPUT'],
    ['QUANTILE without quantile', { aggregations: [{ function: 'QUANTILE', column: 'amount' }] }, 'BAD_USER_INPUT'],
    ['COUNT with a column', { aggregations: [{ function: 'COUNT', column: 'amount' }] }, 'BAD_USER_INPUT'],
    ['SUM over a CATEGORY', { aggregations: [{ function: 'SUM', column: 'dept' }] }, 'BAD_USER_INPUT'],
    ['the same aggregation twice', { aggregations: [{ function: 'COUNT' }, { function: 'COUNT' }] }, 'BAD_USER_INPUT'],
    ['no aggregation', { aggregations: [] }, 'BAD_USER_INPUT'],
    ['a malformed agreement id', { agreementId: "1'; --" }, 'BAD_USER_INPUT'],
    ['an unknown agreement', { agreementId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND'],
  ];

  it.each(bad)('refuses %s clearly, spending nothing', async (_, change, code) => {
    const input = { agreementId, epsilon: 0.1, aggregations: count, ...change };
    const before = await budgetOf(t, w.analyst, agreementId);
    const r = await query(t, w.analyst, input);
    expect(codeOf(r)).toBe(code);
    expect(JSON.stringify(r.errors)).not.toMatch(/SELECT|parley_data|stack/);
    expect(await budgetOf(t, w.analyst, agreementId)).toEqual(before);
    const preview = await t.gql(PREVIEW, { input }, w.analyst);
    expect(codeOf(preview)).toBe(code);
  });

  it('refuses NaN and infinite ε with BAD_USER_INPUT', async () => {
    for (const body of [
      `{"query":"mutation($i: AggregateQueryInput!) { privateAggregate(input: $i) { queryId } }","variables":{"i":{"agreementId":"${agreementId}","epsilon":1e400,"aggregations":[{"function":"COUNT"}]}}}`,
      `{"query":"mutation { privateAggregate(input: {agreementId: \\"${agreementId}\\", epsilon: 1e400, aggregations: [{function: COUNT}]}) { queryId } }"}`,
      `{"query":"mutation($i: AggregateQueryInput!) { privateAggregate(input: $i) { queryId } }","variables":{"i":{"agreementId":"${agreementId}","epsilon":"NaN","aggregations":[{"function":"COUNT"}]}}}`,
    ]) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${w.analyst}` },
        body,
      });
      const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await budgetOf(t, w.analyst, agreementId)).queriesRun).toBe(0);
  });

  it('binds quotes in string operands as values: the query runs and the tables survive', async () => {
    const r = ok(
      await query(t, w.analyst, {
        agreementId,
        epsilon: 0.1,
        aggregations: count,
        filters: [{ column: 'city', op: 'IN', values: ["x'); DROP TABLE datasets; --", 'big"', '{a,b}'] }],
      }),
    ).privateAggregate;
    expect(r.cached).toBe(false);
    expect((await t.services.dataSource.query('SELECT count(*)::int AS n FROM datasets'))[0].n).toBe(1);
  });

  it('lets only the partner analyst query: others get NOT_FOUND or FORBIDDEN', async () => {
    const input = { agreementId, epsilon: 0.1, aggregations: count };
    expect(codeOf(await query(t, w.users.outsiderAnalyst.token, input))).toBe('NOT_FOUND');
    expect(codeOf(await query(t, w.users.partnerAdmin.token, input))).toBe('FORBIDDEN');
    expect(codeOf(await query(t, w.users.ownerAdmin.token, input))).toBe('FORBIDDEN');
    expect(codeOf(await query(t, w.users.ownerAnalyst.token, input))).toBe('NOT_FOUND');
  });

  it('records each refused query once, as QUERY_DENIED, without operand values', async () => {
    const before = (await auditActions(t, agreementId)).length;
    const r = await query(t, w.analyst, { agreementId, epsilon: 0.1, aggregations: [{ function: 'SUM', column: 'score' }], filters: [{ column: 'city', op: 'EQ', value: 'secret-name' }] });
    expect(codeOf(r)).toBe('FORBIDDEN');
    const after = await auditActions(t, agreementId);
    expect(after.slice(before)).toEqual(['QUERY_DENIED']);
    const details = await t.services.dataSource.query('SELECT details FROM audit_events WHERE resource_id = $1 ORDER BY seq DESC LIMIT 1', [agreementId]);
    expect(JSON.stringify(details)).not.toContain('secret-name');
  });

  it('refuses with BUDGET_EXHAUSTED once the budget is gone, records it, and still serves cached answers', async () => {
    const first = { agreementId, epsilon: 0.5, aggregations: [{ function: 'SUM', column: 'amount' }] };
    ok(await query(t, w.analyst, first));
    const spent = await budgetOf(t, w.analyst, agreementId);
    expect(spent.epsilonRemaining).toBeCloseTo(0.4);
    const r = await query(t, w.analyst, { ...first, epsilon: 0.45 });
    expect(codeOf(r)).toBe('BUDGET_EXHAUSTED');
    expect(await budgetOf(t, w.analyst, agreementId)).toEqual(spent);
    expect((await auditActions(t, agreementId)).slice(-1)).toEqual(['BUDGET_EXHAUSTED']);
    const preview = ok<{ previewAggregate: any }>(await t.gql(PREVIEW, { input: { ...first, epsilon: 0.45 } }, w.analyst)).previewAggregate;
    expect(preview.remainingQueriesAtThisCost).toBe(0);
    const again = ok(await query(t, w.analyst, first)).privateAggregate;
    expect(again.cached).toBe(true);
    expect((await auditActions(t, agreementId)).slice(-1)).toEqual(['QUERY_CACHED']);
  });

  it('serves no cached answer once the agreement is suspended', async () => {
    const first = { agreementId, epsilon: 0.5, aggregations: [{ function: 'SUM', column: 'amount' }] };
    ok(await t.gql('mutation($id: ID!) { suspendAgreement(id: $id) { id } }', { id: agreementId }, w.users.ownerAdmin.token));
    expect(codeOf(await query(t, w.analyst, first))).toBe('FORBIDDEN');
  });
});
