import { applyNoise, drawNoise, planLaplace } from './laplace-plan';
import { planMean, releaseMean } from './mean';
import { seededRandomSource } from './random-source';
import type { Release } from './release';

const release = (value: number, errorBound975?: number): Release => ({
  value,
  errorBound95: 0,
  mechanism: 'discrete-laplace',
  errorBound975,
});

describe('planMean', () => {
  it('splits ε evenly without overspending and plans both halves from public data', () => {
    const plan = planMean(-1, 4, 1, 3, false);
    expect(plan.mechanism).toBe('discrete-laplace-ratio');
    expect(plan.count.scale).toEqual({ num: 6n, den: 1n }); // m/(ε/2) = 3/0.5
    expect(plan.sum.mechanism).toMatch(/^discrete-laplace\(grid=2\^-\d+\)$/);
    expect(plan.midpoint).toBe(1.5);
    expect(plan.errorBound95).toBe(5);
  });

  it('centres the sum: its sensitivity is m·(U − L)/2, a quarter of m·max(|L|, |U|) for [100, 200]', () => {
    const plan = planMean(100, 200, 1, 2, true);
    // Centred values lie in [−50, 50]: Δ = 2·50 = 100, scale Δ/(ε/2) = 200, on the integer grid
    // because the midpoint 150 is whole. Uncentred, Δ would be 2·200 and the scale 800.
    expect(plan.sum.scale).toEqual({ num: 200n, den: 1n });
    expect(plan.sum.granularity).toBe(1);
    expect(plan.sum.errorBound95).toBeLessThan(planLaplace(400, 0.5, true).errorBound95 / 3.9);
  });

  it('uses a fine grid when the midpoint of integer bounds is a half', () => {
    const plan = planMean(0, 101, 1, 1, true);
    expect(plan.midpoint).toBe(50.5);
    expect(plan.sum.granularity).toBeLessThan(1);
  });
});

describe('releaseMean', () => {
  it('adds the midpoint to the centred ratio, floors the count at 1 and clamps to the range', () => {
    expect(releaseMean(release(5), release(10), 0, 5).value).toBe(3); // 2.5 + 5/10
    expect(releaseMean(release(30), release(-4), 0, 5).value).toBe(5);
    expect(releaseMean(release(-30), release(10), 0, 5).value).toBe(0);
    // An empty group (true sum and count 0) with noisy values stays inside the bounds.
    expect(releaseMean(release(-900), release(0), 100, 200).value).toBe(100);
  });

  it('falls back to the trivial bound without 97.5% bounds or when the count may be < 1', () => {
    expect(releaseMean(release(5), release(10), 0, 5).errorBound95).toBe(5);
    expect(releaseMean(release(3, 1), release(0, 0.5), 0, 5).errorBound95).toBe(5);
  });

  it('reports the farthest plausible true mean from the released one', () => {
    // Centred S ∈ [10, 30], C ∈ [8, 12] ⇒ 50 + S/C ∈ [50.83, 53.75]; released 50 + 20/10 = 52.
    const result = releaseMean(release(20, 10), release(10, 2), 0, 100);
    expect(result.value).toBe(52);
    expect(result.errorBound95).toBeCloseTo(1.75, 12);
    expect(result.errorBoundUnit).toBe('value');
  });

  it('covers the true mean at least 95% of the time', () => {
    const rng = seededRandomSource('mean-coverage');
    const [lower, upper, m] = [0, 10, 2];
    const plan = planMean(lower, upper, 1, m, false);
    const [trueSum, trueCount] = [60.7, 12];
    const centredSum = trueSum - plan.midpoint * trueCount;
    const trials = 20_000;
    let covered = 0;
    for (let i = 0; i < trials; i += 1) {
      const sum = applyNoise(centredSum, plan.sum, drawNoise(plan.sum, rng));
      const count = applyNoise(trueCount, plan.count, drawNoise(plan.count, rng));
      const mean = releaseMean(sum, count, lower, upper);
      if (Math.abs(mean.value - trueSum / trueCount) <= mean.errorBound95) covered += 1;
    }
    // Seeded, so the outcome is fixed. The union bound is conservative: the rate is far above 0.95.
    expect(covered / trials).toBeGreaterThan(0.96);
  });
});
