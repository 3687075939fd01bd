import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createQueryWorld, grantOn, query, visitRows, type QueryWorld } from './query-support';

/** True COUNT per department after contribution bounding (each person keeps at most 2 rows). */
function trueCounts(): Record<string, number> {
  const perPerson = new Map<string, { dept: string; rows: number }>();
  for (const r of visitRows()) {
    const p = perPerson.get(r.person) ?? { dept: r.dept, rows: 0 };
    p.rows += 1;
    perPerson.set(r.person, p);
  }
  const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
  for (const { dept, rows } of perPerson.values()) counts[dept]! += Math.min(rows, 2);
  return counts;
}

/**
 * Many equivalent queries through GraphQL on real data, each with its own ε (so none is served
 * from the cache): the released noise must be centred, have the discrete Laplace spread of the
 * stated mechanism, and fall inside errorBound95 at least 95% of the time.
 *
 * Only departments a, b and c are measured: d is empty, and its count is clamped at 0, so its
 * noise is not symmetric any more (that is the point of the clamp; see test/attacks/).
 * The thresholds are Chernoff bounds computed from the exact moment generating functions of the
 * 300 discrete Laplace draws (scale 2/ε, ε ∈ [0.3, 0.4)), so a correct mechanism fails this test by
 * chance with probability below 1e-9 in total: |mean of z| ≥ 0.4 has probability < 2e-10; the
 * mean of |noise| / E|noise| falls outside (0.65, 1.45) with probability < 2e-10; and coverage
 * below 0.84 (with P(|noise| ≤ errorBound95) ≥ 0.95 each) has probability < e^{-300·KL(0.84‖0.95)} < 2e-11.
 */
describe('released noise, end to end', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w, { epsilonBudget: 100, epsilonPerQueryMax: 1 });
  });
  afterAll(() => t.close());

  it('is centred, has the right spread and covers errorBound95', async () => {
    const truth = trueCounts();
    const QUERIES = 100;
    const standardized: number[] = [];
    const absoluteRatios: number[] = [];
    let covered = 0;
    for (let i = 0; i < QUERIES; i += 1) {
      const epsilon = 0.3 + i * 0.001;
      const res = ok(await query(t, w.analyst, { agreementId, epsilon, aggregations: [{ function: 'COUNT' }], groupBy: ['dept'] })).privateAggregate;
      expect(res.cached).toBe(false);
      for (const g of res.groups) {
        if (g.key[0] === 'd') continue;
        const v = g.values[0];
        const noise = v.value - truth[g.key[0]]!;
        expect(Number.isInteger(noise)).toBe(true);
        // Discrete Laplace with scale Δ/ε, Δ = 2, p = exp(−ε/Δ): variance 2p/(1 − p)², E|Z| = 2p/(1 − p²).
        const p = Math.exp(-epsilon / 2);
        standardized.push(noise / Math.sqrt((2 * p) / (1 - p) ** 2));
        absoluteRatios.push(Math.abs(noise) / ((2 * p) / (1 - p * p)));
        if (Math.abs(noise) <= v.errorBound95) covered += 1;
      }
    }
    const samples = standardized.length;
    expect(samples).toBe(3 * QUERIES);
    const mean = standardized.reduce((s, z) => s + z, 0) / samples;
    const spread = absoluteRatios.reduce((s, r) => s + r, 0) / samples;
    expect(Math.abs(mean)).toBeLessThan(0.4);
    expect(spread).toBeGreaterThan(0.65);
    expect(spread).toBeLessThan(1.45);
    expect(covered / samples).toBeGreaterThanOrEqual(0.84);
  });
});
