// Query, result and audit shapes the console reads, built from the generated schema types.
import type * as Api from './schema-types';
import type { AgreementDataset, Organization, PrivacyBudget } from './types';

export type { AggregateQueryInput, AggregationInput, AuditFilter, FilterInput, JoinInput } from './schema-types';

export type NoisyValue = Pick<Api.NoisyValue, 'function' | 'column' | 'quantile' | 'bin' | 'value' | 'errorBound95' | 'mechanism'>;

export type AggregateGroup = Pick<Api.AggregateGroup, 'key'> & { values: NoisyValue[] };

export type AggregateResult = Pick<
  Api.AggregateResult,
  'queryId' | 'agreementId' | 'datasetVersion' | 'epsilonSpent' | 'deltaSpent' | 'suppressedGroups' | 'cached' | 'executedAt'
> & { budget: PrivacyBudget; groups: AggregateGroup[] };

export type ExpectedError = Pick<Api.ExpectedError, 'function' | 'column' | 'quantile' | 'errorBound95' | 'mechanism'>;

export type AggregatePreview = Pick<Api.AggregatePreview, 'epsilonCost' | 'deltaCost' | 'wouldBeCached' | 'remainingQueriesAtThisCost'> & {
  budget: PrivacyBudget;
  expectedErrors: ExpectedError[];
};

export type AuditEvent = Pick<
  Api.AuditEvent,
  'id' | 'seq' | 'at' | 'actorId' | 'actorOrganizationId' | 'action' | 'resourceType' | 'resourceId' | 'outcome' | 'details' | 'prevHash' | 'hash'
> & {
  actor: Pick<Api.User, 'id' | 'email'> | null;
  actorOrganization: Pick<Organization, 'id' | 'name'> | null;
};

export type AuditEventConnection = Pick<Api.AuditEventConnection, 'totalCount'> & {
  edges: (Pick<Api.AuditEventEdge, 'cursor'> & { node: AuditEvent })[];
  pageInfo: Pick<Api.PageInfo, 'hasNextPage' | 'endCursor'>;
};

export type AuditVerification = Pick<
  Api.AuditVerification,
  'ok' | 'eventsChecked' | 'firstBrokenSeq' | 'headSeq' | 'headHash' | 'checkpointsChecked' | 'problem'
>;

export type AuditCheckpoint = Pick<Api.AuditCheckpoint, 'seq' | 'headHash' | 'at' | 'signature' | 'publicKey' | 'keyId'>;

export type BudgetUsage = Pick<Api.BudgetUsage, 'queriesRun' | 'epsilonSpent' | 'lastQueryAt'> & {
  agreement: Pick<Api.SharingAgreement, 'id' | 'status'> & {
    /** Joined from `datasets`; null when the caller may no longer see it. */
    dataset: AgreementDataset | null;
    owner: Organization;
    partner: Organization;
    budget: PrivacyBudget;
  };
  daily: Pick<Api.BudgetUsageDay, 'day' | 'queriesRun' | 'epsilonSpent'>[];
};

/** One released answer kept by the server (`queryHistory`). */
export type PastQuery = Pick<Api.PastQuery, 'queryId' | 'agreementId' | 'datasetVersion' | 'epsilonSpent' | 'executedAt' | 'suppressedGroups'> & {
  /** The JSON scalar `query`, in the shape the server stores it. */
  query: {
    aggregations: { function: string; column: string | null }[];
    groupBy: string[];
    filters: { column: string; op: string; value?: string | null; values?: string[] | null }[];
    epsilon: number;
    join?: { alias: string; on: string; otherOn: string };
  } | null;
  groups: Pick<Api.AggregateGroup, 'key'>[];
};
