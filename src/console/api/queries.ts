// Read operations. Every operation is named, so server metrics and logs can tell them apart.
import {
  AGREEMENT_FIELDS,
  SYNTHETIC_DATASET_FIELDS,
  AGREEMENT_LIST_FIELDS,
  COLUMN_FIELDS,
  AUDIT_EVENT_FIELDS,
  BUDGET_FIELDS,
  CHECKPOINT_FIELDS,
  DATASET_FIELDS,
  INGEST_REPORT_FIELDS,
  ORGANIZATION_FIELDS,
  TOKEN_FIELDS,
  USER_FIELDS,
} from './fragments';

export const ME = `query Me { me { ${USER_FIELDS} } }`;

export const ORGANIZATIONS = `query Organizations { organizations { ${ORGANIZATION_FIELDS} } }`;

export const USERS = `query Users($organizationId: ID) { users(organizationId: $organizationId) { ${USER_FIELDS} } }`;

export const API_TOKENS = `query ApiTokens { apiTokens { ${TOKEN_FIELDS} } }`;

export const DATASETS = `query Datasets { datasets { ${DATASET_FIELDS} } }`;

export const DATASET_DETAIL = `query DatasetDetail($id: ID!) {
  dataset(id: $id) { ${DATASET_FIELDS} qualityReport { ${INGEST_REPORT_FIELDS} } }
}`;

/** Only with status ACTIVE (or SUSPENDED): then every listed agreement's dataset is readable. */
export const AGREEMENTS = `query Agreements($status: AgreementStatus, $datasetId: ID) {
  agreements(status: $status, datasetId: $datasetId) { ${AGREEMENT_FIELDS} }
}`;

/** Every status; datasets come from DATASETS_OF_AGREEMENTS (see AGREEMENT_LIST_FIELDS). */
export const AGREEMENT_LIST = `query AgreementList($status: AgreementStatus, $datasetId: ID) {
  agreements(status: $status, datasetId: $datasetId) { ${AGREEMENT_LIST_FIELDS} }
}`;

/** The datasets the caller may see, each with the ids of its agreements the caller may see. */
export const DATASETS_OF_AGREEMENTS = `query DatasetsOfAgreements {
  datasets { id name columns { ${COLUMN_FIELDS} } agreements { id } }
}`;

export const PREVIEW_AGGREGATE = `query PreviewAggregate($input: AggregateQueryInput!) {
  previewAggregate(input: $input) {
    epsilonCost deltaCost wouldBeCached remainingQueriesAtThisCost
    budget { ${BUDGET_FIELDS} }
    expectedErrors { function column quantile errorBound95 mechanism }
  }
}`;

export const AUDIT_EVENTS = `query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ${AUDIT_EVENT_FIELDS} } }
  }
}`;

export const VERIFY_AUDIT_TRAIL = `query VerifyAuditTrail {
  verifyAuditTrail { ok eventsChecked firstBrokenSeq headSeq headHash checkpointsChecked problem }
}`;

/** Not in the contract: servers that sign checkpoints add it; others answer GRAPHQL_VALIDATION_FAILED. */
export const AUDIT_CHECKPOINTS = `query AuditCheckpoints { auditCheckpoints(last: 1) { ${CHECKPOINT_FIELDS} } }`;

export const BUDGET_USAGE = `query BudgetUsage($organizationId: ID) {
  budgetUsage(organizationId: $organizationId) {
    queriesRun epsilonSpent lastQueryAt
    daily { day queriesRun epsilonSpent }
    agreement {
      id status
      owner { ${ORGANIZATION_FIELDS} }
      partner { ${ORGANIZATION_FIELDS} }
      budget { ${BUDGET_FIELDS} }
    }
  }
}`;

export const QUERY_HISTORY = `query QueryHistory($agreementId: ID, $first: Int) {
  queryHistory(agreementId: $agreementId, first: $first) {
    queryId agreementId datasetVersion epsilonSpent executedAt query suppressedGroups
    groups { key }
  }
}`;

export const SYNTHETIC_DATASETS = `query SyntheticDatasets($agreementId: ID) {
  syntheticDatasets(agreementId: $agreementId) { ${SYNTHETIC_DATASET_FIELDS} }
}`;
