// Which parts of the console each role sees. A user with several roles sees the union.
import type { Role } from '../api/types';

export type SectionId = 'queries' | 'federation' | 'datasets' | 'agreements' | 'budget' | 'audit' | 'organizations' | 'users';

export interface Section { id: SectionId; label: string; roles: Role[] }

export const SECTIONS: Section[] = [
  { id: 'queries', label: 'Queries', roles: ['ANALYST'] },
  { id: 'datasets', label: 'Datasets', roles: ['ORG_ADMIN'] },
  { id: 'agreements', label: 'Agreements', roles: ['ORG_ADMIN'] },
  { id: 'federation', label: 'Federation', roles: ['ORG_ADMIN', 'ANALYST'] },
  { id: 'budget', label: 'Budget usage', roles: ['ORG_ADMIN', 'AUDITOR'] },
  { id: 'audit', label: 'Audit trail', roles: ['AUDITOR', 'PLATFORM_AUDITOR'] },
  { id: 'organizations', label: 'Organizations', roles: ['PLATFORM_ADMIN'] },
  { id: 'users', label: 'Users & tokens', roles: ['PLATFORM_ADMIN'] },
];

export function sectionsFor(roles: Role[]): Section[] {
  return SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
}

export function hasRole(roles: Role[], ...wanted: Role[]): boolean {
  return wanted.some((role) => roles.includes(role));
}
