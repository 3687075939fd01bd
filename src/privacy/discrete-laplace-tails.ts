import type { Rational } from './rational';

/**
 * Closed forms for the discrete Laplace distribution with scale t, P(x) ∝ exp(−|x|/t),
 * used for error bounds and thresholds (never for sampling). Writing p = exp(−1/t):
 *   P(X = x)   = (1 − p)/(1 + p) · p^|x|
 *   P(X ≥ k)   = p^k / (1 + p)                 for k ≥ 1
 *   P(|X| > k) = 2·p^(k+1) / (1 + p)           for k ≥ 0
 * Evaluated in double precision: the answers below are exact up to floating-point
 * rounding in the last digits, which only matters when a boundary falls within about
 * 1e-15 (relative) of an integer.
 */

export function scaleToNumber(scale: Rational): number {
  return Number(scale.num) / Number(scale.den);
}

/** P(X = x) for the discrete Laplace of scale t (the closed form; tests convolve it by brute force). */
export function discreteLaplacePmf(x: number, t: number): number {
  const p = Math.exp(-1 / t);
  return ((1 - p) / (1 + p)) * Math.exp(-Math.abs(x) / t);
}

/** P(X ≥ k) for integer k ≥ 1. */
export function discreteLaplaceUpperTail(k: number, t: number): number {
  if (k < 1) throw new RangeError('upper tail formula needs k ≥ 1');
  return Math.exp(-k / t) / (1 + Math.exp(-1 / t));
}

/** P(|X| > k) for integer k ≥ 0. */
export function discreteLaplaceTwoSidedTail(k: number, t: number): number {
  return (2 * Math.exp(-(k + 1) / t)) / (1 + Math.exp(-1 / t));
}

/**
 * The smallest integer k ≥ 0 with P(|X| ≤ k) ≥ 1 − alpha. Taking alpha as the tail mass
 * (0.05 rather than 1 − 0.95) avoids the rounding of 1 − 0.95 = 0.050000000000000044.
 */
export function discreteLaplaceRadius(t: number, alpha: number): number {
  if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`scale must be positive, got ${t}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  const estimate = Math.ceil(-t * Math.log((alpha * (1 + Math.exp(-1 / t))) / 2)) - 1;
  let k = Math.max(0, estimate);
  while (discreteLaplaceTwoSidedTail(k, t) > alpha) k += 1;
  while (k > 0 && discreteLaplaceTwoSidedTail(k - 1, t) <= alpha) k -= 1;
  return k;
}
