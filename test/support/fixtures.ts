import type { Role } from '../../src/organizations/role';
import type { GqlClient } from './graphql-client';
import { ok } from './test-app';

export interface TestUser {
  id: string;
  organizationId: string;
  token: string;
}

export async function createOrganization(t: GqlClient, slug: string): Promise<string> {
  const data = ok<{ createOrganization: { id: string } }>(
    await t.gql('mutation($n: String!, $s: String!) { createOrganization(name: $n, slug: $s) { id } }', { n: slug.toUpperCase(), s: slug }),
  );
  return data.createOrganization.id;
}

/** A user with the given roles and a token of their own, created by the platform admin. */
export async function createUser(t: GqlClient, organizationId: string, email: string, roles: Role[]): Promise<TestUser> {
  const user = ok<{ createUser: { id: string } }>(
    await t.gql('mutation($o: ID!, $e: String!, $r: [Role!]!) { createUser(organizationId: $o, email: $e, roles: $r) { id } }', {
      o: organizationId,
      e: email,
      r: roles,
    }),
  );
  const issued = ok<{ issueApiToken: { token: string } }>(
    await t.gql('mutation($u: ID!) { issueApiToken(name: "test", userId: $u) { token } }', { u: user.createUser.id }),
  );
  return { id: user.createUser.id, organizationId, token: issued.issueApiToken.token };
}

export interface TwoOrgWorld {
  owner: string;
  partner: string;
  outsider: string;
  users: Record<'ownerAdmin' | 'ownerAnalyst' | 'ownerAuditor' | 'partnerAdmin' | 'partnerAnalyst' | 'partnerAuditor' | 'outsiderAdmin' | 'outsiderAnalyst' | 'outsiderAuditor' | 'platformAuditor', TestUser>;
}

/** Three organizations (data owner, partner, outsider) with one user per role each. */
export async function createWorld(t: GqlClient): Promise<TwoOrgWorld> {
  const owner = await createOrganization(t, 'owner-org');
  const partner = await createOrganization(t, 'partner-org');
  const outsider = await createOrganization(t, 'outsider-org');
  const mk = (org: string, name: string, role: Role) => createUser(t, org, `${name}@example.test`, [role]);
  const users = {
    ownerAdmin: await mk(owner, 'owner-admin', 'ORG_ADMIN' as Role),
    ownerAnalyst: await mk(owner, 'owner-analyst', 'ANALYST' as Role),
    ownerAuditor: await mk(owner, 'owner-auditor', 'AUDITOR' as Role),
    partnerAdmin: await mk(partner, 'partner-admin', 'ORG_ADMIN' as Role),
    partnerAnalyst: await mk(partner, 'partner-analyst', 'ANALYST' as Role),
    partnerAuditor: await mk(partner, 'partner-auditor', 'AUDITOR' as Role),
    outsiderAdmin: await mk(outsider, 'outsider-admin', 'ORG_ADMIN' as Role),
    outsiderAnalyst: await mk(outsider, 'outsider-analyst', 'ANALYST' as Role),
    outsiderAuditor: await mk(outsider, 'outsider-auditor', 'AUDITOR' as Role),
    platformAuditor: await mk(owner, 'platform-auditor', 'PLATFORM_AUDITOR' as Role),
  };
  return { owner, partner, outsider, users };
}
