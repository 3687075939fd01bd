import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticFiles } from '../../src/http/static-files';
import { createDataset } from '../support/dataset-fixture';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { insertAgreement } from '../datasets/dataset-support';
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

describe('attack: telling a foreign id from a made-up one', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  let dataset: string;
  let agreement: string;
  const NONE = '00000000-0000-4000-8000-00000000abcd';

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
    dataset = await createDataset(t, w.users.ownerAdmin.token);
    await insertAgreement(t, dataset, w.owner, w.partner, w.users.ownerAdmin.id);
    [{ id: agreement }] = await t.services.dataSource.query('SELECT id FROM agreements WHERE dataset_id = $1', [dataset]);
  });
  afterAll(() => t.close());

  /** The caller's answer and the events its request added, with the id it asked for replaced. */
  async function observe(query: string, id: string) {
    const [{ s }] = await t.services.dataSource.query('SELECT coalesce(max(seq), 0) AS s FROM audit_events');
    const res = await t.gql(query.replace('$ID', id), {}, w.users.outsiderAdmin.token);
    const events = await t.services.dataSource.query(
      'SELECT action, outcome, resource_type, resource_id, actor_id, details FROM audit_events WHERE seq > $1 ORDER BY seq',
      [s],
    );
    return JSON.parse(JSON.stringify({ errors: res.errors, events }).split(id).join('<id>'));
  }

  it.each([
    ['ingestCsv', 'mutation { ingestCsv(datasetId: "$ID", csv: "a\\n1") { rowsAccepted } }', () => dataset],
    ['deleteDataset', 'mutation { deleteDataset(id: "$ID") }', () => dataset],
    ['suspendAgreement', 'mutation { suspendAgreement(id: "$ID") { id } }', () => agreement],
    ['createUser', 'mutation { createUser(organizationId: "$ID", email: "probe@x.test", roles: [ANALYST]) { id } }', () => w.owner],
  ])('%s: the same answer and the same audit record for both', async (_name, query, real) => {
    const existing = await observe(query, real());
    const madeUp = await observe(query, NONE);
    expect(existing.errors).toHaveLength(1);
    expect(existing.events).toHaveLength(1);
    expect(madeUp).toEqual(existing);
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
