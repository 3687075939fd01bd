// Query, result and audit shapes of the contract (schema.graphql).
import type { AggregateFunction, AgreementDataset, AuditOutcome, FilterOp, Organization, PrivacyBudget } from './types';

export interface AggregationInput {
  function: AggregateFunction;
  column?: string;
  quantile?: number;
  bins?: number[];
}

export interface FilterInput { column: string; op: FilterOp; value?: string; values?: string[] }

/** A clean-room join: one of the caller's own datasets, its columns named alias.column. */
export interface JoinInput { datasetId: string; alias: string; on: string; otherOn: string }

export interface AggregateQueryInput {
  agreementId: string;
  aggregations: AggregationInput[];
  groupBy?: string[];
  filters?: FilterInput[];
  epsilon: number;
  delta?: number;
  join?: JoinInput;
}

export interface NoisyValue {
  function: AggregateFunction;
  column: string | null;
  quantile: number | null;
  bin: string | null;
  value: number;
  errorBound95: number;
  mechanism: string;
}

export interface AggregateGroup { key: (string | null)[]; values: NoisyValue[] }

export interface AggregateResult {
  queryId: string;
  agreementId: string;
  datasetVersion: number;
  epsilonSpent: number;
  deltaSpent: number;
  budget: PrivacyBudget;
  groups: AggregateGroup[];
  suppressedGroups: number;
  cached: boolean;
  executedAt: string;
}

export interface ExpectedError {
  function: AggregateFunction;
  column: string | null;
  quantile: number | null;
  errorBound95: number;
  mechanism: string;
}

export interface AggregatePreview {
  epsilonCost: number;
  deltaCost: number;
  wouldBeCached: boolean;
  budget: PrivacyBudget;
  remainingQueriesAtThisCost: number;
  expectedErrors: ExpectedError[];
}

export interface AuditEvent {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorOrganizationId: string | null;
  actor: { id: string; email: string } | null;
  actorOrganization: Pick<Organization, 'id' | 'name'> | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: AuditOutcome;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actorId?: string;
  organizationId?: string;
  actions?: string[];
  resourceId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}

export interface AuditEventConnection {
  edges: { cursor: string; node: AuditEvent }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface AuditVerification {
  ok: boolean;
  eventsChecked: number;
  firstBrokenSeq: number | null;
  headSeq: number;
  headHash: string;
  /** Signed checkpoints whose signature, key and head were checked. */
  checkpointsChecked: number;
  /** What failed, in words; null when ok. */
  problem: string | null;
}

export interface AuditCheckpoint { seq: number; headHash: string; at: string; signature: string; publicKey: string; keyId: string }

export interface BudgetUsage {
  agreement: {
    id: string;
    status: string;
    /** Joined from `datasets`; null when the caller may no longer see it. */
    dataset: AgreementDataset | null;
    owner: Organization;
    partner: Organization;
    budget: PrivacyBudget;
  };
  queriesRun: number;
  epsilonSpent: number;
  lastQueryAt: string | null;
  daily: { day: string; queriesRun: number; epsilonSpent: number }[];
}

/** One released answer kept by the server (`queryHistory`). */
export interface PastQuery {
  queryId: string;
  agreementId: string;
  datasetVersion: number;
  epsilonSpent: number;
  executedAt: string;
  query: {
    aggregations: { function: string; column: string | null }[];
    groupBy: string[];
    filters: { column: string; op: string; value?: string | null; values?: string[] | null }[];
    epsilon: number;
    join?: { alias: string; on: string; otherOn: string };
  } | null;
  suppressedGroups: number;
  groups: { key: (string | null)[] }[];
}
