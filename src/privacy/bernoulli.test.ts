import { sampleBernoulli, sampleBernoulliExp } from './bernoulli';
import { cryptoRandomSource, seededRandomSource, type RandomSource } from './random-source';
import type { Rational } from './rational';
import { chiSquareCriticalValue } from './testing/chi-square';
import { SAMPLES, SEEDED_ALPHA, UNSEEDED_ALPHA } from './testing/sampling';

/** χ² with one degree of freedom for the two outcomes of Bernoulli(exp(−γ)). */
function statistic(gamma: Rational, rng: RandomSource): number {
  let successes = 0;
  for (let i = 0; i < SAMPLES; i += 1) if (sampleBernoulliExp(gamma, rng)) successes += 1;
  const p = Math.exp(-Number(gamma.num) / Number(gamma.den));
  const expected = [SAMPLES * p, SAMPLES * (1 - p)];
  const observed = [successes, SAMPLES - successes];
  return observed.reduce((s, o, i) => s + (o - expected[i]) ** 2 / expected[i], 0);
}

const GAMMAS: Rational[] = [
  { num: 1n, den: 3n },
  { num: 7n, den: 3n },
  { num: 1n, den: 1n },
];

describe('sampleBernoulliExp', () => {
  it.each(GAMMAS)('has success probability exp(−$num/$den) (seeded)', (gamma) => {
    const rng = seededRandomSource(`bern-${gamma.num}/${gamma.den}`);
    expect(statistic(gamma, rng)).toBeLessThan(chiSquareCriticalValue(1, SEEDED_ALPHA));
  });

  it.each(GAMMAS.slice(0, 2))('has success probability exp(−$num/$den) (CSPRNG, α = 1e-11)', (gamma) => {
    expect(statistic(gamma, cryptoRandomSource)).toBeLessThan(chiSquareCriticalValue(1, UNSEEDED_ALPHA));
  });

  it('always succeeds for γ = 0 and practically never for a huge γ', () => {
    const rng = seededRandomSource('bern-edges');
    for (let i = 0; i < 1000; i += 1) expect(sampleBernoulliExp({ num: 0n, den: 5n }, rng)).toBe(true);
    for (let i = 0; i < 1000; i += 1) expect(sampleBernoulliExp({ num: 10n ** 6n, den: 1n }, rng)).toBe(false);
  });

  it('rejects negative γ and probabilities outside [0, 1]', () => {
    const rng = seededRandomSource('x');
    expect(() => sampleBernoulliExp({ num: -1n, den: 2n }, rng)).toThrow(RangeError);
    expect(() => sampleBernoulli({ num: 3n, den: 2n }, rng)).toThrow(RangeError);
    expect(sampleBernoulli({ num: 0n, den: 7n }, rng)).toBe(false);
    expect(sampleBernoulli({ num: 7n, den: 7n }, rng)).toBe(true);
  });
});
