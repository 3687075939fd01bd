import type { EntityManager } from 'typeorm';
import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../auth/actor';
import type { ApiTokenStore } from '../auth/api-token.store';
import { describeToken, mintToken } from '../auth/token-format';
import type { Transactor } from '../db/transaction';
import type { OrganizationStore } from './organization.store';
import { Role } from './role';
import type { UserEntity } from './user.entity';
import type { UserStore } from './user.store';

const BOOTSTRAP_LOCK_KEY = 0x424f4f54; // "BOOT"
export const PLATFORM_SLUG = 'platform';
export const ADMIN_EMAIL = 'admin@localhost';

/** First start: the platform organization and its admin, so that someone can sign in at all. */
export class BootstrapService {
  constructor(
    private readonly tx: Transactor,
    private readonly organizations: OrganizationStore,
    private readonly users: UserStore,
    private readonly tokens: ApiTokenStore,
    private readonly audit: AuditLog,
    /** PARLEY_SECRET, which keys the selector of an operator-chosen token. */
    private readonly selectorKey: string,
  ) {}

  /**
   * When no user exists yet, creates `admin@localhost` whose token is `presetToken` or a new random
   * one. Returns the token only when it was generated here (the caller prints it once).
   */
  async ensureFirstAdmin(presetToken: string | undefined): Promise<{ generatedToken: string | null; created: boolean }> {
    return this.tx.run(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      if ((await this.users.count(m)) > 0) return { generatedToken: null, created: false };
      const admin = await this.createAdmin(m);
      const token = presetToken ?? null;
      const issued = await this.issue(m, admin, token);
      return { generatedToken: token ? null : issued, created: true };
    });
  }

  /**
   * `parley bootstrap`: a fresh token for the platform admin, creating the admin when missing. The CLI
   * acts as that admin, so `asOperator` turns it into the actor its events name.
   */
  async issueAdminToken(asOperator: (admin: UserEntity) => Actor): Promise<string> {
    return this.tx.run(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const admin = (await this.users.findByEmail(m, ADMIN_EMAIL)) ?? (await this.createAdmin(m, asOperator));
      if (admin.disabledAt || !admin.roles.includes(Role.PLATFORM_ADMIN)) {
        throw new Error(`${ADMIN_EMAIL} exists but is disabled or no longer a platform admin`);
      }
      return this.issue(m, admin, null, asOperator(admin));
    });
  }

  /** On the server's first start nobody acts yet (actor null); from the CLI the new admin is the operator. */
  private async createAdmin(m: EntityManager, asOperator?: (admin: UserEntity) => Actor): Promise<UserEntity> {
    const org = (await this.organizations.findBySlug(m, PLATFORM_SLUG)) ?? (await this.organizations.insert(m, 'Platform', PLATFORM_SLUG));
    const admin = await this.users.insert(m, org.id, ADMIN_EMAIL, [Role.PLATFORM_ADMIN]);
    const created = { type: 'User', id: admin.id, organizationId: org.id };
    await this.audit.success(m, asOperator?.(admin) ?? null, 'BOOTSTRAP_ADMIN_CREATED', created, {
      email: ADMIN_EMAIL,
      organizationId: org.id,
    });
    return admin;
  }

  private async issue(m: EntityManager, admin: UserEntity, presetToken: string | null, actor: Actor | null = null): Promise<string> {
    const minted = presetToken ? { token: presetToken, ...describeToken(presetToken, this.selectorKey) } : mintToken();
    const row = await this.tokens.insert(m, {
      userId: admin.id,
      name: 'bootstrap',
      selector: minted.selector,
      secretHash: minted.secretHash,
      prefix: minted.prefix,
      createdBy: null,
      expiresAt: null,
    });
    await this.audit.success(m, actor, 'TOKEN_ISSUED', { type: 'ApiToken', id: row.id, organizationId: admin.organizationId }, {
      selector: minted.selector,
      userId: admin.id,
      name: 'bootstrap',
      expiresAt: null,
    });
    return minted.token;
  }
}
