import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { AuditedResource } from '../errors/errors';
import type { AuditAction, DeniedAction, ErrorAction, SuccessAction } from './audit-action';
import { AuditEventEntity } from './audit-event.entity';
import { eventBodyParts } from './audit-hash';
import { clipDetails } from './client-text';

export type AuditOutcome = 'SUCCESS' | 'DENIED' | 'ERROR';

export interface NewAuditEvent {
  actor: Actor | null;
  action: AuditAction;
  resourceType?: string | null;
  resourceId?: string | null;
  /** Owner of the resource, so that its auditors see what others did to it. */
  resourceOrganizationId?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

/** Any transaction-scoped advisory lock key works as long as every appender uses the same one. */
const APPEND_LOCK_KEY = 0x5041524c; // "PARL"

export type AuditObserver = (event: AuditEventEntity) => void;

/**
 * Appends events to the hash chain inside the caller's transaction, so an action and its event
 * commit together or not at all. Appends are serialized by a transaction-scoped advisory lock taken
 * at the append, which callers make the last statement before commit: the lock is held only from
 * the append to the commit, and `seq` stays gap-free across any number of processes. The database
 * function `audit_append` does the locked part in one statement; the hash it computes is the
 * contract's (`eventHash`), which every verification recomputes independently.
 */
export class AuditLog {
  private readonly observers: AuditObserver[] = [];

  /** Called for each appended event, inside its (not yet committed) transaction. Returns an unsubscribe. */
  onAppend(observer: AuditObserver): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** A change, in the transaction that makes it. */
  success(m: EntityManager, actor: Actor | null, action: SuccessAction, on: AuditedResource, details?: Record<string, unknown>) {
    return this.append(m, { actor, action, outcome: 'SUCCESS', ...resourceFields(on), details });
  }

  /** A refusal a service records itself (in its own transaction: the refused one rolled back). */
  denied(m: EntityManager, actor: Actor | null, action: DeniedAction, on: AuditedResource | null, details?: Record<string, unknown>) {
    return this.append(m, { actor, action, outcome: 'DENIED', ...resourceFields(on), details });
  }

  /** An attempt that failed on our side; nothing it began remains, unless `details` says what was spent. */
  error(m: EntityManager, actor: Actor | null, action: ErrorAction, on: AuditedResource | null, details?: Record<string, unknown>) {
    return this.append(m, { actor, action, outcome: 'ERROR', ...resourceFields(on), details });
  }

  async append(manager: EntityManager, e: NewAuditEvent): Promise<AuditEventEntity | null> {
    // Round-trip through JSON so that what is hashed is exactly what jsonb stores and returns; client
    // text is clipped first so that no caller can make the permanent trail carry a large string.
    const details = clipDetails(JSON.parse(JSON.stringify(e.details ?? {})) as Record<string, unknown>);
    const fields = {
      actorId: e.actor?.userId ?? null,
      actorOrganizationId: e.actor?.organizationId ?? null,
      action: e.action,
      resourceType: e.resourceType ?? null,
      resourceId: e.resourceId ?? null,
      outcome: e.outcome,
      details,
    };
    const { beforeAt, beforeSeq } = eventBodyParts(fields);
    // Lock, head, hash and insert in one round trip: see migration 1764300000510.
    const rows: { seq: string; id: string; at: Date; prev_hash: string; hash: string }[] = await manager.query(
      'SELECT seq, id, at, prev_hash, hash FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
      [
        APPEND_LOCK_KEY,
        fields.actorId,
        fields.actorOrganizationId,
        fields.action,
        fields.resourceType,
        fields.resourceId,
        e.resourceOrganizationId ?? null,
        fields.outcome,
        JSON.stringify(details),
        beforeAt,
        beforeSeq,
      ],
    );
    const r = rows[0]!;
    const row = Object.assign(new AuditEventEntity(), {
      ...fields,
      seq: Number(r.seq),
      id: r.id,
      at: new Date(r.at),
      resourceOrganizationId: e.resourceOrganizationId ?? null,
      prevHash: r.prev_hash,
      hash: r.hash,
    });
    for (const observe of this.observers) observe(row);
    return row;
  }
}

function resourceFields(on: AuditedResource | null): Pick<NewAuditEvent, 'resourceType' | 'resourceId' | 'resourceOrganizationId'> {
  return { resourceType: on?.type ?? null, resourceId: on?.id ?? null, resourceOrganizationId: on?.organizationId ?? null };
}
