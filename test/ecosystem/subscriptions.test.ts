import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('subscriptions over POST', () => {
  it.each([
    ['anonymous', 'subscription { budgetChanged { epsilonRemaining } }'],
    ['named', 'subscription Watch { ingestProgress(datasetId: "x") { rows } }'],
    ['chosen by operationName', 'query A { health } subscription B { anything }'],
  ])('a %s subscription is answered with a clear BAD_REQUEST, never an internal error', async (_, query) => {
    const operationName = query.includes('subscription B') ? 'B' : undefined;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query, operationName }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/subscriptions are not supported/i);
    expect(JSON.stringify(body)).not.toMatch(/internal/i);
  });

  it('leaves the query of the same document alone when it is the one chosen', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: 'query A { health } subscription B { anything }', operationName: 'A' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { health: 'ok' } });
  });
});
