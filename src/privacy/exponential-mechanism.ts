import { sampleBernoulliExp } from './bernoulli';
import { epsilonToRational } from './epsilon';
import type { RandomSource } from './random-source';

/**
 * The exponential mechanism (McSherry & Talwar 2007) over candidates with integer utilities u_i
 * of sensitivity Δ: candidate i is chosen with probability ∝ exp(ε·u_i/(2Δ)), which is ε-DP.
 *
 * Sampled exactly, as QUANTILE does (quantile.ts): propose a candidate uniformly and accept it
 * with probability exp(−ε·(u* − u_i)/(2Δ)), u* = max u, through the exact Bernoulli(exp(−γ))
 * with γ rational. An accepted proposal has the mechanism's distribution; the best candidate is
 * always accepted, so the expected number of proposals is at most the number of candidates.
 * Utilities must be integers so that γ stays rational: callers round with a monotone function
 * that keeps the sensitivity (⌊·⌋ of a real utility of integer sensitivity Δ keeps Δ).
 */
export function sampleExponentialMechanism(utilities: readonly bigint[], epsilon: number, sensitivity: bigint, rng: RandomSource): number {
  if (utilities.length === 0) throw new RangeError('the exponential mechanism needs at least one candidate');
  if (sensitivity <= 0n) throw new RangeError(`sensitivity must be a positive integer, got ${sensitivity}`);
  const eps = epsilonToRational(epsilon);
  const best = utilities.reduce((a, b) => (b > a ? b : a));
  const den = eps.den * 2n * sensitivity;
  const count = BigInt(utilities.length);
  for (;;) {
    const i = Number(rng.randomBelow(count));
    if (sampleBernoulliExp({ num: eps.num * (best - utilities[i]!), den }, rng)) return i;
  }
}
