import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { Role } from '../organizations/role';
import { defineAbilityFor } from './ability';
import type { Actor } from './actor';
import { arrayColumn, rulesToSql } from './rules-to-sql';
import type { AppAbility } from './subjects';

const OWN = '00000000-0000-4000-8000-00000000000a';
const ME = '00000000-0000-4000-8000-000000000001';
const actor = (...roles: Role[]): Actor => ({ userId: ME, organizationId: OWN, email: 'me@example.test', roles, tokenId: 't', tokenSelector: 's' });

const USER_SQL = { id: 'u.id', organizationId: 'u.organization_id', roles: arrayColumn('u.roles') };

function build(define: (b: AbilityBuilder<AppAbility>) => void): AppAbility {
  const b = new AbilityBuilder<AppAbility>(createMongoAbility);
  define(b);
  return b.build();
}

describe('rulesToSql', () => {
  it('returns null when no rule allows anything: the caller returns no rows', () => {
    expect(rulesToSql(defineAbilityFor(null), 'read', 'User', USER_SQL)).toBeNull();
    expect(rulesToSql(defineAbilityFor(actor(Role.ANALYST)), 'read', 'AuditEvent', {})).toBeNull();
    expect(rulesToSql(defineAbilityFor(actor(Role.ANALYST)), 'disable', 'User', USER_SQL)).toBeNull();
  });

  it('turns an unconditional grant into TRUE', () => {
    expect(rulesToSql(defineAbilityFor(actor(Role.PLATFORM_ADMIN)), 'read', 'User', USER_SQL)).toEqual({ sql: 'TRUE', params: {} });
  });

  it('ORs the grants, with every value a bind parameter', () => {
    const c = rulesToSql(defineAbilityFor(actor(Role.AUDITOR)), 'read', 'User', USER_SQL)!;
    expect(c.sql).toBe('(u.organization_id = :casl_0 OR u.id = :casl_1)');
    expect(c.params).toEqual({ casl_0: OWN, casl_1: ME });
  });

  it('keeps the platform-role boundary of an org admin in SQL (array columns)', () => {
    const c = rulesToSql(defineAbilityFor(actor(Role.ORG_ADMIN)), 'disable', 'User', USER_SQL)!;
    expect(c.sql).toBe('(u.organization_id = :casl_0 AND (NOT (u.roles && CAST(:casl_1 AS text[]))))');
    expect(c.params).toEqual({ casl_0: OWN, casl_1: ['PLATFORM_ADMIN', 'PLATFORM_AUDITOR'] });
  });

  it('translates comparison, list and negated conditions', () => {
    const ability = build(({ can, cannot }) => {
      can('read', 'Agreement', { ownerOrganizationId: { $in: ['a', 'b'] }, datasetId: { $ne: 'x' } });
      can('read', 'Agreement', { partnerOrganizationId: { $in: [] } });
      cannot('read', 'Agreement', { id: 'hidden' });
    });
    const c = rulesToSql(ability, 'read', 'Agreement', {
      id: 'a.id',
      datasetId: 'a.dataset_id',
      ownerOrganizationId: 'a.owner_organization_id',
      partnerOrganizationId: 'a.partner_organization_id',
    })!;
    expect(c.sql).toContain('a.owner_organization_id IN (:...casl_');
    expect(c.sql).toContain('a.dataset_id <> :casl_');
    expect(c.sql).toContain('FALSE');
    expect(c.sql).toMatch(/NOT \(?a\.id = :casl_\d\)?/);
    expect(Object.values(c.params)).toEqual(expect.arrayContaining([['a', 'b'], 'x', 'hidden']));
    expect(c.sql).not.toContain("'");
  });

  it('lets a field build its own predicate (fields that live in another table)', () => {
    const ability = build(({ can }) => can('read', 'Dataset', { partnerOrganizationIds: OWN }));
    const c = rulesToSql(ability, 'read', 'Dataset', {
      partnerOrganizationIds: (op, p) => `EXISTS (SELECT 1 FROM agreements g WHERE g.dataset_id = d.id AND g.partner_organization_id = :${p})`,
    })!;
    expect(c.sql).toBe('(EXISTS (SELECT 1 FROM agreements g WHERE g.dataset_id = d.id AND g.partner_organization_id = :casl_0))');
    expect(c.params).toEqual({ casl_0: OWN });
  });

  it('throws on a field without a mapping, so a new rule can never silently widen a list', () => {
    expect(() => rulesToSql(defineAbilityFor(actor(Role.AUDITOR)), 'read', 'User', { id: 'u.id' })).toThrow(/no SQL mapping for User.organizationId/);
  });

  it('throws on an operator it cannot translate', () => {
    const ability = build(({ can }) => can('read', 'Organization', { id: { $regex: '^a' } } as never));
    expect(() => rulesToSql(ability, 'read', 'Organization', { id: 'o.id' })).toThrow(/no SQL for operator/);
  });

  it('uses its own parameter prefix so that two conditions can share one query', () => {
    const c = rulesToSql(defineAbilityFor(actor(Role.ANALYST)), 'read', 'User', USER_SQL, 'usr')!;
    expect(c).toEqual({ sql: 'u.id = :usr_0', params: { usr_0: ME } });
  });
});
