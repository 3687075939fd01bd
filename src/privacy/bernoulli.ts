import type { RandomSource } from './random-source';
import type { Rational } from './rational';

/**
 * Exact Bernoulli samplers from Canonne, Kamath & Steinke, "The Discrete Gaussian for
 * Differential Privacy" (NeurIPS 2020), Algorithm 1. Only integer comparisons of
 * uniform draws are used, so the realised probability is exactly the rational one.
 */

/** Bernoulli(p) for a rational p in [0, 1]: a uniform draw below den is < num w.p. num/den. */
export function sampleBernoulli(p: Rational, rng: RandomSource): boolean {
  if (p.den <= 0n || p.num < 0n || p.num > p.den) {
    throw new RangeError(`Bernoulli probability must lie in [0, 1], got ${p.num}/${p.den}`);
  }
  return rng.randomBelow(p.den) < p.num;
}

/** Bernoulli(exp(−γ)) for a rational γ ≥ 0. */
export function sampleBernoulliExp(gamma: Rational, rng: RandomSource): boolean {
  if (gamma.den <= 0n || gamma.num < 0n) {
    throw new RangeError(`gamma must be a non-negative rational, got ${gamma.num}/${gamma.den}`);
  }
  if (gamma.num <= gamma.den) return bernoulliExpAtMostOne(gamma.num, gamma.den, rng);
  // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)); stop at the first failure.
  const whole = gamma.num / gamma.den;
  for (let i = 0n; i < whole; i += 1n) {
    if (!bernoulliExpAtMostOne(1n, 1n, rng)) return false;
  }
  return bernoulliExpAtMostOne(gamma.num - whole * gamma.den, gamma.den, rng);
}

/**
 * For γ = num/den in [0, 1]: draw A_k ~ Bernoulli(γ/k) for k = 1, 2, … until the first
 * failure at index K; P(K is odd) = Σ (−γ)^j / j! = exp(−γ).
 */
function bernoulliExpAtMostOne(num: bigint, den: bigint, rng: RandomSource): boolean {
  let k = 1n;
  while (rng.randomBelow(den * k) < num) k += 1n;
  return k % 2n === 1n;
}
