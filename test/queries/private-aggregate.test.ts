import { ok, startTestApp, type TestApp } from '../support/test-app';
import { usingPostgres } from '../support/test-database';
import { PREVIEW, budgetOf, createQueryWorld, grantOn, query, type QueryWorld } from './query-support';

describe('privateAggregate end to end', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w);
  });
  afterAll(() => t.close());

  it('answers COUNT + SUM + MEAN grouped by a category with every declared key', async () => {
    const input = {
      agreementId,
      epsilon: 0.9,
      aggregations: [{ function: 'COUNT' }, { function: 'SUM', column: 'amount' }, { function: 'MEAN', column: 'amount' }],
      groupBy: ['dept'],
      filters: [{ column: 'flag', op: 'EQ', value: 'true' }],
    };
    const res = ok(await query(t, w.analyst, input)).privateAggregate;
    expect(res.cached).toBe(false);
    expect(res.epsilonSpent).toBeCloseTo(0.9);
    expect(res.groups.map((g: any) => g.key)).toEqual([['a'], ['b'], ['c'], ['d']]);
    for (const g of res.groups) {
      expect(g.values.map((v: any) => v.function)).toEqual(['COUNT', 'SUM', 'MEAN']);
      expect(Number.isInteger(g.values[0].value)).toBe(true);
      expect(g.values[0].mechanism).toMatch(/discrete-laplace\(ε=0.3 of 0.9 split over 3 aggregations, sensitivity=2\)/);
    }
    const again = ok(await query(t, w.analyst, { ...input, aggregations: [...input.aggregations].reverse() })).privateAggregate;
    expect(again.cached).toBe(true);
    expect(again.epsilonSpent).toBe(0);
    expect(again.queryId).toBe(res.queryId);
    expect(again.groups[0].values.map((v: any) => v.function)).toEqual(['MEAN', 'SUM', 'COUNT']);
    expect(again.groups[0].values[2].value).toBe(res.groups[0].values[0].value);
    const budget = await budgetOf(t, w.analyst, agreementId);
    expect(budget.queriesRun).toBe(1);
    expect(budget.epsilonSpent).toBeCloseTo(0.9);
  });

  it('previews cost and accuracy without spending', async () => {
    const input = { agreementId, epsilon: 0.5, aggregations: [{ function: 'COUNT' }] };
    const before = await budgetOf(t, w.analyst, agreementId);
    const p = ok<{ previewAggregate: any }>(await t.gql(PREVIEW, { input }, w.analyst)).previewAggregate;
    expect(p.epsilonCost).toBe(0.5);
    expect(p.wouldBeCached).toBe(false);
    expect(p.expectedErrors[0].errorBound95).toBeGreaterThan(0);
    expect(await budgetOf(t, w.analyst, agreementId)).toEqual(before);
    const r = ok(await query(t, w.analyst, input)).privateAggregate;
    expect(r.groups[0].values[0].errorBound95).toBe(p.expectedErrors[0].errorBound95);
    const cachedPreview = ok<{ previewAggregate: any }>(await t.gql(PREVIEW, { input }, w.analyst)).previewAggregate;
    expect(cachedPreview.wouldBeCached).toBe(true);
    expect(cachedPreview.epsilonCost).toBe(0);
  });
});

