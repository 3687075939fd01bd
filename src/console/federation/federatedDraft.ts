// The federated query form's state and its translation into FederatedAggregateInput.
import type { AggregateFunction } from '../api/types';
import type { FederatedAggregateInput } from './federationApi';

/** What answers of several deployments can be combined into (QUANTILE cannot). */
export const COMBINABLE: AggregateFunction[] = ['COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'MEAN', 'HISTOGRAM'];
const NEEDS_COLUMN = new Set<AggregateFunction>(['SUM', 'MEAN', 'HISTOGRAM']);

export interface PartDraft {
  /** '' for an agreement of this deployment. */
  peerId: string;
  agreementId: string;
}

export interface FederatedDraft {
  parts: PartDraft[];
  fn: AggregateFunction;
  column: string;
  groupBy: string;
  epsilon: string;
}

export const EMPTY_DRAFT: FederatedDraft = { parts: [], fn: 'COUNT', column: '', groupBy: '', epsilon: '0.5' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What is wrong with the draft, in words for the person filling it in; empty when it can be sent. */
export function draftProblems(d: FederatedDraft): string[] {
  const problems: string[] = [];
  if (d.parts.length === 0) problems.push('Pick at least one part: an agreement here or on a peer.');
  if (d.parts.some((p) => !UUID.test(p.agreementId.trim()))) problems.push('Every part needs the id of its agreement.');
  if (NEEDS_COLUMN.has(d.fn) && !d.column.trim()) problems.push(`${d.fn} needs a column.`);
  const epsilon = Number(d.epsilon);
  if (!Number.isFinite(epsilon) || epsilon < 0.001) problems.push('ε must be a number of at least 0.001.');
  return problems;
}

export function toInput(d: FederatedDraft): FederatedAggregateInput {
  return {
    parts: d.parts.map((p) => ({ peerId: p.peerId || null, agreementId: p.agreementId.trim() })),
    aggregations: [NEEDS_COLUMN.has(d.fn) ? { function: d.fn, column: d.column.trim() } : { function: d.fn }],
    groupBy: d.groupBy
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    epsilon: Number(d.epsilon),
  };
}
