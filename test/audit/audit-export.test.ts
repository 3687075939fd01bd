import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyPem } from '../../src/audit/checkpoint-signer';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { TEST_SECRET, ok, startTestApp, type TestApp } from '../support/test-app';
import { requireBuild, run } from './built-code';

const EVENT_FIELDS = ['seq', 'at', 'actorId', 'actorOrganizationId', 'action', 'resourceType', 'resourceId', 'outcome', 'details', 'prevHash', 'hash'];

describe('audit export and offline verification', () => {
  const signingKey = generateSigningKeyPem();
  const dir = mkdtempSync(join(tmpdir(), 'parley-audit-export-'));
  let t: TestApp;
  let w: TwoOrgWorld;
  let cli: (...args: string[]) => ReturnType<typeof run>;
  let publicKey: string;

  beforeAll(async () => {
    requireBuild();
    t = await startTestApp({ PARLEY_AUDIT_SIGNING_KEY: signingKey });
    w = await createWorld(t);
    ok(await t.gql('mutation { createAuditCheckpoint { seq } }', {}, w.users.platformAuditor.token));
    ok(await t.gql('mutation { createOrganization(name: "After", slug: "after-checkpoint") { id } }'));
    publicKey = ok<{ auditPublicKey: string }>(await t.gql('{ auditPublicKey }', {}, w.users.platformAuditor.token)).auditPublicKey;
    const url = t.app.database.url;
    cli = (...args) =>
      run(['bin/parley.js', '--database-url', url, ...args], { PARLEY_SECRET: TEST_SECRET, PARLEY_AUDIT_SIGNING_KEY: signingKey });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const checkpointsFile = join(dir, 'checkpoints.ndjson');
  const verifyOffline = (file: string, ...extra: string[]) =>
    run(['docs/verify-audit-export.mjs', file, '--checkpoints', checkpointsFile, '--public-key', publicKey, ...extra]);

  let exported: string[];

  it('writes events from seq 1 with the contract field names to stdout and nothing else', async () => {
    const out = await cli('audit', 'export', '--checkpoints', checkpointsFile);
    expect(out.code).toBe(0);
    expect(out.stdout.endsWith('\n')).toBe(true);
    exported = out.stdout.slice(0, -1).split('\n');
    const events = exported.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.length).toBeGreaterThan(20);
    events.forEach((e, i) => {
      expect(Object.keys(e)).toEqual(EVENT_FIELDS);
      expect(e.seq).toBe(i + 1);
    });
    expect(out.stderr).toMatch(new RegExp(`exported ${events.length} events, 1 checkpoints`));
    // The API shows the same events with the same hashes.
    const api = ok<{ auditEvents: { edges: { node: { seq: number; hash: string } }[] } }>(
      await t.gql('{ auditEvents(first: 500) { edges { node { seq hash } } } }', {}, w.users.platformAuditor.token),
    );
    expect(api.auditEvents.edges.map((e) => e.node)).toEqual(events.map((e) => ({ seq: e.seq, hash: e.hash })));
  });

  it('writes the checkpoints and the public key to the --checkpoints file', () => {
    const lines = readFileSync(checkpointsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((p) => p.type)).toEqual(['checkpoint', 'publicKey']);
    expect(Object.keys(lines[0]!)).toEqual(['type', 'seq', 'headHash', 'at', 'signature', 'publicKey']);
    expect(lines[1]).toEqual({ type: 'publicKey', algorithm: 'Ed25519', publicKey });
  });

  it('writes the same events without --checkpoints, and with the former --no-checkpoints', async () => {
    const out = await cli('audit', 'export');
    expect(out.code).toBe(0);
    expect(out.stdout.slice(0, -1).split('\n')).toEqual(exported);
    const former = await cli('audit', 'export', '--no-checkpoints');
    expect(former.code).toBe(0);
    expect(former.stdout.slice(0, -1).split('\n')).toEqual(exported);
  });

  it('verifies offline with the standard-library script', async () => {
    const res = await verifyOffline(write('trail.ndjson', exported));
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, firstBrokenSeq: null, checkpointsChecked: 1 });
    const chainOnly = await run(['docs/verify-audit-export.mjs', write('trail-only.ndjson', exported)]);
    expect(chainOnly.code).toBe(0);
    expect(JSON.parse(chainOnly.stdout)).toMatchObject({ ok: true, checkpointsChecked: 0 });
    const usage = await run(['docs/verify-audit-export.mjs', write('trail-usage.ndjson', exported), '--checkpoints']);
    expect(usage.code).toBe(2);
  });

  it('catches a changed, a removed and a truncated export offline', async () => {
    const changed = [...exported];
    const fifth = JSON.parse(changed[4]!);
    changed[4] = JSON.stringify({ ...fifth, details: { ...fifth.details, extra: 1 } });
    const a = await verifyOffline(write('changed.ndjson', changed));
    expect(a.code).toBe(1);
    expect(JSON.parse(a.stdout)).toMatchObject({ ok: false, firstBrokenSeq: 5 });

    const removed = exported.filter((_, i) => i !== 9);
    const b = await verifyOffline(write('removed.ndjson', removed));
    expect(JSON.parse(b.stdout)).toMatchObject({ ok: false, firstBrokenSeq: 10 });

    const checkpointSeq = JSON.parse(readFileSync(checkpointsFile, 'utf8').split('\n')[0]!).seq as number;
    const truncated = exported.filter((l) => JSON.parse(l).seq < checkpointSeq - 1);
    const c = await verifyOffline(write('truncated.ndjson', truncated));
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: false, firstBrokenSeq: checkpointSeq - 1 });

    const otherKey = await run([
      'docs/verify-audit-export.mjs', write('trail2.ndjson', exported), '--checkpoints', checkpointsFile,
      '--public-key', 'MCowBQYDK2VwAyEAGpCk6EQ4jBln4UKk1xKitfe/dTYnwCVsqwHvyzIjQPM=',
    ]);
    expect(otherKey.code).toBe(1);
  });

  it('`audit verify` exits 0 on an intact trail and 1 on a tampered one', async () => {
    const good = await cli('audit', 'verify');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true });

    const sql = (q: string) => t.services.dataSource.query(q);
    const [row] = (await sql('SELECT details FROM audit_events WHERE seq = 3')) as { details: unknown }[];
    await sql('ALTER TABLE audit_events DISABLE TRIGGER USER');
    try {
      await sql(`UPDATE audit_events SET details = details || '{"x": 1}' WHERE seq = 3`);
      const bad = await cli('audit', 'verify');
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
      expect(bad.stderr).toMatch(/does NOT verify at seq 3/);
    } finally {
      await t.services.dataSource.query('UPDATE audit_events SET details = $1 WHERE seq = 3', [JSON.stringify(row!.details)]);
      await sql('ALTER TABLE audit_events ENABLE TRIGGER USER');
    }
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});
