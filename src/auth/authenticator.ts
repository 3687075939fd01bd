import type { EntityManager } from 'typeorm';
import type { AuditLog } from '../audit/audit-log';
import { UnauthenticatedError } from '../errors/errors';
import { defineAbilityFor } from './ability';
import type { Actor } from './actor';
import type { ApiTokenStore } from './api-token.store';
import type { AppAbility } from './subjects';
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
/** Enough for every active token of a large deployment; the oldest entry goes first. */
const MAX_CACHED = 10_000;

/** Credential changes after which a cached authentication must not be used again. */
const CREDENTIAL_EVENTS = new Set(['TOKEN_REVOKED', 'USER_DISABLED', 'USER_ROLES_CHANGED']);

interface CachedActor {
  actor: Actor;
  secretHash: string;
  /** Wall-clock end of the cache entry. */
  until: number;
  /** The token's own expiry (on the service clock): a cached token expires on time too. */
  expiresAt: number | null;
}

/**
 * Resolves a bearer token to an Actor; writes `lastUsedAt` at most once a minute.
 *
 * A token that authenticated is remembered for `cacheMs` (PARLEY_AUTH_CACHE_MS, 2 s; 0 turns it
 * off), never past its expiry, so a client's burst of requests costs one lookup. Revoking the token,
 * disabling its user or changing the user's roles forgets it at once in this process (`watch`):
 * the audit event of the change is the signal, and for `cacheMs` after it the token is looked up on
 * every request, so a request racing the change's commit cannot cache the old state. Another server
 * process sharing the database sees the change within `cacheMs`. Failures are never cached.
 */
export class Authenticator {
  private readonly lastWritten = new Map<string, number>();
  private readonly cache = new Map<string, CachedActor>();
  /** Selectors and user ids changed recently, with when caching them is allowed again. */
  private readonly uncacheable = new Map<string, number>();
  private readonly abilities = new WeakMap<Actor, AppAbility>();

  /** `selectorKey` is PARLEY_SECRET: it keys the selector derived for an operator-chosen token. */
  constructor(
    /** Outside any transaction: a lookup per request, and best-effort writes. */
    private readonly manager: EntityManager,
    private readonly tokens: ApiTokenStore,
    private readonly selectorKey: string,
    private readonly now: () => Date = () => new Date(),
    private readonly cacheMs = 0,
  ) {}

  /** Forgets cached authentications whenever the audit log records a credential change. */
  watch(audit: AuditLog): () => void {
    return audit.onAppend((event) => {
      if (!CREDENTIAL_EVENTS.has(event.action)) return;
      const details = event.details as { selector?: unknown; userId?: unknown };
      const keys = [event.resourceId, details.selector, details.userId].filter((k): k is string => typeof k === 'string');
      this.forget(keys);
    });
  }

  /** Drops every cached authentication of these token selectors, token ids or user ids. */
  forget(keys: string[]): void {
    if (keys.length === 0) return;
    const now = Date.now();
    for (const [key, until] of this.uncacheable) if (until <= now) this.uncacheable.delete(key);
    const blockedUntil = now + this.cacheMs;
    for (const key of keys) this.uncacheable.set(key, blockedUntil);
    for (const [selector, entry] of this.cache) {
      const a = entry.actor;
      if (keys.includes(selector) || keys.includes(a.userId) || keys.includes(a.tokenId ?? '')) this.cache.delete(selector);
    }
  }

  /** The CASL ability of an actor, built once per cached authentication. */
  abilityOf(actor: Actor | null): AppAbility {
    if (!actor) return defineAbilityFor(null);
    let ability = this.abilities.get(actor);
    if (!ability) this.abilities.set(actor, (ability = defineAbilityFor(actor)));
    return ability;
  }

  async authenticate(authorization: string | undefined): Promise<Actor> {
    const token = parseBearer(authorization);
    if (!token) throw new AuthenticationFailed(null, 'missing bearer token');
    const { selector, secretHash } = describeToken(token, this.selectorKey);
    const cached = this.cached(selector, secretHash);
    if (cached) {
      this.touch(cached.tokenId!, this.now());
      return cached;
    }
    const { actor, expiresAt } = await this.lookup(token, selector, secretHash);
    this.remember(selector, secretHash, actor, expiresAt);
    return actor;
  }

  private cached(selector: string, secretHash: string): Actor | null {
    const entry = this.cache.get(selector);
    if (!entry) return null;
    // The same selector with another secret is another (wrong) token: never served from the cache.
    const fresh = entry.until > Date.now() && (entry.expiresAt === null || entry.expiresAt > this.now().getTime());
    if (fresh && sameHash(secretHash, entry.secretHash)) return entry.actor;
    this.cache.delete(selector);
    return null;
  }

  private remember(selector: string, secretHash: string, actor: Actor, expiresAt: Date | null): void {
    if (this.cacheMs <= 0) return;
    const wall = Date.now();
    for (const key of [selector, actor.userId, actor.tokenId ?? '']) {
      const blocked = this.uncacheable.get(key);
      if (blocked === undefined) continue;
      if (blocked > wall) return;
      this.uncacheable.delete(key);
    }
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(selector, { actor, secretHash, until: wall + this.cacheMs, expiresAt: expiresAt?.getTime() ?? null });
  }

  private async lookup(token: string, selector: string, secretHash: string): Promise<{ actor: Actor; expiresAt: Date | null }> {
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
    const actor = {
      userId: row.user_id,
      organizationId: row.organization_id,
      email: row.email,
      roles: row.roles,
      tokenId: row.token_id,
      tokenSelector: selector,
    };
    return { actor, expiresAt: row.expires_at ? new Date(row.expires_at) : null };
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
