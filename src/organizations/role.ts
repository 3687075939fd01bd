export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  ORG_ADMIN = 'ORG_ADMIN',
  ANALYST = 'ANALYST',
  AUDITOR = 'AUDITOR',
  PLATFORM_AUDITOR = 'PLATFORM_AUDITOR',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Roles that reach beyond one organization: only a platform admin may hand them out. */
export const PLATFORM_ROLES: readonly Role[] = [Role.PLATFORM_ADMIN, Role.PLATFORM_AUDITOR];
