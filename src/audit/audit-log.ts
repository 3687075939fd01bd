import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditEventEntity } from './audit-event.entity';
import { GENESIS_HASH, eventHash } from './audit-hash';

export type AuditOutcome = 'SUCCESS' | 'DENIED' | 'ERROR';

export interface NewAuditEvent {
  actor: Actor | null;
  action: string;
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
 * the append to the commit, and `seq` stays gap-free across any number of processes.
 */
export class AuditLog {
  private readonly observers: AuditObserver[] = [];

  constructor(private readonly enabled: boolean = true) {}

  onAppend(observer: AuditObserver): void {
    this.observers.push(observer);
  }

  async append(manager: EntityManager, e: NewAuditEvent): Promise<AuditEventEntity | null> {
    if (!this.enabled) return null;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
    const head: { seq: string; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    );
    const seq = head.length ? Number(head[0]!.seq) + 1 : 1;
    const prevHash = head.length ? head[0]!.hash : GENESIS_HASH;
    // Round-trip through JSON so that what is hashed is exactly what jsonb stores and returns.
    const details = JSON.parse(JSON.stringify(e.details ?? {})) as Record<string, unknown>;
    const at = new Date();
    const row = manager.create(AuditEventEntity, {
      seq,
      at,
      actorId: e.actor?.userId ?? null,
      actorOrganizationId: e.actor?.organizationId ?? null,
      action: e.action,
      resourceType: e.resourceType ?? null,
      resourceId: e.resourceId ?? null,
      resourceOrganizationId: e.resourceOrganizationId ?? null,
      outcome: e.outcome,
      details,
      prevHash,
    });
    row.hash = eventHash(prevHash, { ...row, at: at.toISOString() });
    await manager.query(
      `INSERT INTO audit_events (seq, at, actor_id, actor_organization_id, action, resource_type, resource_id,
                                 resource_organization_id, outcome, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.seq,
        row.at,
        row.actorId,
        row.actorOrganizationId,
        row.action,
        row.resourceType,
        row.resourceId,
        row.resourceOrganizationId,
        row.outcome,
        JSON.stringify(row.details),
        row.prevHash,
        row.hash,
      ],
    );
    for (const observe of this.observers) observe(row);
    return row;
  }
}
