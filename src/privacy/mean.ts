import { splitEpsilon } from './epsilon';
import { planLaplace, type NoisePlan } from './laplace-plan';
import type { Release } from './release';
import { sensitivityOf } from './sensitivity';

export interface MeanPlan {
  mechanism: string;
  sum: NoisePlan;
  count: NoisePlan;
  /** Data-independent 95% bound; see planMean. */
  errorBound95: number;
}

/**
 * MEAN is released as noisy SUM / noisy COUNT with ε split evenly between them. The
 * error of a ratio depends on the true count, which a preview must not read, so the
 * only bound that holds for every dataset is the width of the clamping range; the
 * release itself carries a tighter bound computed from the noisy values.
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
  const sumSensitivity = sensitivityOf('SUM', { contributionBound, lower, upper, grouped: false });
  const countSensitivity = sensitivityOf('COUNT', { contributionBound, grouped: false });
  return {
    mechanism: 'discrete-laplace-ratio',
    sum: planLaplace(sumSensitivity, sumEpsilon, integerValued),
    count: planLaplace(countSensitivity, countEpsilon, true),
    errorBound95: upper - lower,
  };
}

/**
 * Combines two independent releases; pure post-processing, so no further budget. The
 * count is floored at 1 before dividing and the result is clamped to [lower, upper],
 * where the true mean of clamped values always lies.
 *
 * errorBound95 is a confidence statement, honest but conservative: by a union bound the
 * events |sum noise| ≤ b_s and |count noise| ≤ b_c (each 97.5%, exact) hold together
 * with probability ≥ 0.95. On that event the true (S, C) lies in the box
 * [S' ± b_s] × [max(1, C' − b_c), C' + b_c], so the true mean lies in the range of S/C
 * over the box (attained at its corners, S/C being monotone in each coordinate) cut to
 * [lower, upper]. The bound is the farthest point of that range from the released
 * value, so P(|released − true| ≤ errorBound95) ≥ 0.95. It uses only released values,
 * hence costs no budget. It is computed in double precision, and it falls back to the
 * trivial bound (upper − lower) when a release lacks errorBound975 or the box reaches
 * counts below one.
 */
export function releaseMean(noisySum: Release, noisyCount: Release, lower: number, upper: number): Release {
  assertRange(lower, upper);
  const mechanism = 'discrete-laplace-ratio';
  const value = clamp(noisySum.value / Math.max(noisyCount.value, 1), lower, upper);
  const trivial = { value, errorBound95: upper - lower, mechanism, errorBoundUnit: 'value' as const };
  const sumBound = noisySum.errorBound975;
  const countBound = noisyCount.errorBound975;
  if (sumBound === undefined || countBound === undefined) return trivial;
  const countLow = Math.max(1, noisyCount.value - countBound);
  const countHigh = noisyCount.value + countBound;
  if (countHigh < 1) return trivial;
  const corners = [noisySum.value - sumBound, noisySum.value + sumBound].flatMap((s) => [
    s / countLow,
    s / countHigh,
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
