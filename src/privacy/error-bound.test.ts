import { discreteLaplaceRadius, discreteLaplaceTwoSidedTail } from './discrete-laplace-tails';
import { drawNoise, planLaplace, type NoisePlan } from './laplace-plan';
import { seededRandomSource } from './random-source';
import { lowerConfidenceBound, upperConfidenceBound } from './testing/binomial-bounds';

/** P(|X| ≤ k) by summing the pmf term by term, independent of the closed form. */
function coverageBySumming(k: number, t: number): number {
  const p = Math.exp(-1 / t);
  let mass = 1; // unnormalised: weight of 0 is 1, of ±j is p^j each
  for (let j = 1; j <= k; j += 1) mass += 2 * p ** j;
  return (mass * (1 - p)) / (1 + p);
}

describe('errorBound95', () => {
  it.each([0.05, 0.4, 1, 2, 7 / 3, 10, 333.3])('is the smallest k with P(|X| ≤ k) ≥ 0.95 for scale %p', (t) => {
    const k = discreteLaplaceRadius(t, 0.05);
    expect(coverageBySumming(k, t)).toBeGreaterThanOrEqual(0.95);
    if (k > 0) expect(coverageBySumming(k - 1, t)).toBeLessThan(0.95);
    expect(Math.abs(1 - discreteLaplaceTwoSidedTail(k, t) - coverageBySumming(k, t))).toBeLessThan(1e-12);
  });

  it('scales with the grid for real-valued plans', () => {
    const plan = planLaplace(7.5, 0.25, false);
    const t = Number(plan.scale.num) / Number(plan.scale.den);
    expect(plan.errorBound95).toBe(plan.granularity * discreteLaplaceRadius(t, 0.05));
    // ≈ the continuous Laplace quantile b·ln 20 for b = Δ/ε = 30.
    expect(plan.errorBound95 / (30 * Math.log(20))).toBeCloseTo(1, 6);
  });

  const plans: [string, NoisePlan][] = [
    ['COUNT, m = 2, ε = 1', planLaplace(2, 1, true)],
    ['COUNT, m = 7, ε = 3', planLaplace(7, 3, true)],
    ['SUM over a float column', planLaplace(7.5, 0.8, false)],
  ];

  it.each(plans)('covers ≥ 95%% of 10^5 draws of the exact noise (%s)', (_name, plan) => {
    const rng = seededRandomSource(`coverage-${plan.mechanism}-${plan.scale.num}`);
    const trials = 100_000;
    let covered = 0;
    for (let i = 0; i < trials; i += 1) if (Math.abs(drawNoise(plan, rng)) <= plan.errorBound95) covered += 1;
    const k = Math.round(plan.errorBound95 / plan.granularity);
    const exact = 1 - discreteLaplaceTwoSidedTail(k, Number(plan.scale.num) / Number(plan.scale.den));
    // The empirical rate is consistent with the exact coverage, which is ≥ 0.95 …
    expect(exact).toBeGreaterThanOrEqual(0.95);
    expect(lowerConfidenceBound(covered, trials, 1e-6)).toBeLessThanOrEqual(exact);
    expect(upperConfidenceBound(covered, trials, 1e-6)).toBeGreaterThanOrEqual(exact);
    // … and, up to sampling error, at least 0.95 itself.
    expect(upperConfidenceBound(covered, trials, 1e-6)).toBeGreaterThanOrEqual(0.95);
  });
});
