import { totalDraws } from './release-builder';
import type { QueryPlan } from './noise-planner';
import type { ValidatedQuery } from './query-model';

/**
 * Padding of the sampling that runs while or after data are read (see docs/queries.md, "Timing").
 * Every deadline is computed from public quantities only — the plan, the public key domain, and
 * for partition selection the public candidate cap — never from what the data hold, so the
 * deadline itself tells nothing. The per-item costs are measured upper bounds with a wide margin
 * on a slow machine; a run that still overruns is reported through onTimingOverrun.
 */
export const PAD_BASE_MS = 2;
export const PAD_PER_DRAW_MS = 0.05;
export const PAD_PER_QUANTILE_MS = 15;
export const PAD_SELECTION_BASE_MS = 50;
/** One candidate's selection draw (a discrete Laplace sample and a threshold test). */
export const PAD_PER_CANDIDATE_MS = 0.05;

/** Deadline for drawing the data-independent noise of public groups (while the statement runs). */
export function preDrawPadMs(plan: QueryPlan, groups: number): number {
  return PAD_BASE_MS + PAD_PER_DRAW_MS * totalDraws(plan, groups);
}

/**
 * Deadline for building the release once the rows are in. With partition selection the number
 * of candidates is private: the deadline covers the worst case the public cap allows (every
 * candidate selected, each with all its draws and quantiles), and more candidates than the cap
 * are never processed (the query fails, charged).
 */
export function releasePadMs(q: ValidatedQuery, plan: QueryPlan, knownGroupCount: number, maxCandidates: number): number {
  const quantiles = plan.aggregations.filter((a) => a.noise.kind === 'quantile').length;
  if (q.groupKeys.kind === 'selected') {
    const perCandidate = PAD_PER_CANDIDATE_MS + PAD_PER_DRAW_MS * totalDraws(plan, 1) + PAD_PER_QUANTILE_MS * quantiles;
    return PAD_SELECTION_BASE_MS + maxCandidates * perCandidate;
  }
  return quantiles ? PAD_BASE_MS + PAD_PER_QUANTILE_MS * quantiles * knownGroupCount : 0;
}
