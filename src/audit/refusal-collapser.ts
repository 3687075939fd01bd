import type { Logger } from 'pino';
import type { Transactor } from '../db/transaction';
import type { AuditLog, NewAuditEvent } from './audit-log';

/** Beyond this many distinct keys in a window refusals are written one by one: memory stays bounded. */
const MAX_KEYS = 10_000;

interface Pending {
  event: NewAuditEvent;
  windowEndsAt: number;
  /** Repeats seen after the first, not yet written. */
  repeats: number;
  firstRepeatAt: string | null;
  lastRepeatAt: string | null;
}

/**
 * Collapses repeated identical refusals so that a flood cannot grow the trail by one row per
 * request. The first refusal of a key in a window is written at once; repeats within the window are
 * counted and written as one summary event (same action, `details.count` = the repeats, with the
 * first and last time) when the window closes, at the next occurrence after it, or on `flush` at
 * shutdown. Every refusal is therefore accounted for: the rows of a key, each counting
 * `details.count ?? 1`, add up to the refusals. Two refusals are identical when their action,
 * actor, resource and details (which name the address, the operation and the reason) are.
 */
export class RefusalCollapser {
  private readonly pending = new Map<string, Pending>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditLog,
    private readonly windowMs: number,
    private readonly now: () => Date = () => new Date(),
    private log: Pick<Logger, 'error'> | null = null,
  ) {
    this.timer = setInterval(() => void this.sweep(), Math.max(250, Math.min(windowMs, 10_000)));
    this.timer.unref();
  }

  useLogger(log: Pick<Logger, 'error'>): void {
    this.log = log;
  }

  async record(event: NewAuditEvent): Promise<void> {
    const key = keyOf(event);
    const at = this.now();
    const open = this.pending.get(key);
    if (open && at.getTime() < open.windowEndsAt && !this.closed) {
      open.repeats += 1;
      open.firstRepeatAt ??= at.toISOString();
      open.lastRepeatAt = at.toISOString();
      return;
    }
    // The window opens before the first write is awaited, so that concurrent repeats count in it.
    if (open) this.pending.delete(key);
    if (!this.closed && this.pending.size < MAX_KEYS) {
      this.pending.set(key, { event, windowEndsAt: at.getTime() + this.windowMs, repeats: 0, firstRepeatAt: null, lastRepeatAt: null });
    }
    if (open) await this.writeSummary(open);
    await this.write(event);
  }

  /** Writes every pending summary; after it, refusals are written one by one. Called on shutdown. */
  async flush(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const open of all) await this.writeSummary(open);
  }

  private async sweep(): Promise<void> {
    const t = this.now().getTime();
    for (const [key, open] of [...this.pending]) {
      if (t < open.windowEndsAt) continue;
      this.pending.delete(key);
      try {
        await this.writeSummary(open);
      } catch (e) {
        // Kept pending (unless a new window opened): the next occurrence or the flush at shutdown writes it.
        if (!this.pending.has(key)) this.pending.set(key, open);
        this.log?.error({ err: { message: (e as Error).message } }, 'refusal summary not written');
      }
    }
  }

  private async writeSummary(open: Pending): Promise<void> {
    if (open.repeats === 0) return;
    await this.write({
      ...open.event,
      details: { ...open.event.details, count: open.repeats, firstAt: open.firstRepeatAt, lastAt: open.lastRepeatAt, collapsed: true },
    });
  }

  private write(event: NewAuditEvent): Promise<unknown> {
    return this.tx.run((m) => this.audit.append(m, event));
  }
}

function keyOf(e: NewAuditEvent): string {
  return JSON.stringify([e.action, e.actor?.userId ?? null, e.resourceType, e.resourceId, e.resourceOrganizationId, e.outcome, e.details ?? {}]);
}
