import { applyNoise, drawNoise } from './laplace-plan';
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
    expect(plan.errorBound95).toBe(5);
  });
});

describe('releaseMean', () => {
  it('divides, floors the count at 1 and clamps to the range', () => {
    expect(releaseMean(release(30), release(10), 0, 5).value).toBe(3);
    expect(releaseMean(release(30), release(-4), 0, 5).value).toBe(5);
    expect(releaseMean(release(-30), release(10), 0, 5).value).toBe(0);
  });

  it('falls back to the trivial bound without 97.5% bounds or when the count may be < 1', () => {
    expect(releaseMean(release(30), release(10), 0, 5).errorBound95).toBe(5);
    expect(releaseMean(release(3, 1), release(0, 0.5), 0, 5).errorBound95).toBe(5);
  });

  it('reports the farthest plausible true mean from the released one', () => {
    // S ∈ [90, 110], C ∈ [8, 12] ⇒ S/C ∈ [7.5, 13.75]; released 10.
    const result = releaseMean(release(100, 10), release(10, 2), 0, 100);
    expect(result.value).toBe(10);
    expect(result.errorBound95).toBeCloseTo(3.75, 12);
    expect(result.errorBoundUnit).toBe('value');
  });

  it('covers the true mean at least 95% of the time', () => {
    const rng = seededRandomSource('mean-coverage');
    const [lower, upper, m] = [0, 10, 2];
    const plan = planMean(lower, upper, 1, m, false);
    const [trueSum, trueCount] = [60.7, 12];
    const trials = 20_000;
    let covered = 0;
    for (let i = 0; i < trials; i += 1) {
      const sum = applyNoise(trueSum, plan.sum, drawNoise(plan.sum, rng));
      const count = applyNoise(trueCount, plan.count, drawNoise(plan.count, rng));
      const mean = releaseMean(sum, count, lower, upper);
      if (Math.abs(mean.value - trueSum / trueCount) <= mean.errorBound95) covered += 1;
    }
    // The union bound is conservative, so the rate is far above 0.95, not just at it.
    expect(covered / trials).toBeGreaterThan(0.96);
  });
});
