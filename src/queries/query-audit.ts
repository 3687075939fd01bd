import type { AgreementEntity } from '../agreements/agreement.entity';
import type { AuditLog } from '../audit/audit-log';
import type { Guard } from '../auth/guard';
import type { Transactor } from '../db/transaction';
import { ParleyError } from '../errors/errors';
import type { AggregateQueryRequest } from './aggregate-query';
import type { NormalizedQuery } from './query-model';

/**
 * What the audit trail keeps about a query: its shape and cost. Filter operands and bin edges are
 * the analyst's own input and may name a person ("name = 'Alice'"), so only their count is kept;
 * released values are never recorded.
 */
export function queryShape(q: NormalizedQuery): Record<string, unknown> {
  return {
    datasetVersion: q.datasetVersion,
    epsilon: q.epsilon,
    delta: q.delta,
    aggregations: q.aggregations.map((a) => ({
      function: a.function,
      column: a.column,
      quantile: a.quantile,
      bins: a.bins ? a.bins.length - 1 : null,
    })),
    groupBy: q.groupBy,
    filters: q.filters.map((f) => ({ column: f.column, op: f.op, operands: f.values.length })),
    // The joined dataset is named (id, version, columns), never any of its values.
    ...(q.join ? { join: { ...q.join } } : {}),
  };
}

export interface FailedQuery {
  input: AggregateQueryRequest;
  /** Known once the agreement was found usable. */
  agreement: AgreementEntity | null;
  /** Known once the query validated. */
  shape: Record<string, unknown> | null;
}

/**
 * A refused or failed privateAggregate is recorded in a transaction of its own (the query's rolled
 * back): BUDGET_EXHAUSTED, QUERY_DENIED for any other refusal or invalid input, QUERY_FAILED for
 * errors of ours. The error is marked as audited so that the RefusalRecorder writes no second
 * event. Authentication failures are left to that plugin (AUTH_FAILED).
 */
export async function recordQueryFailure(tx: Transactor, audit: AuditLog, guard: Guard, q: FailedQuery, error: unknown): Promise<void> {
  const parley = error instanceof ParleyError ? error : null;
  if (parley?.code === 'UNAUTHENTICATED') return;
  const code = parley?.code ?? 'INTERNAL_SERVER_ERROR';
  const failed = code === 'INTERNAL_SERVER_ERROR' || code === 'QUERY_TOO_COMPLEX';
  const resource =
    parley?.resource ?? (q.agreement ? { type: 'Agreement', id: q.agreement.id, organizationId: q.agreement.ownerOrganizationId } : null);
  const epsilon = q.input.epsilon;
  const on = { type: resource?.type ?? 'Agreement', id: resource?.id ?? null, organizationId: resource?.organizationId ?? null };
  const details = {
    code,
    operation: 'privateAggregate',
    field: (parley?.extensions.field as string | undefined) ?? null,
    ...(q.shape ?? { epsilon: Number.isFinite(epsilon) ? epsilon : String(epsilon) }),
    tokenSelector: guard.actor?.tokenSelector ?? null,
  };
  try {
    await tx.run((m) =>
      failed
        ? audit.error(m, guard.actor, 'QUERY_FAILED', on, details)
        : audit.denied(m, guard.actor, code === 'BUDGET_EXHAUSTED' ? 'BUDGET_EXHAUSTED' : 'QUERY_DENIED', on, details),
    );
    parley?.markAudited();
  } catch {
    // The refusal itself is what the caller must see; the RefusalRecorder still records it then.
  }
}
