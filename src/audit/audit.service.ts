import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, ForbiddenError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import { AuditChainVerifier, type ChainEvent, type ChainVerification } from './audit-chain-verifier';
import type { AuditCheckpointStore } from './audit-checkpoint.store';
import { decodeCursor } from './audit-cursor';
import type { AuditEventEntity } from './audit-event.entity';
import { AUDIT_EVENT_FIELDS_SQL, type AuditEventQuery, type AuditEventStore } from './audit-event.store';
import type { AuditOutcome } from './audit-log';
import type { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';

export const MAX_PAGE = 500;
const SCAN_PAGE = 2000;
const OUTCOMES: readonly AuditOutcome[] = ['SUCCESS', 'DENIED', 'ERROR'];

export interface AuditFilterArgs {
  actorId?: string | null;
  organizationId?: string | null;
  actions?: string[] | null;
  resourceId?: string | null;
  outcome?: AuditOutcome | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditPage {
  events: AuditEventEntity[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

/** Reading, verifying and exporting the trail. Appending is AuditLog's job, inside each action. */
export class AuditService {
  constructor(
    private readonly tx: Transactor,
    private readonly events: AuditEventStore,
    private readonly checkpoints: AuditCheckpointStore,
    private readonly signer: CheckpointSigner,
  ) {}

  /**
   * A Relay page in ascending seq. Forward (`first`/`after`) by default; `last` pages backward
   * from `before` (or from the newest event) and then `first` is not applied, because the
   * contract gives `first` a default that a client asking for `last` did not choose.
   */
  async list(
    guard: Guard,
    filter: AuditFilterArgs | null,
    first: number,
    after: string | null,
    last: number | null = null,
    before: string | null = null,
  ): Promise<AuditPage> {
    guard.requireUser();
    const backward = last !== null;
    const size = backward ? last : first;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
      const field = backward ? 'last' : 'first';
      throw new BadUserInputError(`${field} must be between 0 and ${MAX_PAGE}`, field);
    }
    const afterSeq = after ? decodeCursor(after, 'after') : 0;
    const beforeSeq = before ? decodeCursor(before, 'before') : null;
    const visible = rulesToSql(guard.ability, 'read', 'AuditEvent', AUDIT_EVENT_FIELDS_SQL);
    if (!visible) throw new ForbiddenError('you may not read the audit trail');
    const query = { visible, ...validFilter(filter ?? {}) };
    const m = this.tx.manager;
    const [rows, totalCount] = await Promise.all([
      this.events.page(m, query, afterSeq, size + 1, { beforeSeq, backward }),
      this.events.count(m, query),
    ]);
    const more = rows.length > size;
    if (backward) {
      const events = more ? rows.slice(1) : rows;
      const hasNextPage = beforeSeq !== null && (await this.events.anyAbove(m, query, beforeSeq));
      return { events, hasNextPage, hasPreviousPage: more, totalCount };
    }
    const hasPreviousPage = afterSeq > 0 && (await this.events.anyBelow(m, query, afterSeq));
    return { events: rows.slice(0, size), hasNextPage: more, hasPreviousPage, totalCount };
  }

  /** For `node(id:)`: the event when the caller's audit read rules (those of `auditEvents`) cover it, else null. */
  async find(guard: Guard, id: string): Promise<AuditEventEntity | null> {
    guard.requireUser();
    const visible = rulesToSql(guard.ability, 'read', 'AuditEvent', AUDIT_EVENT_FIELDS_SQL);
    if (!visible) return null;
    return this.events.byId(this.tx.manager, visible, requireUuid(id, 'id'));
  }

  async verify(guard: Guard): Promise<ChainVerification> {
    guard.ensureType('verify', 'AuditTrail', 'the audit trail');
    return this.verifyAll();
  }

  /**
   * Checks every event and every checkpoint. Checkpoints are read first: anything they vouch for
   * was committed before, so the events read afterwards must reach them.
   */
  async verifyAll(): Promise<ChainVerification> {
    const checkpoints = await this.checkpoints.all(this.tx.manager);
    const verifier = new AuditChainVerifier(checkpoints, [this.signer.publicKey]);
    for await (const page of this.pages()) for (const e of page) verifier.add(toChainEvent(e));
    return verifier.result();
  }

  checkpointList(guard: Guard, last: number): Promise<SignedCheckpoint[]> {
    guard.ensureType('verify', 'AuditTrail', 'the audit trail');
    if (!Number.isInteger(last) || last < 1 || last > MAX_PAGE) throw new BadUserInputError(`last must be between 1 and ${MAX_PAGE}`, 'last');
    return this.checkpoints.last(this.tx.manager, last);
  }

  allCheckpoints(): Promise<SignedCheckpoint[]> {
    return this.checkpoints.all(this.tx.manager);
  }

  publicKey(guard: Guard): string {
    guard.ensureType('verify', 'AuditTrail', 'the audit trail');
    return this.signer.publicKey;
  }

  /** For the operator CLI, which runs with the server's own configuration. */
  get signingPublicKey(): string {
    return this.signer.publicKey;
  }

  /** The whole trail from seq 1 in pages; each page is awaited, so other work interleaves. */
  async *pages(): AsyncGenerator<AuditEventEntity[]> {
    let afterSeq = 0;
    for (;;) {
      const page = await this.events.after(this.tx.manager, afterSeq, SCAN_PAGE);
      if (page.length === 0) return;
      yield page;
      afterSeq = page[page.length - 1]!.seq;
    }
  }
}

export function toChainEvent(e: AuditEventEntity): ChainEvent {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorOrganizationId: e.actorOrganizationId,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    outcome: e.outcome,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

function validFilter(f: AuditFilterArgs): Omit<AuditEventQuery, 'visible'> {
  const q: Omit<AuditEventQuery, 'visible'> = {};
  if (f.actorId) q.actorId = requireUuid(f.actorId, 'actorId');
  if (f.organizationId) q.organizationId = requireUuid(f.organizationId, 'organizationId');
  if (f.resourceId) {
    if (f.resourceId.length > 200) throw new BadUserInputError('resourceId is too long', 'resourceId');
    q.resourceId = f.resourceId;
  }
  if (f.actions?.length) {
    if (f.actions.length > 100 || f.actions.some((a) => a.length > 100)) throw new BadUserInputError('too many or too long actions', 'actions');
    q.actions = f.actions;
  }
  if (f.outcome) {
    if (!OUTCOMES.includes(f.outcome)) throw new BadUserInputError('unknown outcome', 'outcome');
    q.outcome = f.outcome;
  }
  for (const field of ['from', 'to'] as const) {
    const d = f[field];
    if (!d) continue;
    if (Number.isNaN(d.getTime())) throw new BadUserInputError(`${field} is not a valid date`, field);
    q[field] = d;
  }
  return q;
}
