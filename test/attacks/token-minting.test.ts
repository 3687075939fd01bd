import type { Actor } from '../../src/auth/actor';
import { Guard } from '../../src/auth/guard';
import { Role } from '../../src/organizations/role';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';

const ISSUE = 'mutation { issueApiToken(name: "more") { token apiToken { id } } }';
const REVOKE = 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }';
const ME = '{ me { id } }';

/** Fixtures go through the services as the platform admin, so that they spend none of the counted operations. */
async function adminGuard(t: TestApp): Promise<Guard> {
  const [admin] = await t.services.dataSource.query(`SELECT id, organization_id, email, roles FROM users WHERE email = 'admin@localhost'`);
  const actor: Actor = {
    userId: admin.id,
    organizationId: admin.organization_id,
    email: admin.email,
    roles: admin.roles,
    tokenId: '00000000-0000-0000-0000-000000000000',
    tokenSelector: 'test',
  };
  return Guard.for(actor);
}

async function userWithToken(t: TestApp, guard: Guard, org: string, email: string): Promise<{ id: string; token: string }> {
  const user = await t.services.users.create(guard, org, email, [Role.ANALYST]);
  const issued = await t.services.apiTokens.issue(guard, 'first', user.id, null);
  return { id: user.id, token: issued.token };
}

async function mint(t: TestApp, as: string): Promise<{ token: string; id: string }> {
  const data = ok<{ issueApiToken: { token: string; apiToken: { id: string } } }>(await t.gql(ISSUE, {}, as));
  return { token: data.issueApiToken.token, id: data.issueApiToken.apiToken.id };
}

describe('attack: minting tokens to get around the rate limit', () => {
  let t: TestApp;
  let guard: Guard;
  let org: string;
  let other: string;

  beforeAll(async () => {
    t = await startTestApp({ PARLEY_RATE_LIMIT_POINTS: '6', PARLEY_ORG_RATE_LIMIT_POINTS: '10', PARLEY_MAX_TOKENS_PER_USER: '3' });
    guard = await adminGuard(t);
    org = (await t.services.organizations.create(guard, 'Mint', 'mint-org')).id;
    other = (await t.services.organizations.create(guard, 'Other', 'mint-other')).id;
  });
  afterAll(() => t.close());

  it('counts operations per user, whichever of its tokens they use', async () => {
    const u = await userWithToken(t, guard, org, 'u@mint.test');
    const a = await mint(t, u.token); // operation 1
    const b = await mint(t, u.token); // operation 2
    const codes = [];
    for (const token of [u.token, a.token, b.token, u.token, a.token]) codes.push(codeOf(await t.gql(ME, {}, token)));
    expect(codes).toEqual([undefined, undefined, undefined, undefined, 'RATE_LIMITED']);
    expect(codeOf(await t.gql(ME, {}, b.token))).toBe('RATE_LIMITED');
  });

  it('counts operations per organization, and leaves other organizations alone', async () => {
    const v = await userWithToken(t, guard, org, 'v@mint.test');
    // u spent 6 of the organization's 10: v has 4 left.
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(codeOf(await t.gql(ME, {}, v.token)));
    expect(codes).toEqual([undefined, undefined, undefined, undefined, 'RATE_LIMITED']);
    const w = await userWithToken(t, guard, other, 'w@mint.test');
    expect(codeOf(await t.gql(ME, {}, w.token))).toBeUndefined();
  });

  it('caps the active tokens of a user; revoking one makes room', async () => {
    const x = await userWithToken(t, guard, other, 'x@mint.test');
    const second = await mint(t, x.token);
    await mint(t, x.token);
    const fourth = await t.gql(ISSUE, {}, x.token);
    expect(codeOf(fourth)).toBe('BAD_USER_INPUT');
    expect(fourth.errors![0]!.message).toMatch(/3 active tokens/);
    ok(await t.gql(REVOKE, { id: second.id }, x.token));
    expect(codeOf(await t.gql(ISSUE, {}, x.token))).toBeUndefined();
  });
});

describe('issueApiToken rate limit (PARLEY_TOKEN_ISSUE_LIMIT=3)', () => {
  it('refuses the 4th issue of a caller within the hour with RATE_LIMITED', async () => {
    const t = await startTestApp({ PARLEY_TOKEN_ISSUE_LIMIT: '3' });
    try {
      const guard = await adminGuard(t);
      const org = (await t.services.organizations.create(guard, 'Issue', 'issue-org')).id;
      const user = await t.services.users.create(guard, org, 'i@issue.test', [Role.ANALYST]);
      // Counted per caller: the admin's issue of the first token is not the user's.
      const first = await t.services.apiTokens.issue(guard, 'first', user.id, null);
      await mint(t, first.token);
      await mint(t, first.token);
      await mint(t, first.token);
      const res = await t.gql(ISSUE, {}, first.token);
      expect(codeOf(res)).toBe('RATE_LIMITED');
      expect(res.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
      const [{ n }] = await t.services.dataSource.query('SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1', [user.id]);
      expect(n).toBe(4);
    } finally {
      await t.close();
    }
  });
});
