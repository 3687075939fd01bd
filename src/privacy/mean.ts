import { splitEpsilon } from './epsilon';
import { planLaplace, type NoisePlan } from './laplace-plan';
import type { Release } from './release';
import { sensitivityOf } from './sensitivity';

export interface MeanPlan {
  mechanism: string;
  /** Noise of the centred sum Σ(x − mid); its sensitivity is m·(U − L)/2. */
  sum: NoisePlan;
  count: NoisePlan;
  /** The midpoint (L + U)/2 the values are centred on before summing. */
  midpoint: number;
  /** Data-independent 95% bound; see planMean. */
  errorBound95: number;
}

/**
 * MEAN is released as mid + noisy Σ(x − mid) / noisy COUNT with mid = (L + U)/2 and ε
 * split evenly between the two (as Tumult Analytics and PipelineDP do). Centring halves the
 * worst case of what one value adds to the sum, from max(|L|, |U|) to (U − L)/2, so the sum
 * noise is smaller for every range that does not straddle 0 symmetrically, and the count
 * noise is multiplied by the centred mean (near 0) instead of the mean. The error of a
 * ratio depends on the true count, which a preview must not read, so the only bound that
 * holds for every dataset is the width of the clamping range; the release itself carries
 * a tighter bound computed from the noisy values.
 *
 * The centred sum is integer-valued when the column is and L + U is even (mid is whole).
 */
export function planMean(
  lower: number,
  upper: number,
  epsilon: number,
  contributionBound: number,
  integerValued: boolean,
): MeanPlan {
  assertRange(lower, upper);
  const [sumEpsilon, countEpsilon] = splitEpsilon(epsilon, 2);
  const sumSensitivity = sensitivityOf('MEAN', { contributionBound, lower, upper, grouped: false });
  const countSensitivity = sensitivityOf('COUNT', { contributionBound, grouped: false });
  const wholeMidpoint =
    integerValued && Number.isSafeInteger(lower) && Number.isSafeInteger(upper) && (BigInt(lower) + BigInt(upper)) % 2n === 0n;
  return {
    mechanism: 'discrete-laplace-ratio',
    sum: planLaplace(sumSensitivity, sumEpsilon, wholeMidpoint),
    count: planLaplace(countSensitivity, countEpsilon, true),
    midpoint: midpointOf(lower, upper),
    errorBound95: upper - lower,
  };
}

/** (L + U)/2 without overflowing for bounds near the largest double. */
export function midpointOf(lower: number, upper: number): number {
  return lower / 2 + upper / 2;
}

/**
 * Combines the noisy centred sum and the noisy count; pure post-processing, so no further
 * budget. The count is floored at 1 before dividing and the result is clamped to
 * [lower, upper], where the true mean of clamped values always lies, so clamping only
 * ever moves the release closer to the truth.
 *
 * errorBound95 is a confidence statement, honest but conservative: by a union bound the
 * events |sum noise| ≤ b_s and |count noise| ≤ b_c (each 97.5%, exact) hold together
 * with probability ≥ 0.95. On that event the true (S, C) of the centred sum lies in the
 * box [S' ± b_s] × [max(1, C' − b_c), C' + b_c], so the true mean mid + S/C lies in mid
 * plus the range of S/C over the box (attained at its corners, S/C being monotone in each
 * coordinate), cut to [lower, upper]. The bound is the farthest point of that range from
 * the released value, so P(|released − true| ≤ errorBound95) ≥ 0.95. It uses only
 * released values, hence costs no budget. It is computed in double precision, and it
 * falls back to the trivial bound (upper − lower) when a release lacks errorBound975 or
 * the box reaches counts below one.
 */
export function releaseMean(noisyCentredSum: Release, noisyCount: Release, lower: number, upper: number): Release {
  assertRange(lower, upper);
  const mechanism = 'discrete-laplace-ratio';
  const mid = midpointOf(lower, upper);
  const value = clamp(mid + noisyCentredSum.value / Math.max(noisyCount.value, 1), lower, upper);
  const trivial = { value, errorBound95: upper - lower, mechanism, errorBoundUnit: 'value' as const };
  const sumBound = noisyCentredSum.errorBound975;
  const countBound = noisyCount.errorBound975;
  if (sumBound === undefined || countBound === undefined) return trivial;
  const countLow = Math.max(1, noisyCount.value - countBound);
  const countHigh = noisyCount.value + countBound;
  if (countHigh < 1) return trivial;
  const corners = [noisyCentredSum.value - sumBound, noisyCentredSum.value + sumBound].flatMap((s) => [
    mid + s / countLow,
    mid + s / countHigh,
  ]);
  const low = Math.max(lower, Math.min(...corners));
  const high = Math.min(upper, Math.max(...corners));
  if (!(low <= high)) return trivial; // the 95% event did not happen
  return { ...trivial, errorBound95: Math.max(value - low, high - value) };
}

function clamp(x: number, lower: number, upper: number): number {
  return Math.min(upper, Math.max(lower, x));
}

function assertRange(lower: number, upper: number): void {
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !(lower < upper)) {
    throw new RangeError(`clamping range must be finite with lower < upper, got [${lower}, ${upper}]`);
  }
}
