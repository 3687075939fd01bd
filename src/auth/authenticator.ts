import type { DataSource } from 'typeorm';
import { UnauthenticatedError } from '../errors/errors';
import type { Role } from '../organizations/role';
import type { Actor } from './actor';
import { bootstrapPrefix, describeToken, legacySelector, sameHash } from './token-format';

/** Carries the selector (never the secret) so the refusal can be audited. */
export class AuthenticationFailed extends UnauthenticatedError {
  constructor(readonly selector: string | null, reason: string) {
    super('a valid bearer token is required');
    this.reason = reason;
  }
  readonly reason: string;
}

interface TokenRow {
  token_id: string;
  selector: string;
  secret_hash: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  user_id: string;
  organization_id: string;
  email: string;
  roles: Role[];
  disabled_at: Date | null;
}

const LAST_USED_EVERY_MS = 60_000;

/** Resolves a bearer token to an Actor on every request; writes `lastUsedAt` at most once a minute. */
export class Authenticator {
  private readonly lastWritten = new Map<string, number>();

  /** `selectorKey` is PARLEY_SECRET: it keys the selector derived for an operator-chosen token. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly selectorKey: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(authorization: string | undefined): Promise<Actor> {
    const token = parseBearer(authorization);
    if (!token) throw new AuthenticationFailed(null, 'missing bearer token');
    const { selector, secretHash } = describeToken(token, this.selectorKey);
    const legacy = legacySelector(token);
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT t.id AS token_id, t.selector, t.secret_hash, t.expires_at, t.revoked_at,
              u.id AS user_id, u.organization_id, u.email, u.roles, u.disabled_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.selector = ANY($1::text[])
        ORDER BY t.selector = $2 DESC
        LIMIT 1`,
      [legacy ? [selector, legacy] : [selector], selector],
    );
    const row = rows[0];
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
    await this.dataSource.query('UPDATE api_tokens SET selector = $2, prefix = $3 WHERE id = $1', [tokenId, selector, bootstrapPrefix(selector)]);
  }

  /** Best effort and off the request's path: a lost `lastUsedAt` write loses nothing that matters. */
  private touch(tokenId: string, now: Date): void {
    const last = this.lastWritten.get(tokenId) ?? 0;
    if (now.getTime() - last < LAST_USED_EVERY_MS) return;
    this.lastWritten.set(tokenId, now.getTime());
    this.dataSource
      .query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [tokenId, now])
      .catch(() => this.lastWritten.delete(tokenId));
  }
}

export function parseBearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
