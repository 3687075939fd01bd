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
 *   MEAN                  that of its SUM; its COUNT uses COUNT's (see mean.ts)
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
    case 'MEAN':
      return sumSensitivity(m, opts.lower, opts.upper);
    default:
      throw new RangeError(`unknown aggregate function ${String(fn)}`);
  }
}

function sumSensitivity(m: number, lower: number | undefined, upper: number | undefined): number {
  if (lower === undefined || upper === undefined || !Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new RangeError('SUM and MEAN need finite lower and upper clamping bounds');
  }
  if (lower > upper) throw new RangeError(`lower bound ${lower} exceeds upper bound ${upper}`);
  const bound = rationalFromNumber(Math.max(Math.abs(lower), Math.abs(upper)));
  return smallestDoubleAtLeast(rational(bound.num * BigInt(m), bound.den));
}
