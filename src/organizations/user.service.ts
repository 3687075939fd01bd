import type { Guard } from '../auth/guard';
import { arrayColumn, rulesToSql } from '../auth/rules-to-sql';
import type { AuditLog } from '../audit/audit-log';
import { loadersFor } from '../db/request-loaders';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { isUniqueViolation, requireUuid } from '../errors/input';
import type { OrganizationStore } from './organization.store';
import { ALL_ROLES, Role } from './role';
import type { UserEntity } from './user.entity';
import type { UserStore } from './user.store';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export class UserService {
  constructor(
    private readonly tx: Transactor,
    private readonly users: UserStore,
    private readonly organizations: OrganizationStore,
    private readonly audit: AuditLog,
  ) {}

  async me(guard: Guard): Promise<UserEntity> {
    const user = await this.users.findById(this.tx.manager, guard.requireUser().userId);
    if (!user) throw new NotFoundError('user');
    return user;
  }

  async create(guard: Guard, organizationId: string, email: string, roles: Role[]): Promise<UserEntity> {
    const actor = guard.requireUser();
    guard.ensureType('create', 'User', 'users');
    const orgId = requireUuid(organizationId, 'organizationId');
    const cleanEmail = email.trim();
    if (!EMAIL.test(cleanEmail)) throw new BadUserInputError('email is not a valid address', 'email');
    const cleanRoles = uniqueRoles(roles);
    // The policy first: a caller who may not create users there gets the same FORBIDDEN whether
    // the organization exists or not.
    guard.ensure('create', 'User', { id: '', organizationId: orgId, roles: cleanRoles }, 'user');
    const org = await this.organizations.findById(this.tx.manager, orgId);
    if (!org) throw new NotFoundError('organization');
    try {
      return await this.tx.run(async (m) => {
        const user = await this.users.insert(m, orgId, cleanEmail, cleanRoles);
        await this.audit.success(m, actor, 'USER_CREATED', { type: 'User', id: user.id, organizationId: orgId }, {
          roles: cleanRoles,
          organizationId: orgId,
        });
        return user;
      });
    } catch (e) {
      // Emails are unique across organizations: one message whether the address is taken here or in
      // another organization, so that createUser cannot probe who else uses the platform.
      if (isUniqueViolation(e)) throw new BadUserInputError('this email address cannot be used for a new user', 'email');
      throw e;
    }
  }

  async setRoles(guard: Guard, userId: string, roles: Role[]): Promise<UserEntity> {
    const actor = guard.requireUser();
    const cleanRoles = uniqueRoles(roles);
    return this.tx.run(async (m) => {
      const user = await this.load(guard, m, userId);
      guard.ensure('update', 'User', user, 'user');
      // The new state must be allowed too: an org admin cannot create a platform-level user this way.
      guard.ensure('update', 'User', { ...user, roles: cleanRoles }, 'user');
      if (user.id === actor.userId && user.roles.includes(Role.PLATFORM_ADMIN) && !cleanRoles.includes(Role.PLATFORM_ADMIN)) {
        throw new BadUserInputError('you cannot remove your own PLATFORM_ADMIN role', 'roles');
      }
      await this.users.setRoles(m, user.id, cleanRoles);
      await this.audit.success(m, actor, 'USER_ROLES_CHANGED', { type: 'User', id: user.id, organizationId: user.organizationId }, {
        before: user.roles,
        after: cleanRoles,
      });
      return { ...user, roles: cleanRoles };
    });
  }

  async disable(guard: Guard, userId: string): Promise<UserEntity> {
    const actor = guard.requireUser();
    return this.tx.run(async (m) => {
      const user = await this.load(guard, m, userId);
      guard.ensure('disable', 'User', user, 'user');
      if (user.id === actor.userId) throw new BadUserInputError('you cannot disable yourself', 'userId');
      if (user.disabledAt) return user;
      const at = new Date();
      await this.users.disable(m, user.id, at);
      await this.audit.success(m, actor, 'USER_DISABLED', { type: 'User', id: user.id, organizationId: user.organizationId }, {});
      return { ...user, disabledAt: at };
    });
  }

  list(guard: Guard, organizationId?: string | null): Promise<UserEntity[]> {
    guard.requireUser();
    const orgId = organizationId ? requireUuid(organizationId, 'organizationId') : undefined;
    const visible = rulesToSql(guard.ability, 'read', 'User', {
      id: 'u.id',
      organizationId: 'u.organization_id',
      roles: arrayColumn('u.roles'),
    });
    if (!visible) return Promise.resolve([]);
    return this.users.list(this.tx.manager, visible, orgId);
  }

  /** Operator lookups (CLI): the caller holds the database, no policy applies to finding a user. */
  findByEmailUnchecked(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(this.tx.manager, email);
  }

  /** A user the caller may read, or NOT_FOUND. Used by nested fields too. */
  async get(guard: Guard, userId: string): Promise<UserEntity> {
    const id = requireUuid(userId, 'userId');
    // Nested fields (an audit page's actors) ask for the same users again: once per request.
    const user = await loadersFor(guard, this.tx.manager).users.load(id);
    if (!user) throw NotFoundError.missing('user', 'User', id);
    guard.ensure('read', 'User', user, 'user');
    return user;
  }

  private async load(guard: Guard, m: Parameters<UserStore['findById']>[0], userId: string): Promise<UserEntity> {
    const id = requireUuid(userId, 'userId');
    const user = await this.users.findById(m, id);
    if (!user) throw NotFoundError.missing('user', 'User', id);
    guard.ensure('read', 'User', user, 'user');
    return user;
  }
}

function uniqueRoles(roles: Role[]): Role[] {
  for (const r of roles) if (!ALL_ROLES.includes(r)) throw new BadUserInputError(`unknown role ${r}`, 'roles');
  return [...new Set(roles)];
}
