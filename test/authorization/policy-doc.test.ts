import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineAbilityFor, subject } from '../../src/auth/ability';
import type { Actor } from '../../src/auth/actor';
import type { Action, AppAbility, Subjects, SubjectType } from '../../src/auth/subjects';
import { DATASET_OWNER_ONLY_FIELDS } from '../../src/auth/subjects';
import { ALL_ROLES, PLATFORM_ROLES, Role } from '../../src/organizations/role';

/*
 * docs/authorization.md and the code cannot drift apart: every row of the policy table must hold
 * for defineAbilityFor, and everything defineAbilityFor grants on a set of probe objects must be
 * explained by a row. The probes cover each condition's true and false side.
 */

const OWN = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const THIRD = '00000000-0000-4000-8000-00000000000c';
const ME = '00000000-0000-4000-8000-000000000001';
const COLLEAGUE = '00000000-0000-4000-8000-000000000002';
const STRANGER = '00000000-0000-4000-8000-000000000003';

interface PolicyRow {
  roles: Role[];
  actions: string[];
  subject: SubjectType;
  condition: string;
  fields: 'all' | 'public';
}

function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/authorization.md has no "${heading}" section`);
  const rows: string[][] = [];
  let seenTable = false;
  for (const line of markdown.slice(start + heading.length + 2).split('\n')) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) {
      if (seenTable) break;
      continue;
    }
    seenTable = true;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, '')));
  }
  return rows.slice(2); // header and separator
}

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'authorization.md'), 'utf8');
const policy: PolicyRow[] = tableAfter(doc, '## Policy').map(([role, actions, subj, condition, fields]) => ({
  roles: role === 'every signed-in user' ? [...ALL_ROLES] : [role as Role],
  actions: actions!.split(',').map((a) => a.trim()),
  subject: subj as SubjectType,
  condition: condition!,
  fields: fields as 'all' | 'public',
}));
const never = tableAfter(doc, '### Never').map(([subj, fields]) => ({ subject: subj as SubjectType, fields: fields!.split(',').map((f) => f.trim()) }));

const hasPlatformRole = (roles: readonly Role[]) => roles.some((r) => PLATFORM_ROLES.includes(r));

/** The condition vocabulary of the document, as predicates over probe objects. */
const CONDITIONS: Record<string, (type: SubjectType, o: any) => boolean> = {
  any: () => true,
  self: (type, o) => (type === 'User' ? o.id === ME : type === 'ApiToken' ? o.userId === ME : unknownFor('self', type)),
  'own organization': (type, o) => ownOrganization(type, o),
  'own organization, no platform role': (type, o) =>
    ownOrganization(type, o) && !hasPlatformRole(type === 'ApiToken' ? o.userRoles : type === 'User' ? o.roles : unknownFor('no platform role', type)),
  'shared with own organization': (type, o) => (type === 'Dataset' ? o.partnerOrganizationIds.includes(OWN) : unknownFor('shared', type)),
  'partner is own organization': (type, o) =>
    type === 'Agreement' || type === 'SyntheticDataset' ? o.partnerOrganizationId === OWN : unknownFor('partner', type),
  'actor in own organization': (type, o) => (type === 'AuditEvent' ? o.actorOrganizationId === OWN : unknownFor('actor', type)),
  'resource of own organization': (type, o) => (type === 'AuditEvent' ? o.resourceOrganizationId === OWN : unknownFor('resource', type)),
};

function ownOrganization(type: SubjectType, o: any): boolean {
  if (type === 'User' || type === 'ApiToken') return o.organizationId === OWN;
  if (type === 'Dataset' || type === 'Agreement' || type === 'SyntheticDataset') return o.ownerOrganizationId === OWN;
  if (type === 'FederationPeer') return o.organizationId === OWN;
  return unknownFor('own organization', type);
}

function unknownFor(condition: string, type: SubjectType): never {
  throw new Error(`the condition "${condition}" means nothing for ${type}`);
}

/** Objects on both sides of every condition, as seen by a caller with `roles`. */
function probes(type: SubjectType, roles: Role[]): { name: string; shape: object }[] {
  const user = (name: string, id: string, organizationId: string, r: readonly Role[]) => ({ name, shape: { id, organizationId, roles: r } });
  const users = [
    user('self', ME, OWN, roles),
    user('colleague', COLLEAGUE, OWN, [Role.ANALYST]),
    user('colleague admin', COLLEAGUE, OWN, [Role.ORG_ADMIN, Role.AUDITOR]),
    user('colleague platform auditor', COLLEAGUE, OWN, [Role.PLATFORM_AUDITOR]),
    user('colleague platform admin', COLLEAGUE, OWN, [Role.ANALYST, Role.PLATFORM_ADMIN]),
    user('stranger', STRANGER, OTHER, [Role.ANALYST]),
    user('stranger platform admin', STRANGER, OTHER, [Role.PLATFORM_ADMIN]),
  ];
  switch (type) {
    case 'Organization':
      return [
        { name: 'own', shape: { id: OWN } },
        { name: 'other', shape: { id: OTHER } },
      ];
    case 'User':
      return users;
    case 'ApiToken':
      return users.map((u) => {
        const s = u.shape as Subjects['User'];
        return { name: `token of ${u.name}`, shape: { id: 'tok', userId: s.id, organizationId: s.organizationId, userRoles: s.roles } };
      });
    case 'Dataset':
      return [
        { name: 'own, unshared', shape: { id: 'd', ownerOrganizationId: OWN, partnerOrganizationIds: [] } },
        { name: 'own, shared', shape: { id: 'd', ownerOrganizationId: OWN, partnerOrganizationIds: [OTHER] } },
        { name: 'shared with us', shape: { id: 'd', ownerOrganizationId: OTHER, partnerOrganizationIds: [OWN, THIRD] } },
        { name: 'foreign, unshared', shape: { id: 'd', ownerOrganizationId: OTHER, partnerOrganizationIds: [] } },
        { name: 'foreign, shared with others', shape: { id: 'd', ownerOrganizationId: OTHER, partnerOrganizationIds: [THIRD] } },
      ];
    case 'Agreement':
      return [
        { name: 'we share', shape: { id: 'a', datasetId: 'd', ownerOrganizationId: OWN, partnerOrganizationId: OTHER } },
        { name: 'shared with us', shape: { id: 'a', datasetId: 'd', ownerOrganizationId: OTHER, partnerOrganizationId: OWN } },
        { name: 'between others', shape: { id: 'a', datasetId: 'd', ownerOrganizationId: OTHER, partnerOrganizationId: THIRD } },
      ];
    case 'SyntheticDataset':
      return [
        { name: 'made from our data', shape: { id: 's', agreementId: 'a', ownerOrganizationId: OWN, partnerOrganizationId: OTHER } },
        { name: 'made by us', shape: { id: 's', agreementId: 'a', ownerOrganizationId: OTHER, partnerOrganizationId: OWN } },
        { name: 'between others', shape: { id: 's', agreementId: 'a', ownerOrganizationId: OTHER, partnerOrganizationId: THIRD } },
      ];
    case 'AuditEvent': {
      const ev = (a: string | null, r: string | null) => ({ name: `actor ${a ?? 'none'}, resource ${r ?? 'none'}`, shape: { actorOrganizationId: a, resourceOrganizationId: r } });
      return [ev(OWN, OWN), ev(OWN, OTHER), ev(OTHER, OWN), ev(OTHER, OTHER), ev(null, null), ev(null, OWN)];
    }
    case 'AuditTrail':
      return [{ name: 'the trail', shape: {} }];
    case 'FederationPeer':
      return [
        { name: 'own peer', shape: { id: 'p', organizationId: OWN } },
        { name: 'other organization’s peer', shape: { id: 'p', organizationId: OTHER } },
      ];
  }
}

function actorWith(roles: Role[]): Actor {
  return { userId: ME, organizationId: OWN, email: 'me@example.test', roles, tokenId: 't', tokenSelector: 's' };
}

/** Every action and subject the code knows of (from the rules themselves) or the document names. */
function universe(): { actions: string[]; subjects: SubjectType[] } {
  const all = defineAbilityFor(actorWith([...ALL_ROLES]));
  const actions = new Set<string>(policy.flatMap((r) => r.actions));
  const subjects = new Set<string>(policy.map((r) => r.subject));
  for (const rule of all.rules) {
    for (const a of [rule.action].flat()) actions.add(a);
    for (const s of [rule.subject].flat()) if (s) subjects.add(s as string);
  }
  return { actions: [...actions], subjects: [...subjects] as SubjectType[] };
}

function check(ability: AppAbility, roles: Role[], label: string): string[] {
  const { actions, subjects } = universe();
  const problems: string[] = [];
  for (const type of subjects) {
    for (const probe of probes(type, roles)) {
      const target = subject(type, probe.shape as Subjects[typeof type]);
      for (const action of actions) {
        const rows = policy.filter(
          (r) =>
            roles.some((role) => r.roles.includes(role)) &&
            r.subject === type &&
            (r.actions.includes(action) || r.actions.includes('manage')) &&
            CONDITIONS[r.condition]!(type, probe.shape),
        );
        const where = `${label} ${action} ${type} (${probe.name})`;
        const can = ability.can(action as Action, target);
        if (can !== rows.length > 0) problems.push(`${where}: code says ${can ? 'allowed' : 'denied'}, document says ${rows.length ? 'allowed' : 'denied'}`);
        if (type === 'Dataset' && action === 'read') {
          const allFields = rows.some((r) => r.fields === 'all');
          for (const field of DATASET_OWNER_ONLY_FIELDS) {
            if (ability.can('read', target, field) !== allFields) problems.push(`${where}.${field}: code and document disagree`);
          }
        }
      }
      for (const n of never.filter((x) => x.subject === type)) {
        for (const field of n.fields) if (ability.can('read', target, field)) problems.push(`${label} may read ${type}.${field}`);
      }
    }
  }
  return problems;
}

describe('docs/authorization.md', () => {
  it('parses into a policy table with known conditions, subjects and fields', () => {
    expect(policy.length).toBeGreaterThan(20);
    for (const row of policy) {
      expect(Object.keys(CONDITIONS)).toContain(row.condition);
      expect(['all', 'public']).toContain(row.fields);
      for (const role of row.roles) expect(ALL_ROLES).toContain(role);
    }
    expect(never).toEqual([{ subject: 'ApiToken', fields: ['secret', 'secretHash'] }]);
  });

  it('names every subject the rules know of', () => {
    const documented = new Set(policy.map((r) => r.subject));
    for (const type of universe().subjects) expect({ type, documented: documented.has(type) }).toEqual({ type, documented: true });
  });

  it.each(ALL_ROLES.map((r) => [r]))('matches defineAbilityFor for %s, row by row and probe by probe', (role) => {
    expect(check(defineAbilityFor(actorWith([role])), [role], role)).toEqual([]);
  });

  it('matches for a caller without a token: nothing at all', () => {
    expect(check(defineAbilityFor(null), [], 'anonymous')).toEqual([]);
  });

  it('matches for combined roles: their rows add up', () => {
    for (const roles of [
      [Role.ORG_ADMIN, Role.PLATFORM_AUDITOR],
      [Role.ANALYST, Role.AUDITOR],
      [Role.ORG_ADMIN, Role.ANALYST, Role.AUDITOR],
      [Role.PLATFORM_ADMIN, Role.ORG_ADMIN],
    ]) {
      expect(check(defineAbilityFor(actorWith(roles)), roles, roles.join('+'))).toEqual([]);
    }
  });
});
