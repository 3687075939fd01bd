import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app';

const ALLOWED = 'https://app.example.org';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ PARLEY_CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
});
afterAll(() => t.close());

const getQuery = (query: string, headers: Record<string, string>) =>
  fetch(`${t.url}/graphql?query=${encodeURIComponent(query)}`, { headers });

describe('CSRF prevention accepts what standard clients send', () => {
  it('a GET query with a bearer token and no other header runs (urql / graphql-request defaults)', async () => {
    const res = await getQuery('{ me { email } }', { authorization: `Bearer ${ADMIN_TOKEN}`, accept: 'application/graphql-response+json, application/json' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.me.email).toBe('admin@localhost');
  });

  it('a GET without Authorization or a preflight header is still refused as a possible CSRF', async () => {
    const res = await getQuery('{ health }', {});
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('a mutation over GET is refused even with a token', async () => {
    const res = await getQuery('mutation { createOrganization(name: "X", slug: "via-get") { id } }', { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(405);
    const list = await t.gql<{ organizations: { slug: string }[] }>('{ organizations { slug } }');
    expect(list.data!.organizations.map((o) => o.slug)).not.toContain('via-get');
  });
});

describe('CORS allow-list (PARLEY_CORS_ORIGINS)', () => {
  const preflight = (origin: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('answers a preflight of an allowed origin with 204 and the Access-Control headers', async () => {
    const res = await preflight(ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives a request from an allowed origin its Access-Control-Allow-Origin', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('gives any other origin no CORS header at all', async () => {
    const pre = await preflight('https://evil.example.com');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://app.example.org.evil.com', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health }' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
