import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticFiles } from '../../src/http/static-files';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { codeOf, startTestApp, type TestApp } from '../support/test-app';

const CREATE_USER = 'mutation($o: ID!, $e: String!) { createUser(organizationId: $o, email: $e, roles: [ANALYST]) { id } }';

describe('attack: probing the schema and other organizations through error messages', () => {
  let t: TestApp;
  let w: TwoOrgWorld;

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  it('gives no "did you mean" hint for fields, arguments or enum values (literal or variable)', async () => {
    const probes: [string, Record<string, unknown>][] = [
      ['{ me { emial } }', {}],
      ['{ auditEvents(frist: 1) { totalCount } }', {}],
      ['{ auditEvents(filter: { outcome: DENIE }) { totalCount } }', {}],
      ['query($o: AuditOutcome) { auditEvents(filter: { outcome: $o }) { totalCount } }', { o: 'DENIE' }],
    ];
    for (const [query, variables] of probes) {
      const res = await t.gql(query, variables);
      expect(res.errors?.length).toBeGreaterThan(0);
      const text = JSON.stringify(res.errors);
      expect(text).not.toMatch(/did you mean/i);
      expect(text).not.toContain('DENIED');
      expect(text).not.toContain('"email"');
    }
  });

  it('answers createUser with the same message whether the email is taken in this or another organization', async () => {
    const elsewhere = await t.gql(CREATE_USER, { o: w.partner, e: 'owner-analyst@example.test' }, w.users.partnerAdmin.token);
    const here = await t.gql(CREATE_USER, { o: w.partner, e: 'partner-analyst@example.test' }, w.users.partnerAdmin.token);
    expect(codeOf(elsewhere)).toBe('BAD_USER_INPUT');
    expect(elsewhere.errors).toEqual(here.errors);
    expect(elsewhere.errors![0]!.message).not.toMatch(/exist/i);
  });
});

describe('attack: framing the console', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const serve = staticFiles(dir);
    server = createServer((req, res) => {
      if (!serve(req, res, new URL(req.url!, 'http://x').pathname)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/index.html', '/analyst/results'])('%s forbids framing and sends no referrer', async (path) => {
    const res = await fetch(url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
