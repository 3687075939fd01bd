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

/** Any transaction-scoped advisory lock key works as long as every appender (and the trigger's caller) uses the same one. */
const APPEND_LOCK_KEY = 0x5041524c; // "PARL"

/** What observers learn of an appended event; `seq` is null until the chain assigns it at COMMIT. */
export interface AppendedAuditEvent {
  action: string;
  outcome: AuditOutcome;
  actorId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  details: Record<string, unknown>;
  seq: number | null;
}

export type AuditObserver = (event: AppendedAuditEvent) => void;

/**
 * Appends events to the hash chain as part of the caller's transaction, so an action and its event
 * commit together or not at all.
 *
 * `append` queues the event in the transaction (`audit_enqueue`, one INSERT into `audit_pending`);
 * a deferred constraint trigger chains it while the transaction commits (migration 1764500000500):
 * it takes the chain lock — a transaction-scoped advisory lock, the same for every appender — reads
 * the head, hashes and inserts (`audit_append`, migration 1764300000510), in the order the events
 * were queued. The lock is held from that point to the end of the commit, inside the server: no
 * client round trip, no matter how many statements follow the append. `seq` stays gap-free across
 * any number of processes; a rollback discards the queued event with the rest of the work. The hash
 * is the contract's (`eventHash`), which every verification recomputes independently.
 *
 * `appendNow` chains at once and returns the stored event: for the one caller that needs the event's
 * seq and hash inside its transaction (an on-demand checkpoint signs the head it makes). The lock is
 * then held from that statement to the commit.
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

  async append(manager: EntityManager, e: NewAuditEvent): Promise<void> {
    const { fields, params } = prepare(e);
    await manager.query(
      `INSERT INTO audit_pending (lock_key, actor_id, actor_organization_id, action, resource_type, resource_id,
                                  resource_organization_id, outcome, details, body_before_at, body_before_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      params,
    );
    this.notify({ ...fields, seq: null });
  }

  async appendNow(manager: EntityManager, e: NewAuditEvent): Promise<AuditEventEntity> {
    const { fields, params } = prepare(e);
    // Lock, head, hash and insert in one round trip: see migration 1764300000510.
    const rows: { seq: string; id: string; at: Date; prev_hash: string; hash: string }[] = await manager.query(
      'SELECT seq, id, at, prev_hash, hash FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
      params,
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
    this.notify(row);
    return row;
  }

  private notify(event: AppendedAuditEvent): void {
    for (const observe of this.observers) observe(event);
  }
}

/** The event's fields and the parameters of `audit_append` / `audit_pending`, in that order. */
function prepare(e: NewAuditEvent) {
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
  const params = [
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
  ];
  return { fields, params };
}

function resourceFields(on: AuditedResource | null): Pick<NewAuditEvent, 'resourceType' | 'resourceId' | 'resourceOrganizationId'> {
  return { resourceType: on?.type ?? null, resourceId: on?.id ?? null, resourceOrganizationId: on?.organizationId ?? null };
}
