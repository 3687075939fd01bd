import { AggregateFunction } from '../agreements/aggregate-function';
import { isNumeric, type ColumnSpec } from '../datasets/column-spec';
import { planLaplace, planMean, planQuantile, sensitivityOf, splitEpsilon, sumSignRange, type MeanPlan, type NoisePlan } from '../privacy';
import { domainOf } from './group-keys';
import type { NormalizedAggregation, PlannedAggregation, ValidatedQuery } from './query-model';

/** Equal-width buckets of [L, U] the exponential mechanism chooses among for QUANTILE. */
export const QUANTILE_BUCKETS = 1000;

/** Counts are never negative: a negative noisy count is released as 0 (post-processing, free). */
const CLAMPED_AT_ZERO = ' clamped at 0 (post-processing)';

export type NoiseMechanism =
  /** `range`: where the true value is known to lie; the noisy value is clamped into it. */
  | { kind: 'laplace'; plan: NoisePlan; range: [number, number] }
  | { kind: 'mean'; plan: MeanPlan; lower: number; upper: number }
  | { kind: 'quantile'; lower: number; upper: number; buckets: number; q: number };

export interface AggregationPlan extends PlannedAggregation {
  noise: NoiseMechanism;
}

export interface QueryPlan {
  epsilon: number;
  /** How many equal shares ε is split into: one per aggregation, plus one for partition selection. */
  parts: number;
  aggregations: AggregationPlan[];
  /** The share spent on choosing which groups to release; null when the keys are public. */
  partitionEpsilon: number | null;
}

/**
 * Cost and accuracy from public information only (agreement, schema, contribution bound, ε), so
 * the preview shows exactly what the execution will use, and Laplace noise can be drawn before the
 * statement runs. ε is split evenly: one share per aggregation and, for a group-by without public
 * keys, one share for partition selection. The shares never add up to more than ε.
 */
export function planQuery(q: ValidatedQuery): QueryPlan {
  const { aggregations, epsilon } = q.normalized;
  const selected = q.groupKeys.kind === 'selected';
  const parts = aggregations.length + (selected ? 1 : 0);
  const shares = splitEpsilon(epsilon, parts);
  const split = `${show(epsilon)} split over ${aggregations.length} aggregation${aggregations.length > 1 ? 's' : ''}${selected ? ' + partition selection' : ''}`;
  return {
    epsilon,
    parts,
    aggregations: aggregations.map((a, index) => planAggregation(q, a, index, shares[index]!, split)),
    partitionEpsilon: selected ? shares[parts - 1]! : null,
  };
}

function planAggregation(q: ValidatedQuery, spec: NormalizedAggregation, index: number, epsilon: number, split: string): AggregationPlan {
  const m = q.contributionBound;
  const grouped = q.groupKeys.kind !== 'none';
  const column = spec.column === null ? null : q.columns.get(spec.column)!;
  const share = `ε=${show(epsilon)} of ${split}`;
  const base = { index, spec, epsilon, bins: null as string[] | null };
  switch (spec.function) {
    case AggregateFunction.COUNT:
    case AggregateFunction.COUNT_DISTINCT_UNITS:
    case AggregateFunction.HISTOGRAM: {
      const sensitivity = sensitivityOf(spec.function, { contributionBound: m, grouped });
      const plan = planLaplace(sensitivity, epsilon, true);
      const bins = spec.function === AggregateFunction.HISTOGRAM ? binLabels(column!, spec.bins) : null;
      const mechanism = `${laplaceText(plan, share, sensitivity)}${CLAMPED_AT_ZERO}`;
      return { ...base, bins, sensitivity, errorBound95: plan.errorBound95, mechanism, noise: { kind: 'laplace', plan, range: [0, Infinity] } };
    }
    case AggregateFunction.SUM: {
      const { lower, upper } = bounds(column!);
      const sensitivity = sensitivityOf('SUM', { contributionBound: m, lower, upper, grouped });
      const plan = planLaplace(sensitivity, epsilon, integerValued(column!));
      const range = sumSignRange(lower, upper);
      const clamped = range[0] === 0 ? CLAMPED_AT_ZERO : range[1] === 0 ? ' clamped to ≤ 0 (post-processing)' : '';
      return { ...base, sensitivity, errorBound95: plan.errorBound95, mechanism: `${laplaceText(plan, share, sensitivity)}${clamped}`, noise: { kind: 'laplace', plan, range } };
    }
    case AggregateFunction.MEAN: {
      const { lower, upper } = bounds(column!);
      const plan = planMean(lower, upper, epsilon, m, integerValued(column!));
      const sensitivity = sensitivityOf('MEAN', { contributionBound: m, lower, upper, grouped });
      const mechanism =
        `discrete-laplace-ratio(${plan.midpoint} + noisy sum of (x − ${plan.midpoint}) / noisy count, ${share}, ` +
        `halved between the centred sum (sensitivity=${sensitivity}) and count (sensitivity=${m}); ` +
        `clamped to [${lower}, ${upper}] (post-processing))`;
      return { ...base, sensitivity, errorBound95: plan.errorBound95, mechanism, noise: { kind: 'mean', plan, lower, upper } };
    }
    case AggregateFunction.QUANTILE: {
      const { lower, upper } = bounds(column!);
      const plan = planQuantile(lower, upper, QUANTILE_BUCKETS, epsilon, m);
      const mechanism =
        `exponential(${share}, rank sensitivity=${m}, ${QUANTILE_BUCKETS} buckets over [${lower}, ${upper}]; ` +
        `released as the chosen bucket's midpoint, inside [${lower}, ${upper}]; errorBound95 is in rows of rank, not in value units)`;
      return {
        ...base,
        sensitivity: m,
        errorBound95: plan.errorBound95,
        mechanism,
        noise: { kind: 'quantile', lower, upper, buckets: QUANTILE_BUCKETS, q: spec.quantile! },
      };
    }
    default:
      throw new Error(`no plan for ${String(spec.function)}`);
  }
}

function laplaceText(plan: NoisePlan, share: string, sensitivity: number): string {
  const grid = plan.granularity === 1 ? '' : `, grid=${plan.granularity}`;
  return `discrete-laplace(${share}, sensitivity=${sensitivity}${grid})`;
}

/** HISTOGRAM bins: the declared categories, true/false, or "[a, b)" per numeric bin (the last one closed). */
export function binLabels(column: ColumnSpec, edges: number[] | null): string[] {
  if (!isNumeric(column)) return domainOf({ ...column, nullable: false }) as string[];
  const e = edges!;
  return e.slice(1).map((upper, i) => `[${e[i]}, ${upper}${i === e.length - 2 ? ']' : ')'}`);
}

function bounds(column: ColumnSpec): { lower: number; upper: number } {
  return { lower: column.lowerBound!, upper: column.upperBound! };
}

/** A clamped INTEGER column with whole bounds sums to a whole number: no grid is needed. */
export function integerValued(column: ColumnSpec): boolean {
  return column.type === 'INTEGER' && Number.isSafeInteger(column.lowerBound) && Number.isSafeInteger(column.upperBound);
}

/** ε as the mechanisms use it: rounded down to a multiple of 1e-9. */
function show(epsilon: number): string {
  return String(Math.floor(epsilon * 1e9 + 1e-6) / 1e9);
}
