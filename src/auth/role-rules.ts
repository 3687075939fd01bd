import type { AbilityBuilder } from '@casl/ability';
import { PLATFORM_ROLES } from '../organizations/role';
import type { Actor } from './actor';
import { DATASET_PUBLIC_FIELDS, type AppAbility } from './subjects';

type Builder = Pick<AbilityBuilder<AppAbility>, 'can' | 'cannot'>;

/** What every signed-in user may do: see the organization directory, themselves and their own tokens. */
export function defineSelfRules({ can }: Builder, actor: Actor): void {
  can('read', 'Organization');
  can('read', 'User', { id: actor.userId });
  can(['create', 'read', 'revoke'], 'ApiToken', { userId: actor.userId });
}

/**
 * An organization's admin: its users, datasets and the agreements on them. It can never hand out a
 * platform role nor act for a platform-level user: that is the privilege boundary.
 */
export function defineOrgAdminRules({ can, cannot }: Builder, actor: Actor): void {
  const own = actor.organizationId;
  can(['read', 'create', 'update', 'disable'], 'User', { organizationId: own });
  cannot(['create', 'update', 'disable'], 'User', { roles: { $in: [...PLATFORM_ROLES] } });
  can(['create', 'read', 'revoke'], 'ApiToken', { organizationId: own });
  cannot(['create', 'revoke'], 'ApiToken', { userRoles: { $in: [...PLATFORM_ROLES] } });
  can(['read', 'create', 'update', 'delete', 'ingest'], 'Dataset', { ownerOrganizationId: own });
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS, { partnerOrganizationIds: own });
  can(['read', 'readBudget', 'grant', 'amend', 'suspend', 'resume', 'revoke'], 'Agreement', { ownerOrganizationId: own });
  can(['read', 'readBudget'], 'Agreement', { partnerOrganizationId: own });
}

/** A partner analyst: its own organization's datasets, and others' only through an agreement. */
export function defineAnalystRules({ can }: Builder, actor: Actor): void {
  const own = actor.organizationId;
  can('read', 'Dataset', { ownerOrganizationId: own });
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS, { partnerOrganizationIds: own });
  can(['read', 'readBudget', 'query'], 'Agreement', { partnerOrganizationId: own });
}

/** An organization's auditor: the trail and the budgets that concern its organization. */
export function defineAuditorRules({ can }: Builder, actor: Actor): void {
  const own = actor.organizationId;
  can('read', 'AuditEvent', { actorOrganizationId: own });
  can('read', 'AuditEvent', { resourceOrganizationId: own });
  can(['verify', 'export'], 'AuditTrail');
  can(['read', 'readBudget'], 'Agreement', { ownerOrganizationId: own });
  can(['read', 'readBudget'], 'Agreement', { partnerOrganizationId: own });
  can('read', 'Dataset', { ownerOrganizationId: own });
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS, { partnerOrganizationIds: own });
  can('read', 'User', { organizationId: own });
}

export function definePlatformAuditorRules({ can }: Builder): void {
  can('read', 'AuditEvent');
  can(['verify', 'export'], 'AuditTrail');
  can(['read', 'readBudget'], 'Agreement');
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS);
  can('read', 'User');
}

/** Defined last: CASL gives later rules precedence, so no org-level `cannot` narrows a platform admin. */
export function definePlatformAdminRules({ can }: Builder): void {
  can('manage', 'Organization');
  can('manage', 'User');
  can('manage', 'ApiToken');
}
