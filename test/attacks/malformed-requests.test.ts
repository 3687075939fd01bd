import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('malformed requests get a JSON 400, never a 500 or silence', () => {
  it('a path that is not valid percent-encoded UTF-8', async () => {
    const res = await fetch(`${t.url}/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('BAD_USER_INPUT');
  });

  it('a NUL in a GraphQL variable', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($id: ID!) { dataset(id: $id) { id } }', variables: { id: 'a\u0000b' } }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
