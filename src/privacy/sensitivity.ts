import { rational, rationalFromNumber, smallestDoubleAtLeast } from './rational';

export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT_UNITS' | 'SUM' | 'MEAN' | 'HISTOGRAM' | 'QUANTILE';

export interface SensitivityOptions {
  /** m: the most rows one privacy unit may contribute to the query, across all groups. */
  contributionBound: number;
  lower?: number;
  upper?: number;
  /** Whether the query has GROUP BY; the sensitivity is then the L1 norm across groups. */
  grouped: boolean;
}

/**
 * L1 sensitivity under add/remove-one-unit neighbours, where a unit brings at most m
 * rows and each value is clamped to [lower, upper] by the query:
 *   COUNT                 m      (m rows, each counted once, in any groups)
 *   SUM                   m·max(|L|, |U|)
 *   COUNT_DISTINCT_UNITS  1 ungrouped; m grouped (the unit appears in ≤ m groups)
 *   HISTOGRAM             m      (m rows each add one to one bucket)
 *   MEAN                  m·(U − L)/2 for its sum of x − (L + U)/2; its COUNT uses
 *                         COUNT's (see mean.ts)
 *   QUANTILE              m      (sensitivity of the rank utility, see quantile.ts)
 * SUM is computed exactly and rounded up to a double, so it is never understated.
 */
export function sensitivityOf(fn: AggregateFunction, opts: SensitivityOptions): number {
  const m = opts.contributionBound;
  if (!Number.isSafeInteger(m) || m < 1) {
    throw new RangeError(`contributionBound must be a positive integer, got ${m}`);
  }
  switch (fn) {
    case 'COUNT':
    case 'HISTOGRAM':
    case 'QUANTILE':
      return m;
    case 'COUNT_DISTINCT_UNITS':
      return opts.grouped ? m : 1;
    case 'SUM':
      return sumSensitivity(m, opts.lower, opts.upper);
    case 'MEAN':
      return centredSumSensitivity(m, opts.lower, opts.upper);
    default:
      throw new RangeError(`unknown aggregate function ${String(fn)}`);
  }
}

function sumSensitivity(m: number, lower: number | undefined, upper: number | undefined): number {
  const [l, u] = checkedBounds(lower, upper);
  const bound = rationalFromNumber(Math.max(Math.abs(l), Math.abs(u)));
  return smallestDoubleAtLeast(rational(bound.num * BigInt(m), bound.den));
}

/**
 * A value clamped to [L, U] and shifted by the midpoint (L + U)/2 lies in [−(U − L)/2, (U − L)/2],
 * so m of them move a sum by at most m·(U − L)/2. Computed exactly (U − L may not be a double).
 */
function centredSumSensitivity(m: number, lower: number | undefined, upper: number | undefined): number {
  const [low, high] = checkedBounds(lower, upper);
  const l = rationalFromNumber(low);
  const u = rationalFromNumber(high);
  const width = rational(u.num * l.den - l.num * u.den, u.den * l.den);
  return smallestDoubleAtLeast(rational(width.num * BigInt(m), width.den * 2n));
}

function checkedBounds(lower: number | undefined, upper: number | undefined): [number, number] {
  if (lower === undefined || upper === undefined || !Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new RangeError('SUM and MEAN need finite lower and upper clamping bounds');
  }
  if (lower > upper) throw new RangeError(`lower bound ${lower} exceeds upper bound ${upper}`);
  return [lower, upper];
}
