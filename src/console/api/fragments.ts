// Field selections shared by several operations; kept shallow for the server's depth limit.

export const ORGANIZATION_FIELDS = 'id name slug createdAt';

export const USER_FIELDS = `id email roles createdAt disabledAt organization { ${ORGANIZATION_FIELDS} }`;

export const COLUMN_FIELDS = 'name type sensitivity nullable lowerBound upperBound categories';

export const BUDGET_FIELDS =
  'epsilonTotal epsilonSpent epsilonRemaining deltaTotal deltaSpent deltaRemaining queriesRun periodStartedAt refillsAt';

export const INGEST_REPORT_FIELDS = `
  datasetVersion rowsReceived rowsAccepted rowsRejected duplicatesRemoved valuesClamped
  columnStats finishedAt errors { line column message }`;

export const DATASET_FIELDS = `
  id name description privacyUnitColumn maxRowsPerUnit version createdAt updatedAt rowCount
  owner { ${ORGANIZATION_FIELDS} }
  columns { ${COLUMN_FIELDS} }`;

/**
 * An agreement without its dataset. A partner may no longer read `dataset` once the agreement is
 * REVOKED or EXPIRED, and that field is non-null, so asking for it in a list would fail the whole
 * list; lists take the dataset from `datasets` instead (see agreementDatasets.ts).
 */
export const AGREEMENT_LIST_FIELDS = `
  id status purpose columns allowedAggregations epsilonPerQueryMax delta budgetPeriod suppressBelow allowSynthetic
  validFrom expiresAt createdAt revokedAt
  joinColumns
  owner { ${ORGANIZATION_FIELDS} }
  partner { ${ORGANIZATION_FIELDS} }
  grantedBy { id email }
  budget { ${BUDGET_FIELDS} }`;

/** An agreement with its dataset: for agreements the caller acts on, which it may read in full. */
export const AGREEMENT_FIELDS = `${AGREEMENT_LIST_FIELDS}
  dataset { id name columns { ${COLUMN_FIELDS} } }`;

export const SYNTHETIC_DATASET_FIELDS = 'id columns rows epsilonSpent method createdAt downloadPath';

export const TOKEN_FIELDS = 'id name prefix createdAt expiresAt lastUsedAt revokedAt user { id email }';

export const AUDIT_EVENT_FIELDS = `
  id seq at actorId actorOrganizationId action resourceType resourceId outcome details prevHash hash
  actor { id email }
  actorOrganization { id name }`;

export const CHECKPOINT_FIELDS = 'seq headHash at signature publicKey keyId';
