import type { EntityManager } from 'typeorm';
import { UnauthenticatedError } from '../errors/errors';
import type { Actor } from './actor';
import type { ApiTokenStore } from './api-token.store';
import { bootstrapPrefix, describeToken, legacySelector, sameHash } from './token-format';

/** Carries the selector (never the secret) so the refusal can be audited. */
export class AuthenticationFailed extends UnauthenticatedError {
  constructor(readonly selector: string | null, reason: string) {
    super('a valid bearer token is required');
    this.reason = reason;
  }
  readonly reason: string;
}

const LAST_USED_EVERY_MS = 60_000;

/** Resolves a bearer token to an Actor on every request; writes `lastUsedAt` at most once a minute. */
export class Authenticator {
  private readonly lastWritten = new Map<string, number>();

  /** `selectorKey` is PARLEY_SECRET: it keys the selector derived for an operator-chosen token. */
  constructor(
    /** Outside any transaction: a lookup per request, and best-effort writes. */
    private readonly manager: EntityManager,
    private readonly tokens: ApiTokenStore,
    private readonly selectorKey: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(authorization: string | undefined): Promise<Actor> {
    const token = parseBearer(authorization);
    if (!token) throw new AuthenticationFailed(null, 'missing bearer token');
    const { selector, secretHash } = describeToken(token, this.selectorKey);
    const legacy = legacySelector(token);
    const row = await this.tokens.findCredentials(this.manager, legacy ? [selector, legacy] : [selector], selector);
    // Compare even when no row matched, so that timing does not tell selectors apart.
    const matches = sameHash(secretHash, row?.secret_hash ?? '0'.repeat(64));
    if (!row || !matches) throw new AuthenticationFailed(row ? selector : null, 'unknown token');
    const now = this.now();
    if (row.revoked_at) throw new AuthenticationFailed(selector, 'token revoked');
    if (row.expires_at && row.expires_at <= now) throw new AuthenticationFailed(selector, 'token expired');
    if (row.disabled_at) throw new AuthenticationFailed(selector, 'user disabled');
    this.touch(row.token_id, now);
    if (row.selector !== selector) await this.upgradeSelector(row.token_id, selector);
    return {
      userId: row.user_id,
      organizationId: row.organization_id,
      email: row.email,
      roles: row.roles,
      tokenId: row.token_id,
      tokenSelector: selector,
    };
  }

  /**
   * A bootstrap token stored with the unkeyed selector of earlier versions moves to the keyed one
   * the first time it authenticates, so the old selector never reaches a new audit event.
   */
  private async upgradeSelector(tokenId: string, selector: string): Promise<void> {
    await this.tokens.changeSelector(this.manager, tokenId, selector, bootstrapPrefix(selector));
  }

  /** Best effort and off the request's path: a lost `lastUsedAt` write loses nothing that matters. */
  private touch(tokenId: string, now: Date): void {
    const last = this.lastWritten.get(tokenId) ?? 0;
    if (now.getTime() - last < LAST_USED_EVERY_MS) return;
    this.lastWritten.set(tokenId, now.getTime());
    this.tokens.touchLastUsed(this.manager, tokenId, now).catch(() => this.lastWritten.delete(tokenId));
  }
}

export function parseBearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
