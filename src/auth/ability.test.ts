import { Role } from '../organizations/role';
import { defineAbilityFor, subject } from './ability';
import type { Actor } from './actor';
import type { Subjects } from './subjects';

const OWN = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const ME = '00000000-0000-4000-8000-000000000001';
const COLLEAGUE = '00000000-0000-4000-8000-000000000002';

function actor(...roles: Role[]): Actor {
  return { userId: ME, organizationId: OWN, email: 'me@example.test', roles, tokenId: 't', tokenSelector: 's' };
}

const user = (organizationId: string, roles: Role[] = [Role.ANALYST], id = COLLEAGUE): Subjects['User'] => ({ id, organizationId, roles });
const token = (organizationId: string, userRoles: Role[] = [Role.ANALYST], userId = COLLEAGUE): Subjects['ApiToken'] => ({
  id: 'tok',
  userId,
  organizationId,
  userRoles,
});
const dataset = (ownerOrganizationId: string, partnerOrganizationIds: string[] = []): Subjects['Dataset'] => ({
  id: 'ds',
  ownerOrganizationId,
  partnerOrganizationIds,
});
const agreement = (ownerOrganizationId: string, partnerOrganizationId: string): Subjects['Agreement'] => ({
  id: 'ag',
  datasetId: 'ds',
  ownerOrganizationId,
  partnerOrganizationId,
});
const event = (actorOrganizationId: string | null, resourceOrganizationId: string | null): Subjects['AuditEvent'] => ({
  actorOrganizationId,
  resourceOrganizationId,
});

