import { lowerConfidenceBound, upperConfidenceBound } from './testing/binomial-bounds';
import { chiSquareCriticalValue, chiSquareSurvival, logGamma } from './testing/chi-square';

describe('chi-square critical values used by the sampler tests', () => {
  it('match closed forms', () => {
    // df = 2: P(χ² > x) = exp(−x/2), so the 1e-6 critical value is 2·ln(1e6).
    expect(chiSquareCriticalValue(2, 1e-6)).toBeCloseTo(2 * Math.log(1e6), 6);
    expect(chiSquareSurvival(2 * Math.log(1e6), 2)).toBeCloseTo(1e-6, 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });

  it('match published tables', () => {
    expect(chiSquareCriticalValue(1, 1e-3)).toBeCloseTo(10.828, 3);
    expect(chiSquareCriticalValue(10, 1e-3)).toBeCloseTo(29.588, 3);
    expect(chiSquareCriticalValue(30, 1e-3)).toBeCloseTo(59.703, 3);
    // df = 1: χ² = Z², and the two-sided normal 1e-6 point is 4.891638.
    expect(chiSquareCriticalValue(1, 1e-6)).toBeCloseTo(4.891638 ** 2, 3);
  });

  it('agree with the Wilson–Hilferty approximation, which is conservative this far out', () => {
    const z = 4.753424; // upper 1e-6 point of the standard normal
    for (const df of [5, 20, 60]) {
      const wilsonHilferty = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
      const exact = chiSquareCriticalValue(df, 1e-6);
      expect(wilsonHilferty).toBeGreaterThan(exact);
      expect(wilsonHilferty / exact - 1).toBeLessThan(0.05);
    }
  });
});

describe('binomial confidence bounds', () => {
  it('bracket the observed proportion and tighten with more trials', () => {
    expect(lowerConfidenceBound(500, 1000, 1e-6)).toBeLessThan(0.5);
    expect(upperConfidenceBound(500, 1000, 1e-6)).toBeGreaterThan(0.5);
    const wide = upperConfidenceBound(50, 100, 1e-6) - lowerConfidenceBound(50, 100, 1e-6);
    const narrow = upperConfidenceBound(5000, 10_000, 1e-6) - lowerConfidenceBound(5000, 10_000, 1e-6);
    expect(narrow).toBeLessThan(wide / 5);
    expect(lowerConfidenceBound(0, 100, 1e-6)).toBe(0);
    expect(upperConfidenceBound(100, 100, 1e-6)).toBe(1);
  });

  it('coincide with Clopper–Pearson for 0 successes', () => {
    // Clopper–Pearson upper bound for 0/n is 1 − α^(1/n).
    expect(upperConfidenceBound(0, 1000, 1e-6)).toBeCloseTo(1 - 1e-6 ** (1 / 1000), 12);
  });
});
