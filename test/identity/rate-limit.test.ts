import { request } from 'node:http';
import type { Actor } from '../../src/auth/actor';
import { Guard } from '../../src/auth/guard';
import { Role } from '../../src/organizations/role';
import { codeOf, startTestApp, type GqlResult, type TestApp } from '../support/test-app';

const ME = '{ me { id } }';

/** Fixtures go through the services as the platform admin, so that they spend none of its operations. */
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

async function userWithToken(t: TestApp, guard: Guard, org: string, email: string): Promise<{ id: string; token: string; selector: string }> {
  const user = await t.services.users.create(guard, org, email, [Role.ANALYST]);
  const issued = await t.services.apiTokens.issue(guard, 'rate', user.id, null);
  return { id: user.id, token: issued.token, selector: issued.apiToken.selector };
}

/** A GraphQL POST from a chosen loopback source address (all of 127.0.0.0/8 is local on Linux). */
function postFrom(t: TestApp, localAddress: string, query: string, token?: string): Promise<GqlResult> {
  const url = new URL(`${t.url}/graphql`);
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ ...JSON.parse(Buffer.concat(chunks).toString('utf8')), status: res.statusCode! }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function times<T>(n: number, f: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

describe('rate limiting (PARLEY_RATE_LIMIT_POINTS=5)', () => {
  let t: TestApp;
  let guard: Guard;
  let org: string;

  beforeAll(async () => {
    t = await startTestApp({ PARLEY_RATE_LIMIT_POINTS: '5' });
    guard = await adminGuard(t);
    org = (await t.services.organizations.create(guard, 'Rate', 'rate-org')).id;
  });
  afterAll(() => t.close());

  it('refuses the 6th operation of a token with RATE_LIMITED, and only for that token', async () => {
    const a = await userWithToken(t, guard, org, 'a@rate.test');
    const b = await userWithToken(t, guard, org, 'b@rate.test');
    const first = await times(5, () => t.gql(ME, {}, a.token));
    expect(first.map(codeOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const sixth = await t.gql(ME, {}, a.token);
    expect(codeOf(sixth)).toBe('RATE_LIMITED');
    expect(sixth.status).toBe(429);
    expect(sixth.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(sixth.errors![0]!.extensions).not.toHaveProperty('http');
    const raw = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ query: ME }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(codeOf(await t.gql(ME, {}, b.token))).toBeUndefined();
  });

  it('audits RATE_LIMITED refusals with the actor and the token selector, repeats as one counted event', async () => {
    const c = await userWithToken(t, guard, org, 'c@rate.test');
    await times(7, () => t.gql(ME, {}, c.token));
    const rows = await t.services.dataSource.query(
      `SELECT action, outcome, details FROM audit_events WHERE action = 'RATE_LIMITED' AND actor_id = $1 ORDER BY seq`,
      [c.id],
    );
    // The two refusals are identical: the first is written at once, the repeat is counted in its window.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'DENIED', details: { code: 'RATE_LIMITED', operation: 'me', tokenSelector: c.selector } });
    await t.services.refusals.flush();
    const all = await t.services.dataSource.query(`SELECT details FROM audit_events WHERE action = 'RATE_LIMITED' AND actor_id = $1 ORDER BY seq`, [c.id]);
    expect(all.map((r: { details: { count?: number } }) => r.details.count ?? 1)).toEqual([1, 1]);
    expect(all[1].details).toMatchObject({ collapsed: true, operation: 'me', tokenSelector: c.selector });
    expect(JSON.stringify(all)).not.toContain(c.token.slice(22));
  });

  it('counts GraphQL operations, not root fields, and not requests that never became an operation', async () => {
    const d = await userWithToken(t, guard, org, 'd@rate.test');
    for (const broken of ['{ me { id ', '{ me { nope } }', '{ me { id } }  query Other { me { id } }']) {
      expect(codeOf(await t.gql(broken, {}, d.token))).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$|^BAD_REQUEST$/);
    }
    const wide = '{ a: me { id } b: me { email } organizations { id } }';
    const five = await times(5, () => t.gql(wide, {}, d.token));
    expect(five.map(codeOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(codeOf(await t.gql(ME, {}, d.token))).toBe('RATE_LIMITED');
  });

  it('limits calls without a valid token per client address', async () => {
    const health = await times(5, () => postFrom(t, '127.0.0.2', '{ health }'));
    expect(health.map(codeOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(codeOf(await postFrom(t, '127.0.0.2', '{ health }'))).toBe('RATE_LIMITED');
    // Another address is counted on its own.
    expect(codeOf(await postFrom(t, '127.0.0.3', '{ health }'))).toBeUndefined();
    // A bad token is no way around it: it counts against the address.
    const guesses = await times(5, () => postFrom(t, '127.0.0.4', ME, 'prl_0123456789abcdef_' + 'A'.repeat(43)));
    expect(guesses.map(codeOf)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codeOf(await postFrom(t, '127.0.0.4', ME, 'prl_0123456789abcdef_' + 'B'.repeat(43)))).toBe('RATE_LIMITED');
    // A valid token from an exhausted address is counted per token, not per address.
    const e = await userWithToken(t, guard, org, 'e@rate.test');
    expect(codeOf(await postFrom(t, '127.0.0.2', ME, e.token))).toBeUndefined();
  });
});

describe('rate limiting window (PARLEY_RATE_LIMIT_WINDOW_SECONDS=1)', () => {
  it('allows a token again once its window has passed', async () => {
    const t = await startTestApp({ PARLEY_RATE_LIMIT_POINTS: '2', PARLEY_RATE_LIMIT_WINDOW_SECONDS: '1' });
    try {
      const guard = await adminGuard(t);
      const org = (await t.services.organizations.create(guard, 'Window', 'window-org')).id;
      const u = await userWithToken(t, guard, org, 'w@rate.test');
      expect((await times(3, () => t.gql(ME, {}, u.token))).map(codeOf)).toEqual([undefined, undefined, 'RATE_LIMITED']);
      await new Promise((r) => setTimeout(r, 1100));
      expect(codeOf(await t.gql(ME, {}, u.token))).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
