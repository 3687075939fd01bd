// The audit filter form's state and its translation into AuditFilter.
import type { AuditFilter } from '../api/queryTypes';
import type { AuditOutcome } from '../api/types';
import { localInputToIso } from '../ui/format';

export const KNOWN_ACTIONS = [
  'AUTH_FAILED',
  'ACCESS_DENIED',
  'RATE_LIMITED',
  'BOOTSTRAP_ADMIN_CREATED',
  'TOKEN_ISSUED',
  'TOKEN_REVOKED',
  'ORGANIZATION_CREATED',
  'USER_CREATED',
  'USER_ROLES_CHANGED',
  'USER_DISABLED',
  'DATASET_CREATED',
  'DATASET_DELETED',
  'DATA_INGESTED',
  'DATA_INGEST_FAILED',
  'AGREEMENT_GRANTED',
  'AGREEMENT_AMENDED',
  'AGREEMENT_SUSPENDED',
  'AGREEMENT_RESUMED',
  'AGREEMENT_REVOKED',
  'QUERY_EXECUTED',
  'QUERY_CACHED',
  'QUERY_DENIED',
  'QUERY_FAILED',
  'SYNTHETIC_DATA_CREATED',
  'SYNTHETIC_DATA_FAILED',
  'BUDGET_EXHAUSTED',
  'PEER_REGISTERED',
  'PEER_REMOVED',
  'FEDERATED_QUERY',
  'AUDIT_CHECKPOINT_CREATED',
];

export interface FilterDraft {
  /** Chosen from KNOWN_ACTIONS only: a typed name the server does not know would match nothing, silently. */
  actions: string[];
  outcome: AuditOutcome | '';
  actorId: string;
  resourceId: string;
  organizationId: string;
  from: string;
  to: string;
}

export const emptyFilter = (): FilterDraft => ({ actions: [], outcome: '', actorId: '', resourceId: '', organizationId: '', from: '', to: '' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function buildFilter(draft: FilterDraft): { filter: AuditFilter; problems: string[] } {
  const problems: string[] = [];
  const filter: AuditFilter = {};
  const actions = draft.actions.filter((a) => KNOWN_ACTIONS.includes(a));
  if (actions.length) filter.actions = actions;
  if (draft.outcome) filter.outcome = draft.outcome;
  for (const key of ['actorId', 'resourceId', 'organizationId'] as const) {
    const value = draft[key].trim();
    if (!value) continue;
    if (!UUID.test(value)) problems.push(`${key === 'actorId' ? 'Actor' : key === 'resourceId' ? 'Resource' : 'Organization'} id must be a UUID.`);
    filter[key] = value;
  }
  const from = localInputToIso(draft.from);
  const to = localInputToIso(draft.to);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (from && to && from > to) problems.push('“From” must be before “to”.');
  return { filter, problems };
}
