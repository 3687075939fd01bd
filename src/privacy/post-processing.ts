import type { Release } from './release';

/**
 * Clamps a release into a range the true value is known to lie in (a count is never
 * negative; a sum of values clamped to [L, U] with L ≥ 0 is never negative). It reads
 * nothing but the release and public bounds, so it is post-processing: no budget, no
 * change to the privacy guarantee. It can only move the value towards the truth, so
 * errorBound95, the exact 95% half-width of the noise, still bounds the error at least
 * as often as it did; it is left as it is, to stay the same figure the preview shows.
 */
export function clampRelease(release: Release, lower: number, upper: number): Release {
  if (!(lower <= upper)) throw new RangeError(`clamping range must have lower ≤ upper, got [${lower}, ${upper}]`);
  return { ...release, value: Math.min(upper, Math.max(lower, release.value)) };
}

/** The range a SUM of values clamped to [L, U] is known to lie in from the bounds alone. */
export function sumSignRange(lower: number, upper: number): [number, number] {
  if (lower >= 0) return [0, Infinity];
  if (upper <= 0) return [-Infinity, 0];
  return [-Infinity, Infinity];
}
