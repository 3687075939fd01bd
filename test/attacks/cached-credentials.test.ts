import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createOrganization, createUser } from '../support/fixtures';
import { Role } from '../../src/organizations/role';

/**
 * Authentications are cached for a few seconds (PARLEY_AUTH_CACHE_MS). The attack: keep using a
 * token after its revocation, after its user was disabled, or with roles its user just lost,
 * hoping the cache still vouches for it. Every one is refused on the very next request, and while
 * a token is in the cache a wrong secret with its selector never passes.
 */
let t: TestApp;
let org: string;

const ME = '{ me { id roles } }';
const TOKENS = '{ apiTokens { id } }';

beforeAll(async () => {
  // A long cache, so that only the invalidation can explain a refusal within the test.
  t = await startTestApp({ PARLEY_AUTH_CACHE_MS: '60000' });
  org = await createOrganization(t, 'cache-org');
});
afterAll(() => t.close());

/** Used twice, so the second request was served from the cache. */
async function warm(token: string): Promise<void> {
  ok(await t.gql(ME, {}, token));
  ok(await t.gql(ME, {}, token));
}

describe('cached authentication', () => {
  it('refuses a revoked token on the next request', async () => {
    const user = await createUser(t, org, 'revoked@example.test', [Role.ANALYST]);
    await warm(user.token);
    const [token] = ok<{ apiTokens: { id: string }[] }>(await t.gql(TOKENS, {}, user.token)).apiTokens;
    ok(await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: token!.id }));
    expect(codeOf(await t.gql(ME, {}, user.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(ME, {}, user.token))).toBe('UNAUTHENTICATED');
  });

  it('refuses the token of a disabled user on the next request', async () => {
    const user = await createUser(t, org, 'disabled@example.test', [Role.ANALYST]);
    await warm(user.token);
    ok(await t.gql('mutation($u: ID!) { disableUser(userId: $u) { id } }', { u: user.id }));
    expect(codeOf(await t.gql(ME, {}, user.token))).toBe('UNAUTHENTICATED');
  });

  it('applies a change of roles on the next request', async () => {
    const user = await createUser(t, org, 'demoted@example.test', [Role.ORG_ADMIN]);
    await warm(user.token);
    // As ORG_ADMIN the user may list the organization's users; as ANALYST not beyond itself.
    const before = ok<{ users: { id: string }[] }>(await t.gql('{ users { id } }', {}, user.token)).users;
    expect(before.length).toBeGreaterThan(1);
    ok(await t.gql('mutation($u: ID!, $r: [Role!]!) { setUserRoles(userId: $u, roles: $r) { id } }', { u: user.id, r: [Role.ANALYST] }));
    expect(ok<{ me: { roles: string[] } }>(await t.gql(ME, {}, user.token)).me.roles).toEqual([Role.ANALYST]);
    const after = ok<{ users: { id: string }[] }>(await t.gql('{ users { id } }', {}, user.token)).users;
    expect(after.length).toBeLessThan(before.length);
  });

  it('never accepts a wrong secret under the selector of a cached token', async () => {
    const user = await createUser(t, org, 'cached@example.test', [Role.ANALYST]);
    await warm(user.token);
    const last = user.token.at(-1) === 'a' ? 'b' : 'a';
    expect(codeOf(await t.gql(ME, {}, user.token.slice(0, -1) + last))).toBe('UNAUTHENTICATED');
    ok(await t.gql(ME, {}, user.token));
  });
});
