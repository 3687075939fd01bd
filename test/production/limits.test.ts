import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';

describe('abuse limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: health`).join(' ');
    const res = await t.gql(`{ ${aliases} }`);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a flood of tokens', async () => {
    const fields = Array.from({ length: 2500 }, () => 'health').join(' ');
    const res = await t.gql(`{ ${fields} }`);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses an expensive query by cost', async () => {
    const page = 'auditEvents(first: 500) { edges { cursor node { id seq at action outcome details hash prevHash actor { id email } } } }';
    const fields = Array.from({ length: 3 }, (_, i) => `a${i}: ${page}`).join(' ');
    const res = await t.gql(`{ ${fields} }`);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
  });

  it('hides field suggestions', async () => {
    const res = await t.gql('{ helth }');
    expect(res.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ health }' }, { query: '{ health }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('refuses mutations over GET and GETs without a CSRF-safe header', async () => {
    const mutation = await fetch(`${t.url}/graphql?query=${encodeURIComponent('mutation { createOrganization(name: "x", slug: "x") { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
    const csrf = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ health }')}`);
    expect(csrf.status).toBe(400);
  });

  it('stays up after hostile queries', async () => {
    expect(ok(await t.gql('{ health }', {}, null))).toEqual({ health: 'ok' });
  });

  it('serves Prometheus metrics without a token', async () => {
    await t.gql('{ me { id } }');
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/parley_graphql_operations_total\{operation="me",outcome="ok"\} \d+/);
    expect(text).toMatch(/parley_audit_events_written_total/);
    expect(text).toMatch(/parley_db_pool_connections \d+/);
  });
});
