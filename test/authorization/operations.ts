import { Role } from '../../src/organizations/role';
import type { TestUser } from '../support/fixtures';
import { createUser } from '../support/fixtures';
import { ok } from '../support/test-app';
import { grid, type CaseContext, type Operation } from './operation-table';
import { freshUser, orgOf, unique, type World } from './world';
import { DATA_OPERATIONS } from './data-operations';
import { SYNTHETIC_OPERATIONS } from './synthetic-operations';
import { FEDERATION_OPERATIONS } from './federation-operations';

/*
 * The operation catalogue of the authorization matrix. Each entry is one contract operation with
 * its document, how to build a case's variables, and the outcome grid (caller role × the object's
 * relation to the caller). A new operation is covered by adding an entry here (or to
 * data-operations.ts), nothing else.
 */

/** The user a case is about: the caller itself for `self`, else the standing target. */
function standingTarget({ world, caller, relation }: CaseContext): TestUser {
  if (relation === 'self') return caller === 'anonymous' ? world.targets.own : world.callers[caller];
  return world.targets[relation as keyof World['targets']];
}

/**
 * A new user for a case that changes its target. For `self` that is a new caller with the same role
 * (its standing user must not change under the other cases), and the case calls with its token.
 */
async function freshTarget(ctx: CaseContext): Promise<{ user: TestUser; token: string | null }> {
  if (ctx.relation === 'self') {
    if (ctx.caller === 'anonymous') return { user: ctx.world.targets.own, token: null };
    const user = await createUser(ctx.t, ctx.world.orgs.home, `${unique('self')}@matrix.test`, [ctx.caller]);
    return { user, token: user.token };
  }
  return { user: await freshUser(ctx.t, ctx.world, ctx.relation), token: ctx.token };
}

const USER_FIELDS = 'id email roles disabledAt organization { id slug }';
const TOKEN_FIELDS = 'id name prefix expiresAt revokedAt user { id }';

