import { sampleBernoulliExp } from './bernoulli';
import { sampleDiscreteLaplace } from './discrete-laplace';
import type { RandomSource } from './random-source';
import type { Rational } from './rational';

/**
 * Exact sample from the discrete Gaussian on ℤ with P(x) ∝ exp(−x² / (2σ²)), σ² = num/den,
 * by rejection from a discrete Laplace proposal with scale t = ⌊σ⌋ + 1
 * (Canonne, Kamath & Steinke 2020, Algorithm 3). Integer arithmetic only.
 */
export function sampleDiscreteGaussian(sigma2: Rational, rng: RandomSource): bigint {
  const n = sigma2.num;
  const d = sigma2.den;
  if (n <= 0n || d <= 0n) throw new RangeError(`sigma² must be a positive rational, got ${n}/${d}`);
  // ⌊√(n/d)⌋ = ⌊√⌊n/d⌋⌋ because k² ≤ n/d ⇔ k² ≤ ⌊n/d⌋ for integers k.
  const t = integerSqrt(n / d) + 1n;
  const proposalScale: Rational = { num: t, den: 1n };
  for (;;) {
    const y = sampleDiscreteLaplace(proposalScale, rng);
    const absY = y < 0n ? -y : y;
    // Accept w.p. exp(−(|y| − σ²/t)² / (2σ²)) = exp(−(|y|·t·d − n)² / (2·n·t²·d)).
    const shifted = absY * t * d - n;
    const gamma: Rational = { num: shifted * shifted, den: 2n * n * t * t * d };
    if (sampleBernoulliExp(gamma, rng)) return y;
  }
}

/** ⌊√m⌋ for m ≥ 0 by Newton's method on integers. */
export function integerSqrt(m: bigint): bigint {
  if (m < 0n) throw new RangeError('square root of a negative integer');
  if (m < 2n) return m;
  let x = 1n << BigInt((m.toString(2).length >> 1) + 1); // x ≥ √m
  for (;;) {
    const next = (x + m / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}
