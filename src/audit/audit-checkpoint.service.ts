import type { Guard } from '../auth/guard';
import type { Transactor } from '../db/transaction';
import { BadUserInputError } from '../errors/errors';
import type { AuditCheckpointStore } from './audit-checkpoint.store';
import type { AuditEventStore } from './audit-event.store';
import type { AuditLog } from './audit-log';
import type { CheckpointSigner, SignedCheckpoint } from './checkpoint-signer';

/** Signs the chain's head. Checkpoints are taken on demand and by CheckpointScheduler. */
export class AuditCheckpointService {
  constructor(
    private readonly tx: Transactor,
    private readonly events: AuditEventStore,
    private readonly checkpoints: AuditCheckpointStore,
    private readonly audit: AuditLog,
    private readonly signer: CheckpointSigner,
    private readonly now: () => Date,
  ) {}

  /**
   * On demand: records the request in the trail and signs the head that this very event makes, so the
   * checkpoint covers it. The event is chained at once (appendNow) and the insert follows on purpose:
   * the chain lock is still held, so the head cannot move between the two.
   */
  async create(guard: Guard): Promise<SignedCheckpoint> {
    guard.ensureType('checkpoint', 'AuditTrail', 'the audit trail');
    const actor = guard.requireUser();
    return this.tx.run(async (m) => {
      const event = await this.audit.appendNow(m, {
        actor,
        action: 'AUDIT_CHECKPOINT_CREATED',
        resourceType: 'AuditTrail',
        outcome: 'SUCCESS',
        details: { trigger: 'on demand', keyId: this.signer.keyId },
      });
      const head = event ?? (await this.events.head(m));
      if (!head) throw new BadUserInputError('the audit trail is empty: there is nothing to sign');
      return this.checkpoints.insert(m, this.signer.sign({ seq: head.seq, headHash: head.hash, at: this.now().toISOString() }));
    });
  }

  /**
   * Scheduled: signs the committed head when at least `minNewEvents` events were appended since the
   * latest checkpoint (by any process). Returns the latest checkpoint, new or not; null on an empty trail.
   * Committed events always form a gap-free prefix, so no lock is needed to read the head; the
   * transaction only keeps the three statements together on the embedded database.
   */
  checkpointIfBehind(minNewEvents: number): Promise<SignedCheckpoint | null> {
    return this.tx.run(async (m) => {
      const head = await this.events.head(m);
      const latest = await this.checkpoints.latest(m);
      if (!head) return null;
      if (latest && head.seq - latest.seq < minNewEvents) return latest;
      return this.checkpoints.insert(m, this.signer.sign({ seq: head.seq, headHash: head.hash, at: this.now().toISOString() }));
    });
  }
}
