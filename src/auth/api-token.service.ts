import type { AuditLog } from '../audit/audit-log';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { requireFutureDate, requireUuid } from '../errors/input';
import type { UserStore } from '../organizations/user.store';
import type { ApiTokenEntity } from './api-token.entity';
import type { ApiTokenStore } from './api-token.store';
import type { Guard } from './guard';
import type { RequestLimits } from './request-limits';
import { arrayColumn, rulesToSql } from './rules-to-sql';
import { mintToken } from './token-format';

export interface IssuedTokenResult {
  token: string;
  apiToken: ApiTokenEntity;
}

export class ApiTokenService {
  constructor(
    private readonly tx: Transactor,
    private readonly tokens: ApiTokenStore,
    private readonly users: UserStore,
    private readonly audit: AuditLog,
    private readonly limits: RequestLimits,
    /** Active (neither revoked nor expired) tokens a user may hold: PARLEY_MAX_TOKENS_PER_USER. */
    private readonly maxActivePerUser: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The clear token exists only in this method's return value: not in the database, logs or audit. */
  async issue(guard: Guard, name: string, userId?: string | null, expiresAt?: Date | null): Promise<IssuedTokenResult> {
    const actor = guard.requireUser();
    const cleanName = name.trim();
    if (cleanName.length < 1 || cleanName.length > 200) throw new BadUserInputError('name must be 1 to 200 characters', 'name');
    requireFutureDate(expiresAt, 'expiresAt', this.now());
    const targetId = userId ? requireUuid(userId, 'userId') : actor.userId;
    // Per caller and hour, on top of the operation limits: tokens are what those limits count by.
    await this.limits.consumeTokenIssue(actor.userId);
    return this.tx.run(async (m) => {
      const target = await this.users.findById(m, targetId);
      if (!target) throw NotFoundError.missing('user', 'User', targetId);
      guard.ensure('read', 'User', target, 'user');
      const shape = { id: '', userId: target.id, organizationId: target.organizationId, userRoles: target.roles };
      guard.ensure('create', 'ApiToken', shape, 'token');
      if (target.disabledAt) throw new BadUserInputError('the user is disabled', 'userId');
      const active = await this.tokens.countActiveLocked(m, target.id, this.now());
      if (active >= this.maxActivePerUser) {
        throw new BadUserInputError(`the user already has ${this.maxActivePerUser} active tokens; revoke one first`, 'userId');
      }
      const minted = mintToken();
      const apiToken = await this.tokens.insert(m, {
        userId: target.id,
        name: cleanName,
        selector: minted.selector,
        secretHash: minted.secretHash,
        prefix: minted.prefix,
        createdBy: actor.userId,
        expiresAt: expiresAt ?? null,
      });
      await this.audit.success(m, actor, 'TOKEN_ISSUED', { type: 'ApiToken', id: apiToken.id, organizationId: target.organizationId }, {
        selector: minted.selector,
        userId: target.id,
        name: cleanName,
        expiresAt: expiresAt?.toISOString() ?? null,
      });
      return { token: minted.token, apiToken };
    });
  }

  async revoke(guard: Guard, id: string): Promise<ApiTokenEntity> {
    const actor = guard.requireUser();
    const tokenId = requireUuid(id, 'id');
    return this.tx.run(async (m) => {
      const found = await this.tokens.findWithOwner(m, tokenId);
      if (!found) throw NotFoundError.missing('token', 'ApiToken', tokenId);
      const shape = { id: found.token.id, userId: found.token.userId, organizationId: found.organizationId, userRoles: found.userRoles };
      guard.ensure('revoke', 'ApiToken', shape, 'token');
      if (found.token.revokedAt) return found.token;
      const at = this.now();
      await this.tokens.revoke(m, tokenId, at);
      await this.audit.success(m, actor, 'TOKEN_REVOKED', { type: 'ApiToken', id: tokenId, organizationId: found.organizationId }, {
        selector: found.token.selector,
        userId: found.token.userId,
      });
      return { ...found.token, revokedAt: at };
    });
  }

  list(guard: Guard): Promise<ApiTokenEntity[]> {
    guard.requireUser();
    const visible = rulesToSql(guard.ability, 'read', 'ApiToken', {
      id: 't.id',
      userId: 't.user_id',
      organizationId: 'u.organization_id',
      userRoles: arrayColumn('u.roles'),
    });
    if (!visible) return Promise.resolve([]);
    return this.tokens.list(this.tx.manager, visible);
  }

  /** For `node(id:)`: the token when the caller's read rules (those of `apiTokens`) cover it, else null. */
  async find(guard: Guard, id: string): Promise<ApiTokenEntity | null> {
    guard.requireUser();
    const found = await this.tokens.findWithOwner(this.tx.manager, requireUuid(id, 'id'));
    if (!found) return null;
    const shape = { id: found.token.id, userId: found.token.userId, organizationId: found.organizationId, userRoles: found.userRoles };
    return guard.can('read', 'ApiToken', shape) ? found.token : null;
  }
}
