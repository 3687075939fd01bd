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
    let covered = 0;
    let samples = 0;
    for (let i = 0; i < QUERIES; i += 1) {
      const epsilon = 0.3 + i * 0.001;
      const res = ok(await query(t, w.analyst, { agreementId, epsilon, aggregations: [{ function: 'COUNT' }], groupBy: ['dept'] })).privateAggregate;
      expect(res.cached).toBe(false);
      for (const g of res.groups) {
        const v = g.values[0];
        const noise = v.value - truth[g.key[0]]!;
        expect(Number.isInteger(noise)).toBe(true);
        // Discrete Laplace with scale Δ/ε, Δ = 2: variance 2p/(1 − p)² with p = exp(−ε/Δ).
        const p = Math.exp(-epsilon / 2);
        standardized.push(noise / Math.sqrt((2 * p) / (1 - p) ** 2));
        if (Math.abs(noise) <= v.errorBound95) covered += 1;
        samples += 1;
      }
    }
    const mean = standardized.reduce((s, z) => s + z, 0) / samples;
    const meanSquare = standardized.reduce((s, z) => s + z * z, 0) / samples;
    // 400 unit-variance samples: the mean has sd 0.05, the mean of z² sd ≈ sqrt(5/400) = 0.11.
    expect(Math.abs(mean)).toBeLessThan(0.25);
    expect(meanSquare).toBeGreaterThan(0.55);
    expect(meanSquare).toBeLessThan(1.6);
    // P(|noise| ≤ b) ≥ 0.95 each; over 400 trials a floor of 0.91 is more than 3.5 sd below 0.95.
    expect(covered / samples).toBeGreaterThanOrEqual(0.91);
  });
});
