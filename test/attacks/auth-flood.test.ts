import { startTestApp, type TestApp } from '../support/test-app';
import { graphqlFrom, requestFrom, type RawResponse } from './loopback-client';

const BAD_TOKEN = 'prl_0123456789abcdef_' + 'A'.repeat(43);
const THREADS = 8;
const PER_THREAD = 25;

interface Row {
  action: string;
  details: { count?: number; clientAddress?: string; collapsed?: boolean };
}

async function flood(send: () => Promise<RawResponse>): Promise<RawResponse[]> {
  const threads = Array.from({ length: THREADS }, async () => {
    const out: RawResponse[] = [];
    for (let i = 0; i < PER_THREAD; i++) out.push(await send());
    return out;
  });
  return (await Promise.all(threads)).flat();
}

async function rowsFrom(t: TestApp, address: string): Promise<Row[]> {
  return t.services.dataSource.query(`SELECT action, details FROM audit_events WHERE details->>'clientAddress' = $1 ORDER BY seq`, [address]);
}

const total = (rows: Row[]) => rows.reduce((n, r) => n + (r.details.count ?? 1), 0);

describe('attack: flooding with bad bearer tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PARLEY_AUTH_FAILURE_LIMIT: '5', PARLEY_REFUSAL_COLLAPSE_SECONDS: '600' });
  });
  afterAll(() => t.close());

  it('GraphQL: stops authenticating the address, answers 429 with Retry-After, and writes a bounded, fully counted trail', async () => {
    const address = '127.0.0.21';
    const responses = await flood(() => graphqlFrom(t.url, address, '{ me { id } }', BAD_TOKEN));
    expect(responses).toHaveLength(THREADS * PER_THREAD);
    const limited = responses.filter((r) => r.status === 429);
    // At most the limit plus the requests already in flight when it was reached get authenticated.
    expect(responses.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(5 + THREADS);
    expect(limited.length).toBeGreaterThanOrEqual(THREADS * PER_THREAD - 5 - THREADS);
    for (const r of limited) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(r.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    }
    // While the window is open: one row per kind of refusal, not one per request.
    const open = await rowsFrom(t, address);
    expect(open.length).toBeLessThanOrEqual(2);
    await t.services.refusals.flush();
    const closed = await rowsFrom(t, address);
    expect(closed.length).toBeLessThanOrEqual(4);
    expect(total(closed)).toBe(THREADS * PER_THREAD);
    expect(new Set(closed.map((r) => r.action))).toEqual(new Set(['AUTH_FAILED', 'RATE_LIMITED']));
  });

  it('PUT ingest: the same limit answers 429 in the REST error shape', async () => {
    const address = '127.0.0.22';
    const put = () =>
      requestFrom(`${t.url}/v1/datasets/00000000-0000-4000-8000-000000000000/rows`, address, {
        method: 'PUT',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${BAD_TOKEN}` },
        body: 'a\n1\n',
      });
    const responses: RawResponse[] = [];
    for (let i = 0; i < 12; i++) responses.push(await put());
    expect(responses.slice(0, 5).map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    const last = responses[responses.length - 1]!;
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(last.body)).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    // Refusals after flush are written one by one, so every one is there.
    expect(total(await rowsFrom(t, address))).toBe(12);
  });

  it('leaves other addresses and valid tokens alone', async () => {
    const ok = await graphqlFrom(t.url, '127.0.0.23', '{ health }');
    expect(ok.status).toBe(200);
  });
});

describe('refusal collapse window', () => {
  it('writes the summary when the window closes, without another occurrence or a shutdown', async () => {
    const t = await startTestApp({ PARLEY_AUTH_FAILURE_LIMIT: '1000', PARLEY_REFUSAL_COLLAPSE_SECONDS: '1' });
    try {
      const address = '127.0.0.24';
      for (let i = 0; i < 6; i++) expect((await graphqlFrom(t.url, address, '{ me { id } }', BAD_TOKEN)).status).toBe(200);
      expect(await rowsFrom(t, address)).toHaveLength(1);
      let rows: Row[] = [];
      for (let i = 0; i < 40 && total(rows) < 6; i++) {
        await new Promise((r) => setTimeout(r, 100));
        rows = await rowsFrom(t, address);
      }
      expect(rows).toHaveLength(2);
      expect(rows[1]!.details).toMatchObject({ count: 5, collapsed: true });
    } finally {
      await t.close();
    }
  });
});
