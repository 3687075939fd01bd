import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { usingPostgres } from '../support/test-database';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { Guard } from '../../src/auth/guard';
import { ADMIN_TOKEN, ok, startTestApp, type TestApp } from '../support/test-app';

interface Verification {
  ok: boolean;
  eventsChecked: number;
  firstBrokenSeq: number | null;
  headSeq: number;
  headHash: string;
  problem: string | null;
}
const VERIFY = '{ verifyAuditTrail { ok eventsChecked firstBrokenSeq headSeq headHash checkpointsChecked problem } }';

describe('audit trail integrity', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  const sql = (text: string, params: unknown[] = []) => t.services.dataSource.query(text, params);
  const verify = async () => ok<{ verifyAuditTrail: Verification }>(await t.gql(VERIFY, {}, w.users.platformAuditor.token)).verifyAuditTrail;

  /** What a superuser with database access can do: switch the append-only triggers off and back on. */
  async function asSuperuser(work: () => Promise<unknown>): Promise<void> {
    await sql('ALTER TABLE audit_events DISABLE TRIGGER USER');
    try {
      await work();
    } finally {
      await sql('ALTER TABLE audit_events ENABLE TRIGGER USER');
    }
  }
  async function snapshot(fromSeq: number): Promise<Record<string, unknown>[]> {
    return sql('SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq', [fromSeq]);
  }
  async function restore(rows: Record<string, unknown>[]): Promise<void> {
    await asSuperuser(async () => {
      for (const r of rows) {
        await sql('DELETE FROM audit_events WHERE seq = $1', [r.seq]);
        await sql(
          `INSERT INTO audit_events (seq, id, at, actor_id, actor_organization_id, action, resource_type, resource_id,
             resource_organization_id, outcome, details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
          [r.seq, r.id, r.at, r.actor_id, r.actor_organization_id, r.action, r.resource_type, r.resource_id,
            r.resource_organization_id, r.outcome, JSON.stringify(r.details), r.prev_hash, r.hash],
        );
      }
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ PARLEY_AUDIT_CHECKPOINT_EVERY: '50' });
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  async function expectGapFreeValidChain(minHead: number): Promise<void> {
    const seqs: { seq: string }[] = await sql('SELECT seq FROM audit_events ORDER BY seq');
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(v.headSeq).toBeGreaterThanOrEqual(minHead);
  }

  it('keeps seq gap-free and the chain valid under 200 concurrent audited mutations (services)', async () => {
    const before = (await verify()).headSeq;
    const actor = await t.services.authenticator.authenticate(`Bearer ${ADMIN_TOKEN}`);
    const guard = Guard.for(actor);
    await Promise.all(Array.from({ length: 200 }, (_, i) => t.services.organizations.create(guard, `svc-${i}`, `svc-${i}`)));
    const created: { n: string }[] = await sql(`SELECT count(*) AS n FROM audit_events WHERE action = 'ORGANIZATION_CREATED' AND details->>'slug' LIKE 'svc-%'`);
    expect(Number(created[0]!.n)).toBe(200);
    await expectGapFreeValidChain(before + 200);
  });

  // Over HTTP the embedded database's socket server interleaves concurrent non-transactional
  // statements, so this variant runs on PostgreSQL; the services variant above covers both.
  (usingPostgres ? it : it.skip)('keeps seq gap-free and the chain valid under 200 concurrent GraphQL mutations', async () => {
    const before = (await verify()).headSeq;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.gql('mutation($s: String!) { createOrganization(name: $s, slug: $s) { id } }', { s: `conc-${i}` }),
      ),
    );
    results.forEach((r) => ok(r));
    await expectGapFreeValidChain(before + 200);
  });

  it('signs checkpoints every N events by itself', async () => {
    const list = async () =>
      ok<{ auditCheckpoints: { seq: number }[] }>(await t.gql('{ auditCheckpoints(last: 500) { seq } }', {}, w.users.platformAuditor.token)).auditCheckpoints;
    const before = (await list()).length;
    const actor = await t.services.authenticator.authenticate(`Bearer ${ADMIN_TOKEN}`);
    const guard = Guard.for(actor);
    for (let i = 0; i < 120; i++) await t.services.organizations.create(guard, `seq-${i}`, `seq-${i}`);
    const head = (await verify()).headSeq;
    let checkpoints = await list();
    for (let tries = 0; tries < 50 && head - checkpoints.at(-1)!.seq >= 50; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      checkpoints = await list();
    }
    expect(checkpoints.length).toBeGreaterThanOrEqual(before + 2);
    expect(head - checkpoints.at(-1)!.seq).toBeLessThan(50);
    expect(await verify()).toMatchObject({ ok: true });
  });

  const FIRST_ROW = (table: string) => `seq = (SELECT min(seq) FROM ${table})`;

  it('refuses UPDATE, DELETE and TRUNCATE on the audit tables while the triggers are on', async () => {
    ok(await t.gql('mutation { createAuditCheckpoint { seq } }', {}, w.users.platformAuditor.token));
    for (const table of ['audit_events', 'audit_checkpoints']) {
      await expect(sql(`UPDATE ${table} SET seq = seq WHERE ${FIRST_ROW(table)}`)).rejects.toThrow(/append-only/);
      await expect(sql(`DELETE FROM ${table} WHERE ${FIRST_ROW(table)}`)).rejects.toThrow(/append-only/);
      await expect(sql(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  (usingPostgres ? it : it.skip)("refuses them to the application's own (non-superuser) database role", async () => {
    const role = `parley_app_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: t.app.database.url });
    await client.connect();
    try {
      await client.query(`CREATE ROLE ${role} NOSUPERUSER NOLOGIN`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints TO ${role}`);
      await client.query(`SET ROLE ${role}`);
      for (const table of ['audit_events', 'audit_checkpoints']) {
        await expect(client.query(`UPDATE ${table} SET seq = seq WHERE ${FIRST_ROW(table)}`)).rejects.toThrow(/append-only/);
        await expect(client.query(`DELETE FROM ${table} WHERE ${FIRST_ROW(table)}`)).rejects.toThrow(/append-only/);
        await expect(client.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
      }
      // Nor can that role switch the triggers off: only the table's owner or a superuser can.
      await expect(client.query('ALTER TABLE audit_events DISABLE TRIGGER USER')).rejects.toThrow(/owner/);
    } finally {
      await client.query('RESET ROLE');
      await client.query(`DROP OWNED BY ${role}`);
      await client.query(`DROP ROLE ${role}`);
      await client.end();
    }
  });

  it("detects a changed event's details at that seq", async () => {
    const target = 7;
    const saved = await snapshot(target);
    await asSuperuser(() => sql(`UPDATE audit_events SET details = details || '{"tampered": true}' WHERE seq = $1`, [target]));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: target });
    await restore(saved.slice(0, 1));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('detects a changed event even when its hash was recomputed (the next link breaks)', async () => {
    const target = 9;
    const saved = await snapshot(target);
    await asSuperuser(() => sql(`UPDATE audit_events SET hash = repeat('a', 64) WHERE seq = $1`, [target]));
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBrokenSeq).toBe(target);
    await restore(saved.slice(0, 1));
  });

  it('detects a deleted event', async () => {
    const target = 12;
    const saved = await snapshot(target);
    await asSuperuser(() => sql('DELETE FROM audit_events WHERE seq = $1', [target]));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: target });
    await restore(saved.slice(0, 1));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('detects a truncated tail through the signed checkpoint', async () => {
    const cp = ok<{ createAuditCheckpoint: { seq: number } }>(await t.gql('mutation { createAuditCheckpoint { seq } }', {}, w.users.platformAuditor.token))
      .createAuditCheckpoint.seq;
    for (let i = 0; i < 3; i++) await t.gql('mutation($s: String!) { createOrganization(name: $s, slug: $s) { id } }', { s: `tail-${i}` });
    const cutFrom = cp - 2;
    const saved = await snapshot(cutFrom);
    await asSuperuser(() => sql('DELETE FROM audit_events WHERE seq >= $1', [cutFrom]));
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBrokenSeq: cutFrom, headSeq: cutFrom - 1 });
    expect(v.problem).toMatch(/checkpoint/);
    await restore(saved);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('detects a forged checkpoint', async () => {
    const head = await verify();
    await sql('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
    try {
      await sql(`UPDATE audit_checkpoints SET head_hash = repeat('b', 64) WHERE seq = (SELECT max(seq) FROM audit_checkpoints)`);
      const v = await verify();
      expect(v.ok).toBe(false);
      expect(v.firstBrokenSeq).not.toBeNull();
      expect(v.firstBrokenSeq!).toBeLessThanOrEqual(head.headSeq);
      expect(v.problem).toMatch(/signature|checkpoint/);
    } finally {
      await sql('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
    }
  });
});
