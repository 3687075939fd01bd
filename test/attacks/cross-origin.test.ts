// Attacks from a hostile web page against a signed-in user's browser: each test performs the
// request such a page can make and fails if the server lets it through.
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app';

const ALLOWED = 'https://app.example.org';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ PARLEY_CORS_ORIGINS: ALLOWED });
});
afterAll(() => t.close());

async function slugs(): Promise<string[]> {
  const res = await t.gql<{ organizations: { slug: string }[] }>('{ organizations { slug } }');
  return res.data!.organizations.map((o) => o.slug);
}

describe('cross-origin attacks', () => {
  it('a form-style POST (text/plain, no preflight) cannot run a mutation', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example.com' },
      body: JSON.stringify({ query: 'mutation { createOrganization(name: "Evil", slug: "evil-form") { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(await slugs()).not.toContain('evil-form');
  });

  it('an <img>/<script>-style GET without a preflight header is refused, even for a query', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ organizations { id } }')}`, { headers: { origin: 'https://evil.example.com' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each(['https://evil.example.com', 'https://app.example.org.evil.com', 'http://app.example.org', 'null'])(
    'origin %s is not allowed to read answers or to send Authorization cross-origin',
    async (origin) => {
      const pre = await fetch(`${t.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-headers')).toBeNull();
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ query: '{ me { email } }' }),
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    },
  );
});
