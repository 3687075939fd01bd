import { RateLimitedError } from '../errors/errors';

/** How long a refused uploader is told to wait: uploads take seconds to minutes. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Admission for bulk uploads. Each upload holds one pooled connection for as long as its body
 * streams, so without a cap one organization's slow uploads take the whole pool and every other
 * tenant's requests fail. A refusal is immediate (never queued): a queued upload would still hold
 * its HTTP connection and its memory.
 */
export class IngestSlots {
  private total = 0;
  private readonly perOrg = new Map<string, number>();

  constructor(private readonly maxTotal: number, private readonly maxPerOrg: number) {}

  /** Takes a slot for the organization or throws RATE_LIMITED; the returned function gives it back once. */
  acquire(organizationId: string): () => void {
    const mine = this.perOrg.get(organizationId) ?? 0;
    if (mine >= this.maxPerOrg || this.total >= this.maxTotal) throw new RateLimitedError(RETRY_AFTER_SECONDS);
    this.total++;
    this.perOrg.set(organizationId, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perOrg.get(organizationId) ?? 1) - 1;
      if (left > 0) this.perOrg.set(organizationId, left);
      else this.perOrg.delete(organizationId);
    };
  }

  get inUse(): number {
    return this.total;
  }
}
