import { powerOfTwoExponent, scaleByPowerOfTwo } from './double-bits';
import { discreteLaplaceRadius, scaleToNumber } from './discrete-laplace-tails';
import { sampleDiscreteLaplace } from './discrete-laplace';
import { epsilonToRational } from './epsilon';
import type { RandomSource } from './random-source';
import {
  ceilRational,
  floorDiv,
  floorLog2,
  rational,
  rationalFromNumber,
  type Rational,
} from './rational';
import type { Release } from './release';

/**
 * The public part of a Laplace release: everything here is computed from the
 * sensitivity and ε alone, so previews can show it without touching data, and the
 * noise can be drawn before the query runs. The noise is granularity × DLap(scale):
 * `scale` is the discrete Laplace scale in grid units. Immutable: what follows from it is
 * computed once per plan object.
 */
export interface NoisePlan {
  readonly mechanism: string;
  readonly granularity: number;
  readonly scale: Rational;
  readonly errorBound95: number;
}

/**
 * Real-valued releases live on a grid of width g = 2^e with g ≤ (Δ/ε)/2^40, the
 * resolution Google's secure noise generation uses ("Secure Noise Generation",
 * google/differential-privacy common_docs): fine enough that the grid is invisible next
 * to the noise, coarse enough that the grid integers stay below 2^53 with overwhelming
 * probability. Integer-valued releases use g = 1 unless the scale exceeds 2^40.
 */
const GRID_RESOLUTION_BITS = 40;
const MIN_GRID_EXPONENT = -1000;
const MAX_GRID_EXPONENT = 900;

export function planLaplace(sensitivity: number, epsilon: number, integerValued: boolean): NoisePlan {
  if (!Number.isFinite(sensitivity) || !(sensitivity > 0)) {
    throw new RangeError(`sensitivity must be a finite number > 0, got ${sensitivity}`);
  }
  const eps = epsilonToRational(epsilon);
  const delta = rationalFromNumber(sensitivity);
  const rawScale = rational(delta.num * eps.den, delta.den * eps.num);
  const fineExponent = floorLog2(rawScale) - GRID_RESOLUTION_BITS;
  const gridExponent = integerValued ? Math.max(0, fineExponent) : fineExponent;
  if (gridExponent < MIN_GRID_EXPONENT || gridExponent > MAX_GRID_EXPONENT) {
    throw new RangeError(`sensitivity/epsilon ratio out of supported range: ${sensitivity}/${epsilon}`);
  }
  // Rounding to the grid moves each input by at most g/2, so neighbouring outputs can
  // differ by more than Δ. With round(x) = ⌊x/g + 1/2⌋ (monotone, and commuting with
  // integer shifts) |round(x) − round(y)| ≤ ⌈|x − y|/g⌉ ≤ ⌈Δ/g⌉ grid steps, so the
  // sensitivity on the grid is ⌈Δ/g⌉ — never more than Δ/g + 1, and exactly Δ/g when g
  // divides Δ (always the case for integer Δ on a grid with g ≤ 1).
  const gridSensitivity = ceilRational(divideByPowerOfTwo(delta, gridExponent));
  const scale = rational(gridSensitivity * eps.den, eps.num);
  const granularity = scaleByPowerOfTwo(1, gridExponent);
  return {
    mechanism: gridExponent === 0 ? 'discrete-laplace' : `discrete-laplace(grid=2^${gridExponent})`,
    granularity,
    scale,
    errorBound95: granularity * discreteLaplaceRadius(scaleToNumber(scale), 0.05),
  };
}

/**
 * Draws the noise of a release. It does not look at data, so it can run before the
 * query (and before the data are read), keeping the data-dependent part of a request
 * free of rejection loops; pair it with withConstantTime to hide the sampler's own time.
 */
export function drawNoise(plan: NoisePlan, rng: RandomSource): number {
  const { exponent } = derived(plan);
  const steps = sampleDiscreteLaplace(plan.scale, rng);
  // |steps| ≥ 2^53 needs ≈ 2^12 scales of noise (probability < e^-4000); failing closed
  // is preferable to a silently rounded noise value.
  if (steps > MAX_EXACT || steps < -MAX_EXACT) throw new RangeError('noise exceeds exact double range');
  return scaleByPowerOfTwo(Number(steps), exponent);
}

