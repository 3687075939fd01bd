import { usingPostgres } from '../support/test-database';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { ok, startTestApp, type TestApp } from '../support/test-app';
import { requireBuild, run } from './built-code';

/** Several server processes share one PostgreSQL: appends from all of them still form one chain. */
(usingPostgres ? describe : describe.skip)('audit trail across processes', () => {
  let t: TestApp;
  let w: TwoOrgWorld;

  beforeAll(async () => {
    requireBuild();
    t = await startTestApp();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  it('stays gap-free and valid with two other processes appending concurrently', async () => {
    const url = t.app.database.url;
    const [a, b] = await Promise.all([
      run(['test/audit/append-worker.js', url, '150', 'a']),
      run(['test/audit/append-worker.js', url, '150', 'b']),
      Promise.all(
        Array.from({ length: 50 }, (_, i) => t.gql('mutation($s: String!) { createOrganization(name: $s, slug: $s) { id } }', { s: `multi-${i}` })),
      ).then((rs) => rs.forEach((r) => ok(r))),
    ]);
    expect([a!.code, a!.stderr]).toEqual([0, '']);
    expect([b!.code, b!.stderr]).toEqual([0, '']);

    const seqs: { seq: string }[] = await t.services.dataSource.query('SELECT seq FROM audit_events ORDER BY seq');
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const byWorker: { worker: string; n: string }[] = await t.services.dataSource.query(
      `SELECT details->>'worker' AS worker, count(*) AS n FROM audit_events WHERE action = 'WORKER_APPEND' GROUP BY 1 ORDER BY 1`,
    );
    expect(byWorker.map((r) => [r.worker, Number(r.n)])).toEqual([['a', 150], ['b', 150]]);
    const v = ok<{ verifyAuditTrail: { ok: boolean; headSeq: number } }>(
      await t.gql('{ verifyAuditTrail { ok headSeq } }', {}, w.users.platformAuditor.token),
    ).verifyAuditTrail;
    expect(v).toEqual({ ok: true, headSeq: seqs.length });
  });
});
