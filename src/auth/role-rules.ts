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
export function defineOrgAdminRules({ can }: Builder, actor: Actor): void {
  const own = actor.organizationId;
  // The boundary is a condition of the grant, not a `cannot`: a `cannot` would also take away what
  // another role of the same user grants (a PLATFORM_AUDITOR's own tokens), and roles must add up.
  const notPlatform = { $nin: [...PLATFORM_ROLES] };
  can('read', 'User', { organizationId: own });
  can(['create', 'update', 'disable'], 'User', { organizationId: own, roles: notPlatform });
  can('read', 'ApiToken', { organizationId: own });
  can(['create', 'revoke'], 'ApiToken', { organizationId: own, userRoles: notPlatform });
  can(['read', 'create', 'update', 'delete', 'ingest'], 'Dataset', { ownerOrganizationId: own });
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS, { partnerOrganizationIds: own });
  can(['read', 'readBudget', 'grant', 'amend', 'suspend', 'resume', 'revoke'], 'Agreement', { ownerOrganizationId: own });
  can(['read', 'readBudget'], 'Agreement', { partnerOrganizationId: own });
  // Synthetic rows: the owner's admins, and the partner organization that made them.
  can('read', 'SyntheticDataset', { ownerOrganizationId: own });
  can('read', 'SyntheticDataset', { partnerOrganizationId: own });
  can(['read', 'create', 'delete'], 'FederationPeer', { organizationId: own });
}

/**
 * A partner analyst: its own organization's datasets, and others' only through an agreement. It may
 * join its own datasets (and only those) to a shared one in a query.
 */
export function defineAnalystRules({ can }: Builder, actor: Actor): void {
  const own = actor.organizationId;
  can(['read', 'join'], 'Dataset', { ownerOrganizationId: own });
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS, { partnerOrganizationIds: own });
  can(['read', 'readBudget', 'query', 'synthesize'], 'Agreement', { partnerOrganizationId: own });
  can('read', 'SyntheticDataset', { partnerOrganizationId: own });
  can(['read', 'query'], 'FederationPeer', { organizationId: own });
}

/** An organization's auditor: the trail and the budgets that concern its organization. */
export function defineAuditorRules({ can }: Builder, actor: Actor): void {
  const own = actor.organizationId;
  can('read', 'AuditEvent', { actorOrganizationId: own });
  can('read', 'AuditEvent', { resourceOrganizationId: own });
  can(['verify', 'export', 'checkpoint'], 'AuditTrail');
  can(['read', 'readBudget'], 'Agreement', { ownerOrganizationId: own });
  can(['read', 'readBudget'], 'Agreement', { partnerOrganizationId: own });
  can('read', 'Dataset', { ownerOrganizationId: own });
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS, { partnerOrganizationIds: own });
  can('read', 'User', { organizationId: own });
}

export function definePlatformAuditorRules({ can }: Builder): void {
  can('read', 'AuditEvent');
  can(['verify', 'export', 'checkpoint'], 'AuditTrail');
  can(['read', 'readBudget'], 'Agreement');
  can('read', 'Dataset', DATASET_PUBLIC_FIELDS);
  can('read', 'User');
}

export function definePlatformAdminRules({ can }: Builder): void {
  can('manage', 'Organization');
  can('manage', 'User');
  can('manage', 'ApiToken');
  can('checkpoint', 'AuditTrail');
}

/** Applied after every role: no role, the platform admin included, ever reads a token's secret. */
export function defineInvariantRules({ cannot }: Builder): void {
  cannot('read', 'ApiToken', ['secret', 'secretHash']);
}