const IDENTITY_OPERATIONS: Operation[] = [
  {
    name: 'createOrganization',
    document: `mutation($name: String!, $slug: String!) { createOrganization(name: $name, slug: $slug) { id slug } }`,
    prepare: async () => {
      const slug = unique('org');
      return { variables: { name: slug, slug } };
    },
    expected: grid(`
                        none
      PLATFORM_ADMIN    ok
      ORG_ADMIN         FORBIDDEN
      ANALYST           FORBIDDEN
      AUDITOR           FORBIDDEN
      PLATFORM_AUDITOR  FORBIDDEN
    `),
  },
  {
    name: 'createUser',
    document: `mutation($org: ID!, $email: String!, $roles: [Role!]!) { createUser(organizationId: $org, email: $email, roles: $roles) { ${USER_FIELDS} } }`,
    prepare: async ({ world, relation }) => ({
      variables: {
        org: orgOf(world, relation),
        email: `${unique('new')}@matrix.test`,
        roles: relation === 'ownPlatformRole' || relation === 'platform' ? [Role.PLATFORM_AUDITOR] : [Role.ANALYST],
      },
    }),
    expected: grid(`
                        own        ownPlatformRole  partner    outsider   platform
      PLATFORM_ADMIN    ok         ok               ok         ok         ok
      ORG_ADMIN         ok         FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
      ANALYST           FORBIDDEN  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
      AUDITOR           FORBIDDEN  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
      PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
    `),
  },
  {
    name: 'setUserRoles',
    document: `mutation($user: ID!, $roles: [Role!]!) { setUserRoles(userId: $user, roles: $roles) { ${USER_FIELDS} } }`,
    prepare: async (ctx) => {
      const { user, token } = await freshTarget(ctx);
      return { variables: { user: user.id, roles: [Role.ANALYST, Role.AUDITOR] }, token, targetId: user.id };
    },
    check: (data) => expect(data.setUserRoles.roles).toEqual([Role.ANALYST, Role.AUDITOR]),
    expected: grid(`
                        self            own        ownPlatformRole  partner    outsider   platform
      PLATFORM_ADMIN    BAD_USER_INPUT  ok         ok               ok         ok         ok
      ORG_ADMIN         ok              ok         FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      ANALYST           FORBIDDEN       NOT_FOUND  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND
      AUDITOR           FORBIDDEN       FORBIDDEN  FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      PLATFORM_AUDITOR  FORBIDDEN       FORBIDDEN  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
    `),
  },
  {
    name: 'setUserRoles',
    variant: 'granting PLATFORM_ADMIN',
    document: `mutation($user: ID!, $roles: [Role!]!) { setUserRoles(userId: $user, roles: $roles) { id roles } }`,
    prepare: async (ctx) => {
      const { user, token } = await freshTarget(ctx);
      return { variables: { user: user.id, roles: [Role.PLATFORM_ADMIN] }, token };
    },
    expected: grid(`
                        self       own
      PLATFORM_ADMIN    ok         ok
      ORG_ADMIN         FORBIDDEN  FORBIDDEN
      ANALYST           FORBIDDEN  NOT_FOUND
      AUDITOR           FORBIDDEN  FORBIDDEN
      PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN
    `),
  },
  {
    name: 'disableUser',
    document: `mutation($user: ID!) { disableUser(userId: $user) { ${USER_FIELDS} } }`,
    prepare: async (ctx) => {
      const { user, token } = await freshTarget(ctx);
      return { variables: { user: user.id }, token, targetId: user.id };
    },
    check: (data) => expect(data.disableUser.disabledAt).toBeTruthy(),
    expected: grid(`
                        self            own        ownPlatformRole  partner    outsider   platform
      PLATFORM_ADMIN    BAD_USER_INPUT  ok         ok               ok         ok         ok
      ORG_ADMIN         BAD_USER_INPUT  ok         FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      ANALYST           FORBIDDEN       NOT_FOUND  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND
      AUDITOR           FORBIDDEN       FORBIDDEN  FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      PLATFORM_AUDITOR  FORBIDDEN       FORBIDDEN  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
    `),
  },
  {
    name: 'organizations',
    document: '{ organizations { id name slug } }',
    prepare: async ({ world, relation }) => ({ variables: {}, targetId: orgOf(world, relation) }),
    ids: (data) => data.organizations.map((o: { id: string }) => o.id),
    expected: grid(`
                        own     partner  outsider  platform
      PLATFORM_ADMIN    listed  listed   listed    listed
      ORG_ADMIN         listed  listed   listed    listed
      ANALYST           listed  listed   listed    listed
      AUDITOR           listed  listed   listed    listed
      PLATFORM_AUDITOR  listed  listed   listed    listed
    `),
  },
  {
    name: 'users',
    document: `{ users { ${USER_FIELDS} } }`,
    prepare: async (ctx) => ({ variables: {}, targetId: standingTarget(ctx).id }),
    ids: (data) => data.users.map((u: { id: string }) => u.id),
    expected: grid(`
                        self    own     ownPlatformRole  partner  outsider  platform
      PLATFORM_ADMIN    listed  listed  listed           listed   listed    listed
      ORG_ADMIN         listed  listed  listed           hidden   hidden    hidden
      ANALYST           listed  hidden  hidden           hidden   hidden    hidden
      AUDITOR           listed  listed  listed           hidden   hidden    hidden
      PLATFORM_AUDITOR  listed  listed  listed           listed   listed    listed
    `),
  },
  {
    name: 'users',
    variant: 'organizationId of the target',
    document: `query($org: ID) { users(organizationId: $org) { id } }`,
    prepare: async (ctx) => ({ variables: { org: orgOf(ctx.world, ctx.relation) }, targetId: standingTarget(ctx).id }),
    ids: (data) => data.users.map((u: { id: string }) => u.id),
    expected: grid(`
                        own     partner  outsider  platform
      PLATFORM_ADMIN    listed  listed   listed    listed
      ORG_ADMIN         listed  hidden   hidden    hidden
      ANALYST           hidden  hidden   hidden    hidden
      AUDITOR           listed  hidden   hidden    hidden
      PLATFORM_AUDITOR  listed  listed   listed    listed
    `),
  },
  {
    name: 'me',
    document: `{ me { ${USER_FIELDS} } }`,
    prepare: async (ctx) => ({ variables: {}, targetId: standingTarget(ctx).id }),
    check: (data, _ctx, prepared) => expect(data.me.id).toBe(prepared.targetId),
    expected: grid(`
                        self
      PLATFORM_ADMIN    ok
      ORG_ADMIN         ok
      ANALYST           ok
      AUDITOR           ok
      PLATFORM_AUDITOR  ok
    `),
  },
  {
    name: 'issueApiToken',
    document: `mutation($name: String!, $user: ID) { issueApiToken(name: $name, userId: $user) { token apiToken { ${TOKEN_FIELDS} } } }`,
    prepare: async (ctx) => {
      const target = standingTarget(ctx);
      // For `self` the caller names no user: a token for itself.
      return { variables: { name: 'matrix', user: ctx.relation === 'self' ? null : target.id }, targetId: target.id };
    },
    check: (data, _ctx, prepared) => {
      expect(data.issueApiToken.token).toMatch(/^prl_/);
      expect(data.issueApiToken.apiToken.user.id).toBe(prepared.targetId);
    },
    expected: grid(`
                        self  own        ownPlatformRole  partner    outsider   platform
      PLATFORM_ADMIN    ok    ok         ok               ok         ok         ok
      ORG_ADMIN         ok    ok         FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      ANALYST           ok    NOT_FOUND  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND
      AUDITOR           ok    FORBIDDEN  FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      PLATFORM_AUDITOR  ok    FORBIDDEN  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN
    `),
  },
  {
    name: 'revokeApiToken',
    document: `mutation($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`,
    prepare: async (ctx) => {
      // A new token of the target, so that no case revokes a token another case relies on.
      const target = standingTarget(ctx);
      const issued = ok<{ issueApiToken: { apiToken: { id: string } } }>(
        await ctx.t.gql('mutation($u: ID!) { issueApiToken(name: "to-revoke", userId: $u) { apiToken { id } } }', { u: target.id }),
      );
      return { variables: { id: issued.issueApiToken.apiToken.id }, targetId: issued.issueApiToken.apiToken.id };
    },
    check: (data) => expect(data.revokeApiToken.revokedAt).toBeTruthy(),
    expected: grid(`
                        self  own        ownPlatformRole  partner    outsider   platform
      PLATFORM_ADMIN    ok    ok         ok               ok         ok         ok
      ORG_ADMIN         ok    ok         FORBIDDEN        NOT_FOUND  NOT_FOUND  NOT_FOUND
      ANALYST           ok    NOT_FOUND  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND
      AUDITOR           ok    NOT_FOUND  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND
      PLATFORM_AUDITOR  ok    NOT_FOUND  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND
    `),
  },
  {
    name: 'apiTokens',
    document: `{ apiTokens { ${TOKEN_FIELDS} } }`,
    prepare: async (ctx) => {
      const target = standingTarget(ctx);
      // The first token of a standing user is the one the world gave it.
      const [row] = await ctx.t.services.dataSource.query('SELECT id FROM api_tokens WHERE user_id = $1 ORDER BY created_at LIMIT 1', [target.id]);
      return { variables: {}, targetId: row.id };
    },
    ids: (data) => data.apiTokens.map((x: { id: string }) => x.id),
    expected: grid(`
                        self    own     ownPlatformRole  partner  outsider  platform
      PLATFORM_ADMIN    listed  listed  listed           listed   listed    listed
      ORG_ADMIN         listed  listed  listed           hidden   hidden    hidden
      ANALYST           listed  hidden  hidden           hidden   hidden    hidden
      AUDITOR           listed  hidden  hidden           hidden   hidden    hidden
      PLATFORM_AUDITOR  listed  hidden  hidden           hidden   hidden    hidden
    `),
  },
];

export const OPERATIONS: readonly Operation[] = [...IDENTITY_OPERATIONS, ...DATA_OPERATIONS, ...SYNTHETIC_OPERATIONS, ...FEDERATION_OPERATIONS];