/**
 * Rounds the true value to the plan's grid and adds the pre-drawn noise, exactly, in
 * grid units. The sum is converted to a double only at the end; that conversion is a
 * fixed function of an already private integer, so it cannot leak anything.
 *
 * trueValue must be the exact aggregate of the clamped values (e.g. SUM over NUMERIC):
 * a floating-point running sum can differ between neighbours by more than Δ
 * (Casacuberta et al., "Widespread Underestimation of Sensitivity in Differentially
 * Private Libraries", CCS 2022), which no choice of noise here can repair.
 */
export function applyNoise(trueValue: number, plan: NoisePlan, noise: number): Release {
  if (!Number.isFinite(trueValue)) throw new RangeError(`true value must be finite, got ${trueValue}`);
  const { exponent, errorBound975 } = derived(plan);
  const steps = scaleByPowerOfTwo(noise, -exponent);
  if (!Number.isSafeInteger(steps)) throw new RangeError('noise is not a whole number of grid steps of this plan');
  const value = scaleByPowerOfTwo(gridSum(trueValue, exponent, steps), exponent);
  if (!Number.isFinite(value)) throw new RangeError('noisy value overflows a double');
  return {
    value,
    errorBound95: plan.errorBound95,
    mechanism: plan.mechanism,
    errorBoundUnit: 'value',
    errorBound975,
  };
}

/**
 * round(trueValue / 2^exponent) + steps, exactly, as a double (round(x) = ⌊x + 1/2⌋). When the
 * true value is already a whole number of grid steps (every count, every sum of integers) and the
 * sum stays below 2^53, double arithmetic is exact: multiplying by a power of two only moves the
 * exponent (an underflow can only turn a value below one step into 0, which is also its rounding),
 * and a sum of safe integers that is itself a safe integer is exact. Otherwise in rationals.
 */
export function gridSum(trueValue: number, exponent: number, steps: number): number {
  const scaled = scaleByPowerOfTwo(trueValue, -exponent);
  if (Number.isSafeInteger(scaled)) {
    const sum = scaled + steps;
    if (Number.isSafeInteger(sum)) return sum === 0 ? 0 : sum; // +0 for −0, as the exact path gives
  }
  return exactGridSum(trueValue, exponent, steps);
}

/** gridSum in rationals, for every input (and the reference its fast path is tested against). */
export function exactGridSum(trueValue: number, exponent: number, steps: number): number {
  const onGrid = divideByPowerOfTwo(rationalFromNumber(trueValue), exponent);
  const rounded = floorDiv(2n * onGrid.num + onGrid.den, 2n * onGrid.den); // ⌊x/g + 1/2⌋
  return Number(rounded + BigInt(steps));
}

/** Smallest b with P(|noise| ≤ b) ≥ 1 − alpha under the exact distribution of the plan's noise. */
export function errorBoundAt(plan: NoisePlan, alpha: number): number {
  return plan.granularity * discreteLaplaceRadius(scaleToNumber(plan.scale), alpha);
}

const MAX_EXACT = 2n ** 53n - 1n;

/**
 * What every release of a plan needs besides its noise, computed once per plan object: a query
 * releases one value per group and aggregation from the same plan, and the tail search behind
 * the error bound costs more than the release itself.
 */
const derivedOf = new WeakMap<NoisePlan, { exponent: number; errorBound975: number }>();

function derived(plan: NoisePlan): { exponent: number; errorBound975: number } {
  let d = derivedOf.get(plan);
  if (!d) {
    const exponent = powerOfTwoExponent(plan.granularity);
    if (exponent === undefined) throw new RangeError(`granularity must be a power of two, got ${plan.granularity}`);
    if (plan.scale.num <= 0n || plan.scale.den <= 0n) throw new RangeError('plan scale must be positive');
    // Bounds |value − trueValue|, so it adds the ≤ g/2 moved by rounding to the grid.
    d = { exponent, errorBound975: errorBoundAt(plan, 0.025) + plan.granularity / 2 };
    derivedOf.set(plan, d);
  }
  return d;
}

function divideByPowerOfTwo(r: Rational, exponent: number): Rational {
  return exponent >= 0
    ? rational(r.num, r.den << BigInt(exponent))
    : rational(r.num << BigInt(-exponent), r.den);
}
