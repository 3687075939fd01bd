import { sampleExponentialMechanism } from './exponential-mechanism';
import { seededRandomSource } from './random-source';
import { chiSquareCriticalValue, chiSquareFit, tally } from './testing/chi-square';
import { SEEDED_ALPHA } from './testing/sampling';

/** exp(ε·u/(2Δ)) normalised, in floating point: the distribution the sampler must follow. */
function expected(utilities: number[], epsilon: number, sensitivity: number): number[] {
  const best = Math.max(...utilities);
  const weights = utilities.map((u) => Math.exp((epsilon * (u - best)) / (2 * sensitivity)));
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

describe('sampleExponentialMechanism', () => {
  const UTILITIES = [0, 3, 7, 7, 1, 12];

  it('follows exp(ε·u/(2Δ)) (chi-square, seeded)', () => {
    const rng = seededRandomSource('exponential-mechanism-fit');
    const trials = 40_000;
    const picks = Array.from({ length: trials }, () => sampleExponentialMechanism(UTILITIES.map(BigInt), 0.9, 2n, rng));
    const pmf = expected(UTILITIES, 0.9, 2);
    const fit = chiSquareFit(tally(picks), trials, (k) => pmf[k] ?? 0, 0, UTILITIES.length - 1);
    expect(fit.statistic).toBeLessThan(chiSquareCriticalValue(fit.degreesOfFreedom, SEEDED_ALPHA));
  });

  it('chooses uniformly among equal utilities and always the only candidate', () => {
    const rng = seededRandomSource('exponential-mechanism-single');
    expect(sampleExponentialMechanism([5n], 1, 1n, rng)).toBe(0);
    const picks = tally(Array.from({ length: 4000 }, () => sampleExponentialMechanism([4n, 4n], 1, 1n, rng)));
    // Binomial(4000, 1/2): 1800..2200 is more than 6 standard deviations wide.
    expect(picks.get(0)!).toBeGreaterThan(1800);
    expect(picks.get(0)!).toBeLessThan(2200);
  });

  it('rejects what has no distribution', () => {
    const rng = seededRandomSource('exponential-mechanism-bad');
    expect(() => sampleExponentialMechanism([], 1, 1n, rng)).toThrow(RangeError);
    expect(() => sampleExponentialMechanism([1n], 1, 0n, rng)).toThrow(RangeError);
    expect(() => sampleExponentialMechanism([1n], Number.NaN, 1n, rng)).toThrow(RangeError);
  });
});
