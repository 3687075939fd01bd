import type { EntityManager } from 'typeorm';
import type { Role } from '../organizations/role';
import type { SqlCondition } from './rules-to-sql';
import { ApiTokenEntity } from './api-token.entity';

export interface TokenWithOwner {
  token: ApiTokenEntity;
  organizationId: string;
  userRoles: Role[];
}

/** A token and its user, as authentication needs them: one row, one round trip. */
export interface TokenCredentials {
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

export class ApiTokenStore {
  /** The token under the first selector that exists, `preferred` first (a legacy selector is the other). */
  async findCredentials(m: EntityManager, selectors: string[], preferred: string): Promise<TokenCredentials | null> {
    const rows: TokenCredentials[] = await m.query(
      `SELECT t.id AS token_id, t.selector, t.secret_hash, t.expires_at, t.revoked_at,
              u.id AS user_id, u.organization_id, u.email, u.roles, u.disabled_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.selector = ANY($1::text[])
        ORDER BY t.selector = $2 DESC
        LIMIT 1`,
      [selectors, preferred],
    );
    return rows[0] ?? null;
  }

  async changeSelector(m: EntityManager, id: string, selector: string, prefix: string): Promise<void> {
    await m.query('UPDATE api_tokens SET selector = $2, prefix = $3 WHERE id = $1', [id, selector, prefix]);
  }

  async touchLastUsed(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }

  async findWithOwner(m: EntityManager, id: string): Promise<TokenWithOwner | null> {
    const row = await m
      .createQueryBuilder(ApiTokenEntity, 't')
      .innerJoin('users', 'u', 'u.id = t.user_id')
      .addSelect(['u.organization_id AS owner_org', 'u.roles AS owner_roles'])
      .where('t.id = :id', { id })
      .getRawAndEntities();
    const token = row.entities[0];
    if (!token) return null;
    const raw = row.raw[0] as { owner_org: string; owner_roles: Role[] };
    return { token, organizationId: raw.owner_org, userRoles: raw.owner_roles };
  }

  list(m: EntityManager, visible: SqlCondition): Promise<ApiTokenEntity[]> {
    return m
      .createQueryBuilder(ApiTokenEntity, 't')
      .innerJoin('users', 'u', 'u.id = t.user_id')
      .where(visible.sql, visible.params)
      .orderBy('t.created_at')
      .addOrderBy('t.id')
      .getMany();
  }

  /**
   * Active tokens of a user, counted under a lock on the user's row so that concurrent issues
   * cannot both pass the cap.
   */
  async countActiveLocked(m: EntityManager, userId: string, now: Date): Promise<number> {
    await m.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
    const rows: { n: string }[] = await m.query(
      'SELECT count(*) AS n FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)',
      [userId, now],
    );
    return Number(rows[0]!.n);
  }

  insert(m: EntityManager, fields: Omit<ApiTokenEntity, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiTokenEntity> {
    return m.save(m.create(ApiTokenEntity, { ...fields, lastUsedAt: null, revokedAt: null }));
  }

  async revoke(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(ApiTokenEntity, { id }, { revokedAt: at });
  }
}
