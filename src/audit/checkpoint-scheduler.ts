import type { Logger } from 'pino';
import type { AuditCheckpointService } from './audit-checkpoint.service';
import type { AuditLog } from './audit-log';

export interface CheckpointSchedule {
  /** Sign after this many new events. */
  every: number;
  /** And at least this often while events keep coming. */
  minutes: number;
}

const RETRY_MS = 200;
const MAX_RETRIES = 5;

/**
 * Signs checkpoints every N events (counting this process's appends; the head's seq, read when
 * signing, counts everyone's) or every T minutes. One signing at a time per process; across processes the unique seq keeps
 * two of them from recording the same checkpoint twice.
 *
 * An append is observed before its transaction commits, so the committed head may lag what was
 * seen: the scheduler then retries a few times, briefly, instead of waiting for the next append.
 */
export class CheckpointScheduler {
  private lastSeq = 0;
  private observedSeq = 0;
  private retries = 0;
  private running: Promise<void> | null = null;
  private pending = false;
  private interval: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly checkpoints: AuditCheckpointService,
    private readonly audit: AuditLog,
    private readonly schedule: CheckpointSchedule,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.unsubscribe = this.audit.onAppend((event) => {
      // Most events get their seq at COMMIT: until then, one more than what this process knows.
      this.observedSeq = event.seq !== null ? Math.max(this.observedSeq, event.seq) : Math.max(this.observedSeq, this.lastSeq) + 1;
      if (this.due()) this.run(this.schedule.every);
    });
    this.interval = setInterval(() => this.run(1), this.schedule.minutes * 60_000);
    this.interval.unref();
  }

  /** Stops the triggers and waits for a signing in progress, so the database can close after. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.interval) clearInterval(this.interval);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  private due(): boolean {
    return this.observedSeq - this.lastSeq >= this.schedule.every;
  }

  private run(minNewEvents: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = (async () => {
      try {
        const before = this.lastSeq;
        const latest = await this.checkpoints.checkpointIfBehind(minNewEvents);
        if (latest) this.lastSeq = Math.max(this.lastSeq, latest.seq);
        this.retries = this.lastSeq > before ? 0 : this.retries + 1;
      } catch (err) {
        this.retries++;
        this.log.warn({ err: (err as Error).message }, 'audit checkpoint failed; will retry');
      } finally {
        this.running = null;
      }
      if (this.stopped || !this.due()) return;
      if (this.pending) {
        this.pending = false;
        this.run(this.schedule.every);
      } else if (this.retries <= MAX_RETRIES) {
        this.retryTimer = setTimeout(() => this.run(this.schedule.every), RETRY_MS * this.retries);
        this.retryTimer.unref();
      }
    })();
  }
}
