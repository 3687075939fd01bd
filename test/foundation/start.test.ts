import { ADMIN_TOKEN, codeOf, ok, startTestApp, type TestApp } from '../support/test-app';

describe('a started server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers health without a token', async () => {
    expect(ok(await t.gql('{ health }', {}, null))).toEqual({ health: 'ok' });
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('is ready once migrated', async () => {
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it('knows the bootstrap admin by its token', async () => {
    const data = ok<{ me: { email: string; roles: string[]; organization: { slug: string } } }>(
      await t.gql('{ me { email roles organization { slug } } }'),
    );
    expect(data.me).toEqual({ email: 'admin@localhost', roles: ['PLATFORM_ADMIN'], organization: { slug: 'platform' } });
  });

  it('refuses a missing or unknown token with UNAUTHENTICATED and no internals', async () => {
    const missing = await t.gql('{ me { id } }', {}, null);
    expect(codeOf(missing)).toBe('UNAUTHENTICATED');
    const unknown = await t.gql('{ me { id } }', {}, ADMIN_TOKEN + 'x');
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(unknown)).not.toMatch(/stack|SELECT|at /);
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const res = await fetch(`${t.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });

  it('refuses a body over 16 MB with 413', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health }', padding: 'x'.repeat(16 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});
