import { sampleBernoulliExp } from './bernoulli';
import type { RandomSource } from './random-source';
import type { Rational } from './rational';

const ONE: Rational = { num: 1n, den: 1n };

/**
 * Exact sample from the discrete Laplace distribution on ℤ with P(x) ∝ exp(−|x| / scale),
 * following Canonne, Kamath & Steinke 2020, Algorithm 2, with scale = t/s for integers
 * t = scale.num and s = scale.den. Integer arithmetic only; this replaces the textbook
 * −b·ln(U) float sampler whose output leaks the input through its bit pattern
 * (Mironov, "On Significance of the Least Significant Bits for DP", CCS 2012).
 *
 * The loop count depends on the sample drawn; see constant-time.ts for how callers
 * keep that off the response time.
 */
export function sampleDiscreteLaplace(scale: Rational, rng: RandomSource): bigint {
  const t = scale.num;
  const s = scale.den;
  if (t <= 0n || s <= 0n) throw new RangeError(`scale must be a positive rational, got ${t}/${s}`);
  for (;;) {
    // U uniform on {0..t−1} kept w.p. exp(−U/t), V geometric with P(V = v) ∝ exp(−v):
    // X = U + tV is then geometric with P(X = x) ∝ exp(−x/t).
    const u = rng.randomBelow(t);
    if (!sampleBernoulliExp({ num: u, den: t }, rng)) continue;
    let v = 0n;
    while (sampleBernoulliExp(ONE, rng)) v += 1n;
    const magnitude = (u + t * v) / s; // ⌊X/s⌋ is geometric with ratio exp(−s/t)
    const negative = rng.randomBelow(2n) === 1n;
    // Rejecting "−0" keeps zero from being counted twice.
    if (negative && magnitude === 0n) continue;
    return negative ? -magnitude : magnitude;
  }
}
