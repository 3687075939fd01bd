/*
 * Every action the audit trail records, by the outcome it is recorded with. The names are part of
 * the API (AuditEvent.action, the `actions` filter) and never change; a new action is added here.
 */

/** Changes that happened. */
export const SUCCESS_ACTIONS = [
  'BOOTSTRAP_ADMIN_CREATED',
  'ORGANIZATION_CREATED',
  'USER_CREATED',
  'USER_ROLES_CHANGED',
  'USER_DISABLED',
  'TOKEN_ISSUED',
  'TOKEN_REVOKED',
  'DATASET_CREATED',
  'DATASET_DELETED',
  'DATA_INGESTED',
  'AGREEMENT_GRANTED',
  'AGREEMENT_AMENDED',
  'AGREEMENT_SUSPENDED',
  'AGREEMENT_RESUMED',
  'AGREEMENT_REVOKED',
  'QUERY_EXECUTED',
  'QUERY_CACHED',
  'AUDIT_CHECKPOINT_CREATED',
  'SYNTHETIC_DATA_CREATED',
  'PEER_REGISTERED',
  'PEER_REMOVED',
  // A federated query that combined at least one part's answer (its parts' outcomes in the details).
  'FEDERATED_QUERY',
] as const;

/** Refusals: nothing changed. (FEDERATED_QUERY is one action whatever its outcome: refused, combined, or no part answered.) */
export const DENIED_ACTIONS = ['AUTH_FAILED', 'ACCESS_DENIED', 'RATE_LIMITED', 'BUDGET_EXHAUSTED', 'QUERY_DENIED', 'REFUSED', 'FEDERATED_QUERY'] as const;

/** Attempts that failed on our side. */
export const ERROR_ACTIONS = ['QUERY_FAILED', 'DATA_INGEST_FAILED', 'SYNTHETIC_DATA_FAILED', 'FEDERATED_QUERY'] as const;

export type SuccessAction = (typeof SUCCESS_ACTIONS)[number];
export type DeniedAction = (typeof DENIED_ACTIONS)[number];
export type ErrorAction = (typeof ERROR_ACTIONS)[number];
export type AuditAction = SuccessAction | DeniedAction | ErrorAction;