describe('privateAggregate: every aggregation, partition selection, suppression and caching', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w, { delta: 1e-6, suppressBelow: 5, epsilonBudget: 20 });
  });
  afterAll(() => t.close());

  it('releases histograms over categories, booleans and numeric bins', async () => {
    const res = ok(
      await query(t, w.analyst, {
        agreementId,
        epsilon: 1,
        aggregations: [
          { function: 'HISTOGRAM', column: 'dept' },
          { function: 'HISTOGRAM', column: 'flag' },
          { function: 'HISTOGRAM', column: 'amount', bins: [0, 50, 100] },
        ],
      }),
    ).privateAggregate;
    const values = res.groups[0].values;
    expect(values.map((v: any) => v.bin)).toEqual(['a', 'b', 'c', 'd', 'true', 'false', '[0, 50)', '[50, 100]']);
    for (const v of values) expect(Number.isInteger(v.value)).toBe(true);
  });

  it('releases QUANTILE with the exponential mechanism and says its bound is in rank', async () => {
    const res = ok(
      await query(t, w.analyst, { agreementId, epsilon: 1, aggregations: [{ function: 'QUANTILE', column: 'amount', quantile: 0.5 }] }),
    ).privateAggregate;
    const v = res.groups[0].values[0];
    expect(v.quantile).toBe(0.5);
    expect(v.value).toBeGreaterThanOrEqual(0);
    expect(v.value).toBeLessThanOrEqual(100);
    expect(v.mechanism).toMatch(/^exponential\(.*rank/);
    // The true median of the 500 kept rows is near 50. Whichever 2 rows a 3-row person keeps, at most
    // 124 kept rows are ≤ 20 and at most 122 are ≥ 80, so every bucket whose midpoint is ≤ 20 or ≥ 80
    // lies ≥ 126 rows of rank from the median and has weight < e^{-126/4} (rank sensitivity 2, ε = 1):
    // by a union bound over 1000 buckets, P(|value − 50| ≥ 30) < 1000·e^{-31.5} < 3e-11.
    expect(Math.abs(v.value - 50)).toBeLessThan(30);
  });

  it('counts distinct people with sensitivity 1 when ungrouped', async () => {
    const res = ok(await query(t, w.analyst, { agreementId, epsilon: 1, aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }] })).privateAggregate;
    const v = res.groups[0].values[0];
    expect(v.mechanism).toMatch(/sensitivity=1\)/);
    // DLap(1) noise: errorBound95 = 3 and P(|Z| > 21) = 2e^{-22}/(1 + e^{-1}) < 5e-10.
    expect(v.errorBound95).toBe(3);
    expect(Math.abs(v.value - 300)).toBeLessThanOrEqual(v.errorBound95 * 7);
  });

  it('groups on TEXT only through partition selection, and never says how many partitions exist', async () => {
    // An agreement with δ = 1e-12, so that the outcome is certain but for a stated chance: 294
    // people live in "big", 6 in "rare"; the threshold at ε = 0.5, δ = 1e-12, m = 2 is 112, and
    // "rare" reaches it with probability P(Z ≥ 106) = e^{-26.5}/(1 + e^{-0.25}) < 2e-12 under
    // DLap(4) noise ("big" misses it with probability < e^{-45}).
    const tight = await grantOn(t, w, { delta: 1e-12, epsilonBudget: 1 });
    const res = ok(
      await query(t, w.analyst, { agreementId: tight, epsilon: 1, aggregations: [{ function: 'COUNT' }], groupBy: ['city'] }),
    ).privateAggregate;
    expect(res.groups.map((g: any) => g.key)).toEqual([['big']]);
    expect(res.groups[0].values[0].mechanism).toMatch(/split over 1 aggregation \+ partition selection/);
    expect(res.suppressedGroups).toBe(0);
  });

  it('suppresses groups whose noisy count falls below suppressBelow, empty declared keys included', async () => {
    // An agreement of its own with a large ε per query, so the outcome is certain but for a
    // stated chance: COUNT over (dept, flag) has sensitivity m = 2, so at ε = 10 the noise is
    // DLap(0.2). The 6 empty keys (d × {true, false, null} and {a, b, c} × null) each reach the
    // threshold 5 with probability P(Z ≥ 5) = e^{-25}/(1 + e^{-5}) < 1.4e-11, the 6 others (≥ 50
    // rows each) fall below it with probability < e^{-225}: by a union bound this test fails by
    // chance with probability < 1e-10.
    const strict = await grantOn(t, w, { suppressBelow: 5, epsilonBudget: 10, epsilonPerQueryMax: 10 });
    const res = ok(
      await query(t, w.analyst, { agreementId: strict, epsilon: 10, aggregations: [{ function: 'COUNT' }], groupBy: ['dept', 'flag'] }),
    ).privateAggregate;
    const keys = res.groups.map((g: any) => g.key.map((k: string | null) => k ?? 'null').join('/'));
    expect(keys).toEqual(['a/true', 'a/false', 'b/true', 'b/false', 'c/true', 'c/false']);
    expect(res.suppressedGroups).toBe(6);
  });

  it('treats filters in any order and equivalent literals as the same query', async () => {
    const base = { agreementId, epsilon: 0.7, aggregations: [{ function: 'SUM', column: 'amount' }] };
    const first = ok(
      await query(t, w.analyst, { ...base, filters: [{ column: 'amount', op: 'GE', value: '10' }, { column: 'dept', op: 'IN', values: ['b', 'a'] }] }),
    ).privateAggregate;
    const second = ok(
      await query(t, w.analyst, { ...base, filters: [{ column: 'dept', op: 'IN', values: ['a', 'b', 'a'] }, { column: 'amount', op: 'GE', value: '010' }] }),
    ).privateAggregate;
    expect(second.cached).toBe(true);
    expect(second.groups).toEqual(first.groups);
    const third = ok(await query(t, w.analyst, { ...base, epsilon: 0.71, filters: [{ column: 'amount', op: 'GE', value: '10' }] })).privateAggregate;
    expect(third.cached).toBe(false);
  });

  // The embedded database cannot yet serve a transaction and reads on other connections at the
  // same time (messages interleave on its single backend); this runs on PostgreSQL only.
  (usingPostgres ? it : it.skip)('answers identical concurrent queries once: one spends, the others are served its answer', async () => {
    const input = { agreementId, epsilon: 0.11, aggregations: [{ function: 'COUNT' }], groupBy: ['flag'] };
    const before = await budgetOf(t, w.analyst, agreementId);
    const results = (await Promise.all([1, 2, 3].map(() => query(t, w.analyst, input)))).map((r) => ok(r).privateAggregate);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    expect(new Set(results.map((r) => r.queryId)).size).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.groups))).size).toBe(1);
    const after = await budgetOf(t, w.analyst, agreementId);
    expect(after.queriesRun).toBe(before.queriesRun + 1);
    expect(after.epsilonSpent).toBeCloseTo(before.epsilonSpent + 0.11);
  });

  it('makes a new dataset version a new query', async () => {
    const input = { agreementId, epsilon: 0.3, aggregations: [{ function: 'COUNT' }] };
    const first = ok(await query(t, w.analyst, input)).privateAggregate;
    ok(
      await t.gql(
        'mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted } }',
        { d: w.datasetId, c: 'person,dept,amount,score,flag,city,day\nnew1,a,5,0.5,true,big,2024-02-01\n' },
        w.users.ownerAdmin.token,
      ),
    );
    const second = ok(await query(t, w.analyst, input)).privateAggregate;
    expect(second.cached).toBe(false);
    expect(second.datasetVersion).toBe(first.datasetVersion + 1);
  });
});
