import { QueryTooComplexError } from '../errors/errors';
import type { AggregationPlan, QueryPlan } from './noise-planner';
import type { ValidatedQuery } from './query-model';

/** Platform limits on the work of one query (PARLEY_MAX_RELEASED_VALUES, PARLEY_MAX_SELECTION_CANDIDATES). */
export interface WorkLimits {
  maxReleasedValues: number;
  maxSelectionCandidates: number;
}

/** Values one group releases for an aggregation: one per bin of a HISTOGRAM, else one. */
function valuesOf(a: AggregationPlan): number {
  return a.bins ? a.bins.length : 1;
}

export function valuesPerGroup(plan: QueryPlan): number {
  return plan.aggregations.reduce((n, a) => n + valuesOf(a), 0);
}

/**
 * The most groups a query can release, from public information only: the size of the public key
 * domain, 1 without a group-by, and the candidate cap under partition selection (the number of
 * candidates in the data is private, so it cannot be the bound).
 */
export function groupBound(q: ValidatedQuery, limits: WorkLimits): number {
  switch (q.groupKeys.kind) {
    case 'none':
      return 1;
    case 'public':
      return q.groupKeys.keys.length;
    case 'selected':
      return limits.maxSelectionCandidates;
  }
}

/**
 * Refuses, before anything is spent, a query whose noise draws alone would keep the process busy
 * for seconds: groups × aggregations × bins above the platform cap. Every number here is public.
 */
export function checkWorkBound(q: ValidatedQuery, plan: QueryPlan, limits: WorkLimits): void {
  const groups = groupBound(q, limits);
  const released = groups * valuesPerGroup(plan);
  if (released > limits.maxReleasedValues) {
    const what = q.groupKeys.kind === 'selected' ? `up to ${groups} selected groups (the candidate cap)` : `${groups} group${groups === 1 ? '' : 's'}`;
    throw new QueryTooComplexError(
      `the query would release up to ${released} values (${what} × ${valuesPerGroup(plan)} values per group); ` +
        `at most ${limits.maxReleasedValues} are allowed per query (PARLEY_MAX_RELEASED_VALUES): use fewer groups, aggregations or bins`,
      { releasedValues: released, maxReleasedValues: limits.maxReleasedValues },
    );
  }
}
