import { sampleDiscreteLaplace } from './discrete-laplace';
import { cryptoRandomSource, seededRandomSource, type RandomSource } from './random-source';
import type { Rational } from './rational';
import { draw, fitIntegers, normalised, SAMPLES, SEEDED_ALPHA, UNSEEDED_ALPHA } from './testing/sampling';

/** The exact target, normalised numerically rather than through the closed form under test. */
function laplacePmf(scale: Rational): (k: number) => number {
  const t = Number(scale.num) / Number(scale.den);
  const reach = Math.ceil(60 * t) + 10;
  return normalised((k) => Math.exp(-Math.abs(k) / t), -reach, reach);
}

function fit(scale: Rational, rng: RandomSource, alpha: number) {
  const t = Number(scale.num) / Number(scale.den);
  const reach = Math.ceil(60 * t) + 10;
  const samples = draw(SAMPLES, () => sampleDiscreteLaplace(scale, rng));
  return fitIntegers(samples, laplacePmf(scale), -reach, reach, alpha);
}

const SCALES: Rational[] = [
  { num: 1n, den: 1n },
  { num: 7n, den: 3n },
  { num: 2n, den: 5n },
];

describe('sampleDiscreteLaplace', () => {
  it.each(SCALES)('matches the exact pmf for scale $num/$den (seeded)', (scale) => {
    const verdict = fit(scale, seededRandomSource(`dlap-${scale.num}/${scale.den}`), SEEDED_ALPHA);
    expect(verdict.degreesOfFreedom).toBeGreaterThanOrEqual(3);
    expect(verdict.statistic).toBeLessThan(verdict.critical);
  });

  it.each(SCALES.slice(0, 2))('matches the exact pmf for scale $num/$den (CSPRNG, α = 1e-6)', (scale) => {
    const verdict = fit(scale, cryptoRandomSource, UNSEEDED_ALPHA);
    expect(verdict.statistic).toBeLessThan(verdict.critical);
  });

  it('is symmetric and centred for a large rational scale', () => {
    const rng = seededRandomSource('dlap-large');
    const scale = { num: 10n ** 12n + 7n, den: 3n };
    const samples = draw(20_000, () => sampleDiscreteLaplace(scale, rng));
    const t = Number(scale.num) / Number(scale.den);
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    const meanAbs = samples.reduce((s, x) => s + Math.abs(x), 0) / samples.length;
    // Var = 2p/(1−p)² ≈ 2t²; E|X| ≈ t for large t.
    expect(Math.abs(mean)).toBeLessThan((6 * Math.sqrt(2) * t) / Math.sqrt(samples.length));
    expect(Math.abs(meanAbs / t - 1)).toBeLessThan(0.05);
  });

  it('rejects non-positive scales', () => {
    const rng = seededRandomSource('x');
    expect(() => sampleDiscreteLaplace({ num: 0n, den: 1n }, rng)).toThrow(RangeError);
    expect(() => sampleDiscreteLaplace({ num: 1n, den: -2n }, rng)).toThrow(RangeError);
  });
});
