import { GENESIS_HASH, eventHash, type ChainedFields } from './audit-hash';
import { verifyCheckpointSignature } from './checkpoint-signer';

export interface ChainEvent extends ChainedFields {
  prevHash: string;
  hash: string;
}

export interface CheckpointRecord {
  seq: number;
  headHash: string;
  at: string;
  signature: string;
  publicKey: string;
}

export interface ChainVerification {
  ok: boolean;
  eventsChecked: number;
  /** Seq of the first event that does not verify (or is missing); null when ok. */
  firstBrokenSeq: number | null;
  headSeq: number;
  headHash: string;
  checkpointsChecked: number;
  /** Why verification failed, in words; null when ok. */
  problem: string | null;
}

/**
 * Verifies a hash chain fed one event at a time in ascending seq, so a trail of any length is
 * checked in bounded memory. Pure: the server, the CLI and offline tools share it.
 *
 * Signed checkpoints make truncation and wholesale rewrites visible: each must carry a valid
 * signature by a trusted key, the event at its seq must have exactly the signed head hash, and the
 * chain must reach at least the latest checkpoint's seq.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private eventsChecked = 0;
  private headSeq = 0;
  private headHash = GENESIS_HASH;
  private broken: { seq: number; problem: string } | null = null;
  private readonly checkpoints = new Map<number, CheckpointRecord>();
  private latestCheckpointSeq = 0;

  constructor(checkpoints: readonly CheckpointRecord[], trustedPublicKeys: readonly string[]) {
    const trusted = new Set(trustedPublicKeys);
    for (const c of checkpoints) {
      this.checkpoints.set(c.seq, c);
      this.latestCheckpointSeq = Math.max(this.latestCheckpointSeq, c.seq);
      if (!trusted.has(c.publicKey)) this.fail(c.seq, `checkpoint at seq ${c.seq} is signed by an untrusted key`);
      else if (!verifyCheckpointSignature(c)) this.fail(c.seq, `checkpoint at seq ${c.seq} has an invalid signature`);
    }
  }

  add(e: ChainEvent): void {
    this.eventsChecked++;
    this.headSeq = e.seq;
    this.headHash = e.hash;
    if (this.broken && this.broken.seq <= e.seq) return;
    if (e.seq !== this.expectedSeq) {
      this.fail(this.expectedSeq, e.seq > this.expectedSeq ? `event ${this.expectedSeq} is missing` : `event ${e.seq} is out of order`);
      return;
    }
    if (e.prevHash !== this.prevHash) return this.fail(e.seq, `event ${e.seq} does not link to the previous event`);
    if (eventHash(e.prevHash, e) !== e.hash) return this.fail(e.seq, `event ${e.seq} does not match its hash`);
    const checkpoint = this.checkpoints.get(e.seq);
    if (checkpoint && checkpoint.headHash !== e.hash) {
      return this.fail(e.seq, `event ${e.seq} differs from the signed checkpoint at that seq`);
    }
    this.prevHash = e.hash;
    this.expectedSeq++;
  }

  result(): ChainVerification {
    if (this.headSeq < this.latestCheckpointSeq) {
      this.fail(this.headSeq + 1, `the trail ends at seq ${this.headSeq} but a checkpoint was signed at seq ${this.latestCheckpointSeq}`);
    }
    return {
      ok: this.broken === null,
      eventsChecked: this.eventsChecked,
      firstBrokenSeq: this.broken?.seq ?? null,
      headSeq: this.headSeq,
      headHash: this.headHash,
      checkpointsChecked: this.checkpoints.size,
      problem: this.broken?.problem ?? null,
    };
  }

  /** Keeps the earliest problem: everything after a break is unverifiable anyway. */
  private fail(seq: number, problem: string): void {
    if (this.broken === null || seq < this.broken.seq) this.broken = { seq, problem };
  }
}