describe('defineAbilityFor', () => {
  it('denies everything to an anonymous caller', () => {
    const a = defineAbilityFor(null);
    expect(a.can('read', subject('Organization', { id: OWN }))).toBe(false);
    expect(a.can('read', subject('User', user(OWN)))).toBe(false);
    expect(a.can('create', 'ApiToken')).toBe(false);
  });

  it('lets every signed-in user read the directory, itself and manage its own tokens, nothing more', () => {
    const a = defineAbilityFor(actor());
    expect(a.can('read', subject('Organization', { id: OTHER }))).toBe(true);
    expect(a.can('read', subject('User', user(OWN, [], ME)))).toBe(true);
    expect(a.can('read', subject('User', user(OWN)))).toBe(false);
    expect(a.can('update', subject('User', user(OWN, [], ME)))).toBe(false);
    expect(a.can('create', subject('ApiToken', token(OWN, [], ME)))).toBe(true);
    expect(a.can('revoke', subject('ApiToken', token(OWN, [], ME)))).toBe(true);
    expect(a.can('revoke', subject('ApiToken', token(OWN)))).toBe(false);
    expect(a.can('create', 'Organization')).toBe(false);
    expect(a.can('read', subject('Dataset', dataset(OWN)))).toBe(false);
    expect(a.can('read', subject('AuditEvent', event(OWN, OWN)))).toBe(false);
  });

  describe('PLATFORM_ADMIN', () => {
    const a = defineAbilityFor(actor(Role.PLATFORM_ADMIN));
    it('manages organizations, users and tokens everywhere, platform roles included', () => {
      expect(a.can('create', 'Organization')).toBe(true);
      for (const org of [OWN, OTHER]) {
        for (const action of ['read', 'create', 'update', 'disable'] as const) {
          expect(a.can(action, subject('User', user(org, [Role.PLATFORM_ADMIN])))).toBe(true);
        }
        expect(a.can('revoke', subject('ApiToken', token(org, [Role.PLATFORM_AUDITOR])))).toBe(true);
      }
    });
    it('is not an auditor, an analyst or a data owner', () => {
      expect(a.can('read', subject('AuditEvent', event(OWN, OWN)))).toBe(false);
      expect(a.can('verify', 'AuditTrail')).toBe(false);
      expect(a.can('read', subject('Dataset', dataset(OTHER)))).toBe(false);
      expect(a.can('query', subject('Agreement', agreement(OTHER, OWN)))).toBe(false);
    });
  });

  describe('ORG_ADMIN', () => {
    const a = defineAbilityFor(actor(Role.ORG_ADMIN));
    it('manages the users and tokens of its own organization', () => {
      for (const action of ['read', 'create', 'update', 'disable'] as const) {
        expect(a.can(action, subject('User', user(OWN, [Role.ANALYST, Role.ORG_ADMIN])))).toBe(true);
      }
      expect(a.can('create', subject('ApiToken', token(OWN)))).toBe(true);
      expect(a.can('revoke', subject('ApiToken', token(OWN)))).toBe(true);
    });
    it('never grants a platform role nor acts on a platform-level user (privilege boundary)', () => {
      for (const role of [Role.PLATFORM_ADMIN, Role.PLATFORM_AUDITOR]) {
        expect(a.can('create', subject('User', user(OWN, [role])))).toBe(false);
        expect(a.can('update', subject('User', user(OWN, [Role.ANALYST, role])))).toBe(false);
        expect(a.can('disable', subject('User', user(OWN, [role])))).toBe(false);
        expect(a.can('create', subject('ApiToken', token(OWN, [role])))).toBe(false);
        expect(a.can('revoke', subject('ApiToken', token(OWN, [role])))).toBe(false);
        // Seeing them is fine: they are members of its organization.
        expect(a.can('read', subject('User', user(OWN, [role])))).toBe(true);
      }
    });
    it('never acts on another organization', () => {
      for (const action of ['read', 'create', 'update', 'disable'] as const) {
        expect(a.can(action, subject('User', user(OTHER)))).toBe(false);
      }
      expect(a.can('read', subject('ApiToken', token(OTHER)))).toBe(false);
      expect(a.can('create', 'Organization')).toBe(false);
    });
    it("manages its organization's datasets and the agreements on them", () => {
      for (const action of ['read', 'create', 'update', 'delete', 'ingest'] as const) {
        expect(a.can(action, subject('Dataset', dataset(OWN)))).toBe(true);
        expect(a.can(action, subject('Dataset', dataset(OTHER)))).toBe(false);
      }
      for (const action of ['grant', 'amend', 'suspend', 'resume', 'revoke', 'readBudget'] as const) {
        expect(a.can(action, subject('Agreement', agreement(OWN, OTHER)))).toBe(true);
        expect(a.can(action, subject('Agreement', agreement(OTHER, OWN)))).toBe(action === 'readBudget');
      }
      expect(a.can('query', subject('Agreement', agreement(OTHER, OWN)))).toBe(false);
    });
  });

  describe('ANALYST', () => {
    const a = defineAbilityFor(actor(Role.ANALYST));
    it("reads its own organization's datasets and those shared with it", () => {
      expect(a.can('read', subject('Dataset', dataset(OWN)))).toBe(true);
      expect(a.can('read', subject('Dataset', dataset(OTHER, [OWN])))).toBe(true);
      expect(a.can('read', subject('Dataset', dataset(OTHER, [])))).toBe(false);
      expect(a.can('read', subject('Dataset', dataset(OTHER, ['someone-else'])))).toBe(false);
    });
    it('runs queries only under agreements whose partner is its organization', () => {
      expect(a.can('query', subject('Agreement', agreement(OTHER, OWN)))).toBe(true);
      expect(a.can('query', subject('Agreement', agreement(OWN, OTHER)))).toBe(false);
      expect(a.can('query', subject('Agreement', agreement(OTHER, 'someone-else')))).toBe(false);
    });
    it('changes nothing: no datasets, agreements, users or audit events', () => {
      expect(a.can('create', 'Dataset')).toBe(false);
      expect(a.can('ingest', subject('Dataset', dataset(OWN)))).toBe(false);
      expect(a.can('grant', subject('Agreement', agreement(OWN, OTHER)))).toBe(false);
      expect(a.can('create', subject('User', user(OWN)))).toBe(false);
      expect(a.can('read', subject('AuditEvent', event(OWN, OWN)))).toBe(false);
    });
  });

  describe('AUDITOR and PLATFORM_AUDITOR', () => {
    it('an AUDITOR reads the events that concern its organization, as actor or as resource owner', () => {
      const a = defineAbilityFor(actor(Role.AUDITOR));
      expect(a.can('read', subject('AuditEvent', event(OWN, null)))).toBe(true);
      expect(a.can('read', subject('AuditEvent', event(OTHER, OWN)))).toBe(true);
      expect(a.can('read', subject('AuditEvent', event(OTHER, OTHER)))).toBe(false);
      expect(a.can('read', subject('AuditEvent', event(null, null)))).toBe(false);
      expect(a.can('readBudget', subject('Agreement', agreement(OWN, OTHER)))).toBe(true);
      expect(a.can('readBudget', subject('Agreement', agreement(OTHER, OWN)))).toBe(true);
      expect(a.can('readBudget', subject('Agreement', agreement(OTHER, 'x')))).toBe(false);
      expect(a.can('verify', 'AuditTrail')).toBe(true);
      expect(a.can('query', subject('Agreement', agreement(OTHER, OWN)))).toBe(false);
      expect(a.can('update', subject('User', user(OWN)))).toBe(false);
    });
    it('a PLATFORM_AUDITOR reads all of it and changes nothing', () => {
      const a = defineAbilityFor(actor(Role.PLATFORM_AUDITOR));
      expect(a.can('read', subject('AuditEvent', event(OTHER, OTHER)))).toBe(true);
      expect(a.can('read', subject('AuditEvent', event(null, null)))).toBe(true);
      expect(a.can('readBudget', subject('Agreement', agreement(OTHER, 'x')))).toBe(true);
      expect(a.can('export', 'AuditTrail')).toBe(true);
      expect(a.can('create', 'Organization')).toBe(false);
      expect(a.can('disable', subject('User', user(OTHER)))).toBe(false);
      expect(a.can('query', subject('Agreement', agreement(OTHER, OWN)))).toBe(false);
    });
  });

  describe('several roles', () => {
    it('add up', () => {
      const a = defineAbilityFor(actor(Role.ANALYST, Role.AUDITOR));
      expect(a.can('query', subject('Agreement', agreement(OTHER, OWN)))).toBe(true);
      expect(a.can('read', subject('AuditEvent', event(OTHER, OWN)))).toBe(true);
      expect(a.can('create', subject('User', user(OWN)))).toBe(false);
    });
    it("an org admin's boundary does not take away what a platform role grants", () => {
      // ORG_ADMIN + PLATFORM_AUDITOR still issues and revokes its own tokens.
      const a = defineAbilityFor(actor(Role.ORG_ADMIN, Role.PLATFORM_AUDITOR));
      const mine = token(OWN, [Role.ORG_ADMIN, Role.PLATFORM_AUDITOR], ME);
      expect(a.can('create', subject('ApiToken', mine))).toBe(true);
      expect(a.can('revoke', subject('ApiToken', mine))).toBe(true);
      expect(a.can('read', subject('AuditEvent', event(OTHER, OTHER)))).toBe(true);
      expect(a.can('update', subject('User', user(OWN, [Role.ANALYST])))).toBe(true);
      expect(a.can('update', subject('User', user(OWN, [Role.PLATFORM_AUDITOR])))).toBe(false);
    });
    it('an org admin who is also platform admin is a platform admin', () => {
      const a = defineAbilityFor(actor(Role.ORG_ADMIN, Role.PLATFORM_ADMIN));
      expect(a.can('update', subject('User', user(OTHER, [Role.PLATFORM_AUDITOR])))).toBe(true);
    });
  });

  describe('fields', () => {
    it("shows a dataset's exact figures to its owner organization only", () => {
      for (const role of [Role.ORG_ADMIN, Role.ANALYST, Role.AUDITOR]) {
        const a = defineAbilityFor(actor(role));
        expect(a.can('read', subject('Dataset', dataset(OWN)), 'rowCount')).toBe(true);
        expect(a.can('read', subject('Dataset', dataset(OWN)), 'qualityReport')).toBe(true);
        const shared = subject('Dataset', dataset(OTHER, [OWN]));
        expect(a.can('read', shared, 'name')).toBe(true);
        expect(a.can('read', shared, 'columns')).toBe(true);
        expect(a.can('read', shared, 'rowCount')).toBe(false);
        expect(a.can('read', shared, 'qualityReport')).toBe(false);
      }
      const platformAuditor = defineAbilityFor(actor(Role.PLATFORM_AUDITOR));
      expect(platformAuditor.can('read', subject('Dataset', dataset(OTHER)), 'name')).toBe(true);
      expect(platformAuditor.can('read', subject('Dataset', dataset(OTHER)), 'rowCount')).toBe(false);
    });
    it("never lets anyone read a token's secret, not even the platform admin or the token's owner", () => {
      for (const roles of [[Role.PLATFORM_ADMIN], [Role.ORG_ADMIN], [Role.ANALYST]]) {
        const a = defineAbilityFor(actor(...roles));
        const mine = subject('ApiToken', token(OWN, roles, ME));
        expect(a.can('read', mine)).toBe(true);
        expect(a.can('read', mine, 'prefix')).toBe(true);
        expect(a.can('read', mine, 'secret')).toBe(false);
        expect(a.can('read', mine, 'secretHash')).toBe(false);
      }
    });
  });
});
