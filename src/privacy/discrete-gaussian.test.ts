import fc from 'fast-check';
import { integerSqrt, sampleDiscreteGaussian } from './discrete-gaussian';
import { cryptoRandomSource, seededRandomSource, type RandomSource } from './random-source';
import type { Rational } from './rational';
import { draw, fitIntegers, normalised, SAMPLES, SEEDED_ALPHA, UNSEEDED_ALPHA } from './testing/sampling';

function fit(sigma2: Rational, rng: RandomSource, alpha: number) {
  const s2 = Number(sigma2.num) / Number(sigma2.den);
  const reach = Math.ceil(40 * Math.sqrt(s2)) + 10;
  const pmf = normalised((k) => Math.exp(-(k * k) / (2 * s2)), -reach, reach);
  const samples = draw(SAMPLES, () => sampleDiscreteGaussian(sigma2, rng));
  return fitIntegers(samples, pmf, -reach, reach, alpha);
}

describe('sampleDiscreteGaussian', () => {
  it.each([
    { num: 5n, den: 2n },
    { num: 1n, den: 3n },
  ])('matches the exact pmf for sigma² = $num/$den (seeded)', (sigma2) => {
    const verdict = fit(sigma2, seededRandomSource(`dgauss-${sigma2.num}/${sigma2.den}`), SEEDED_ALPHA);
    expect(verdict.degreesOfFreedom).toBeGreaterThanOrEqual(2);
    expect(verdict.statistic).toBeLessThan(verdict.critical);
  });

  it('matches the exact pmf for sigma² = 5/2 (CSPRNG, α = 1e-6)', () => {
    const verdict = fit({ num: 5n, den: 2n }, cryptoRandomSource, UNSEEDED_ALPHA);
    expect(verdict.statistic).toBeLessThan(verdict.critical);
  });

  it('computes integer square roots exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 200n }), (m) => {
        const r = integerSqrt(m);
        return r * r <= m && (r + 1n) * (r + 1n) > m;
      }),
    );
  });

  it('rejects non-positive variances', () => {
    expect(() => sampleDiscreteGaussian({ num: 0n, den: 1n }, seededRandomSource('x'))).toThrow(RangeError);
  });
});
