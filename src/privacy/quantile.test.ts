import { planQuantile, rankDistances, releaseQuantile } from './quantile';
import { cryptoRandomSource, seededRandomSource } from './random-source';
import { chiSquareCriticalValue, chiSquareFit, tally } from './testing/chi-square';
import { SEEDED_ALPHA, UNSEEDED_ALPHA } from './testing/sampling';

/** The exponential mechanism's distribution over buckets, computed in floating point. */
function exponentialMechanism(counts: number[], q: number, epsilon: number, m: number): number[] {
  const { num, den } = rankDistances(counts, q);
  const weights = num.map((d) => Math.exp((-epsilon * (Number(d) / Number(den))) / (2 * m)));
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

const COUNTS = [3, 0, 5, 2, 0, 0, 1, 4];
const [L, U] = [0, 80];

function bucketOf(value: number, buckets: number): number {
  return Math.floor(((value - L) / (U - L)) * buckets);
}

describe('rankDistances', () => {
  it('is 0 for the bucket holding the q-th row and grows by one per row of rank', () => {
    // n = 15, q·n = 7.5; rank intervals [0,3] [3,3] [3,8] [8,10] [10,10] [10,10] [10,11] [11,15].
    const { num, den } = rankDistances(COUNTS, 0.5);
    expect(num.map((d) => Number(d) / Number(den))).toEqual([4.5, 4.5, 0, 0.5, 2.5, 2.5, 2.5, 3.5]);
  });

  it('treats an empty dataset as uniform', () => {
    expect(rankDistances([0, 0, 0], 0.3).num).toEqual([0n, 0n, 0n]);
  });
});

describe('releaseQuantile', () => {
  const TRIALS = 50_000;
  const draw = (trials: number, rng = seededRandomSource('quantile-fit')) =>
    Array.from({ length: trials }, () => bucketOf(releaseQuantile(COUNTS, L, U, 0.5, 0.8, 1, rng).value, COUNTS.length));

  it.each([
    ['seeded', () => draw(TRIALS), SEEDED_ALPHA],
    ['CSPRNG, α = 1e-11', () => draw(TRIALS, cryptoRandomSource), UNSEEDED_ALPHA],
  ] as const)('samples the exponential mechanism exactly (%s)', (_name, sample, alpha) => {
    const probabilities = exponentialMechanism(COUNTS, 0.5, 0.8, 1);
    const fit = chiSquareFit(tally(sample()), TRIALS, (k) => probabilities[k] ?? 0, 0, COUNTS.length - 1);
    expect(fit.statistic).toBeLessThan(chiSquareCriticalValue(fit.degreesOfFreedom, alpha));
  });

  it('releases bucket midpoints inside [L, U]', () => {
    const rng = seededRandomSource('midpoints');
    for (let i = 0; i < 200; i += 1) {
      const { value, mechanism, errorBoundUnit } = releaseQuantile(COUNTS, L, U, 0.9, 1, 2, rng);
      expect((value - 5) % 10).toBe(0);
      expect(mechanism).toBe('exponential');
      expect(errorBoundUnit).toBe('rank');
    }
  });

  it('stays within errorBound95 rows of the true rank at least 95% of the time', () => {
    const rng = seededRandomSource('rank-coverage');
    const counts = Array.from({ length: 256 }, (_, i) => (i * 37) % 11);
    const [epsilon, m, q] = [0.5, 3, 0.25];
    const bound = planQuantile(0, 1, counts.length, epsilon, m).errorBound95;
    const { num, den } = rankDistances(counts, q);
    let within = 0;
    const trials = 2_000;
    for (let i = 0; i < trials; i += 1) {
      const bucket = Math.floor(releaseQuantile(counts, 0, 1, q, epsilon, m, rng).value * counts.length);
      if (Number(num[bucket]) / Number(den) <= bound) within += 1;
    }
    expect(within / trials).toBeGreaterThanOrEqual(0.95);
  });
});

describe('planQuantile', () => {
  it('states a rank bound from public parameters only', () => {
    const plan = planQuantile(0, 100, 1024, 1, 2);
    expect(plan).toMatchObject({ mechanism: 'exponential', errorBoundUnit: 'rank', bucketWidth: 100 / 1024 });
    expect(plan.errorBound95).toBe(Math.ceil(4 * Math.log(1023 / 0.05)));
    expect(planQuantile(0, 1, 1, 1, 1).errorBound95).toBe(0);
  });

  it('rejects invalid parameters', () => {
    expect(() => planQuantile(1, 1, 8, 1, 1)).toThrow(RangeError);
    expect(() => planQuantile(0, 1, 0, 1, 1)).toThrow(RangeError);
    expect(() => planQuantile(0, 1, 8, 1, 0)).toThrow(RangeError);
    expect(() => releaseQuantile([1, -1], 0, 1, 0.5, 1, 1, seededRandomSource('x'))).toThrow(RangeError);
    expect(() => releaseQuantile([1, 1], 0, 1, 1.5, 1, 1, seededRandomSource('x'))).toThrow(RangeError);
  });
});
