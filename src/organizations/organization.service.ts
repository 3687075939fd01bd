import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import type { AuditLog } from '../audit/audit-log';
import { loadersFor } from '../db/request-loaders';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { isUniqueViolation, requireUuid } from '../errors/input';
import type { OrganizationEntity } from './organization.entity';
import type { OrganizationStore } from './organization.store';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class OrganizationService {
  constructor(
    private readonly tx: Transactor,
    private readonly store: OrganizationStore,
    private readonly audit: AuditLog,
  ) {}

  async create(guard: Guard, name: string, slug: string): Promise<OrganizationEntity> {
    guard.ensureType('create', 'Organization', 'organizations');
    const actor = guard.requireUser();
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 200) throw new BadUserInputError('name must be 1 to 200 characters', 'name');
    if (!SLUG.test(slug)) throw new BadUserInputError('slug must match ^[a-z0-9][a-z0-9-]{0,62}$', 'slug');
    try {
      return await this.tx.run(async (m) => {
        const org = await this.store.insert(m, trimmed, slug);
        await this.audit.success(m, actor, 'ORGANIZATION_CREATED', { type: 'Organization', id: org.id, organizationId: org.id }, { name: trimmed, slug });
        return org;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new BadUserInputError(`slug "${slug}" is already taken`, 'slug');
      throw e;
    }
  }

  list(guard: Guard): Promise<OrganizationEntity[]> {
    guard.requireUser();
    const visible = rulesToSql(guard.ability, 'read', 'Organization', { id: 'o.id' });
    if (!visible) return Promise.resolve([]);
    return this.store.list(this.tx.manager, visible);
  }

  /** Operator lookups (CLI) by slug. */
  findBySlugUnchecked(slug: string): Promise<OrganizationEntity | null> {
    return this.store.findBySlug(this.tx.manager, slug);
  }

  /** For nested fields: the organization behind an id the caller already holds. */
  async get(guard: Guard, id: string): Promise<OrganizationEntity> {
    const orgId = requireUuid(id, 'organizationId');
    // A list of datasets or agreements asks for the same few organizations over and over: each
    // request (one Guard) looks each of them up once, and those of one tick in one statement.
    return this.readable(guard, await loadersFor(guard, this.tx.manager).organizations.load(orgId));
  }

  /** `org`, if the caller may read it (the check of `get`, for an organization already at hand); NOT_FOUND otherwise. */
  readable(guard: Guard, org: OrganizationEntity | null): OrganizationEntity {
    if (!org || !guard.can('read', 'Organization', { id: org.id })) throw new NotFoundError('organization');
    return org;
  }
}
