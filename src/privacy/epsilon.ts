import { nextDown } from './double-bits';
import {
  compareRational,
  largestDoubleAtMost,
  rational,
  rationalFromNumber,
  type Rational,
} from './rational';

/**
 * ε is carried as a multiple of 1e-9. Every scale is Δ/ε, so rounding ε down can only
 * make the noise larger than requested: the release is then private at the ε the
 * caller asked for (the guarantee degrades monotonically, never the other way). A
 * fixed decimal denominator also keeps sampler integers small and reproducible.
 */
export const EPSILON_DENOMINATOR = 1_000_000_000n;

export function epsilonToRational(epsilon: number): Rational {
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || !(epsilon > 0)) {
    throw new RangeError(`epsilon must be a finite number > 0, got ${String(epsilon)}`);
  }
  const exact = rationalFromNumber(epsilon);
  const units = (exact.num * EPSILON_DENOMINATOR) / exact.den; // positive, so this floors
  if (units === 0n) {
    throw new RangeError(`epsilon ${epsilon} is below the resolution of 1e-9`);
  }
  return rational(units, EPSILON_DENOMINATOR);
}

/**
 * Splits a budget into `parts` equal shares that never add up to more than `total`:
 * the share is the largest double ≤ total/parts computed exactly, then lowered further
 * if a left-to-right floating-point sum of the shares would still exceed `total`, so
 * callers that add the shares back up with `+` cannot overspend either. Each share,
 * passed through epsilonToRational, rounds down again, so the exact ε spent by the
 * mechanisms is ≤ the sum of shares ≤ total.
 */
const MAX_PARTS = 1_000_000;

export function splitEpsilon(total: number, parts: number): number[] {
  if (!Number.isFinite(total) || !(total > 0)) {
    throw new RangeError(`total epsilon must be a finite number > 0, got ${total}`);
  }
  if (!Number.isSafeInteger(parts) || parts < 1 || parts > MAX_PARTS) {
    throw new RangeError(`parts must be an integer in [1, ${MAX_PARTS}], got ${parts}`);
  }
  const exactTotal = rationalFromNumber(total);
  let share = largestDoubleAtMost(rational(exactTotal.num, exactTotal.den * BigInt(parts)));
  while (share > 0 && floatSum(share, parts) > total) share = nextDown(share);
  if (!(share > 0)) throw new RangeError(`cannot split ${total} into ${parts} positive parts`);
  const shares = new Array<number>(parts).fill(share);
  // Exact check of the promise made above; cheap and guards future edits.
  const exactShare = rationalFromNumber(share);
  const exactSum = rational(exactShare.num * BigInt(parts), exactShare.den);
  if (compareRational(exactSum, exactTotal) > 0) throw new Error('splitEpsilon overspent');
  return shares;
}

function floatSum(share: number, parts: number): number {
  let sum = 0;
  for (let i = 0; i < parts; i += 1) sum += share;
  return sum;
}

