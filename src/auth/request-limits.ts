import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors/errors';

export interface RequestLimitOptions {
  /** Operations per user (all of its tokens together) per window. */
  points: number;
  windowSeconds: number;
  /** Operations per organization (all of its users together) per window. */
  organizationPoints: number;
  /** HTTP requests per client address per window, counted before any authentication. */
  addressPoints: number;
  /** Failed authentications per client address per window; past it the address is not authenticated at all. */
  authFailurePoints: number;
  /** `issueApiToken` calls per user per hour. */
  tokenIssuesPerHour: number;
}

/**
 * Every counter a request passes, in one place. The address counters run before authentication,
 * so a flood of bad tokens costs neither a token lookup nor an audit row per request; the user and
 * organization counters run once the operation is known, so that minting more tokens buys no more
 * operations. All counters live in the process (see docs/deployment.md, "Abuse limits").
 */
export class RequestLimits {
  private readonly address: RateLimiterMemory;
  private readonly authFailures: RateLimiterMemory;
  private readonly user: RateLimiterMemory;
  private readonly organization: RateLimiterMemory;
  private readonly tokenIssues: RateLimiterMemory;

  constructor(private readonly opts: RequestLimitOptions) {
    const duration = opts.windowSeconds;
    this.address = new RateLimiterMemory({ keyPrefix: 'addr', points: opts.addressPoints, duration });
    this.authFailures = new RateLimiterMemory({ keyPrefix: 'authfail', points: opts.authFailurePoints, duration });
    this.user = new RateLimiterMemory({ keyPrefix: 'user', points: opts.points, duration });
    this.organization = new RateLimiterMemory({ keyPrefix: 'org', points: opts.organizationPoints, duration });
    this.tokenIssues = new RateLimiterMemory({ keyPrefix: 'issue', points: opts.tokenIssuesPerHour, duration: 3600 });
  }

  /**
   * Before authentication: counts the request against its address and, when it carries a token,
   * refuses it unauthenticated once the address used up its failed authentications.
   */
  async admitAddress(address: string, presentsToken: boolean): Promise<void> {
    await consume(this.address, address);
    if (!presentsToken) return;
    const failures = await this.authFailures.get(address);
    if (failures && failures.consumedPoints >= this.opts.authFailurePoints) throw limited(failures);
  }

  /** A presented token that did not authenticate. Never throws: the request is refused anyway. */
  async authenticationFailed(address: string): Promise<void> {
    await this.authFailures.penalty(address, 1);
  }

  /** One operation of an authenticated user: counted per user and per organization. */
  async consumeOperation(userId: string, organizationId: string): Promise<void> {
    await consume(this.user, userId);
    await consume(this.organization, organizationId);
  }

  /** One operation without a valid token, per address. */
  async consumeAnonymous(address: string): Promise<void> {
    await consume(this.user, `addr:${address}`);
  }

  async consumeTokenIssue(userId: string): Promise<void> {
    await consume(this.tokenIssues, userId);
  }

  /**
   * Drops every counter. The memory store keeps a timer per key until its window ends (an hour for
   * token issues), and the timers keep the store, and with it whatever created it, reachable: a
   * closed app must not stay in memory that long (tests start one per file). rate-limiter-flexible
   * can delete one key but has no call for all of them, so the keys are read from its store.
   */
  close(): void {
    for (const store of this.stores()) for (const key of [...store._storage.keys()]) store.delete(key);
  }

  /** Counters held (read by the test that `close` leaves none). */
  get size(): number {
    return this.stores().reduce((n, store) => n + store._storage.size, 0);
  }

  /** rate-limiter-flexible's memory stores: a Map of the keys, and `delete`, which also stops a key's timer. */
  private stores(): { _storage: Map<string, unknown>; delete(key: string): boolean }[] {
    type WithStore = { _memoryStorage: { _storage: Map<string, unknown>; delete(key: string): boolean } };
    return [this.address, this.authFailures, this.user, this.organization, this.tokenIssues].map((l) => (l as unknown as WithStore)._memoryStorage);
  }
}

async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw limited(e);
    throw e;
  }
}

function limited(res: RateLimiterRes): RateLimitedError {
  return new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
}
