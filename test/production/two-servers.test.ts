import { createOrganization, createWorld } from '../support/fixtures';
import { ADMIN_TOKEN, graphqlClient, type GqlClient } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { codeOf, ok, TEST_SECRET } from '../support/test-app';
import { openTestDatabase, usingPostgres, type TestDatabase } from '../support/test-database';
import { BUDGET, grantOn, PRIVATE_AGGREGATE, toCsv, VISITS, visitRows, type QueryWorld } from '../queries/query-support';

const QUERIES = 50;
const EPSILON = 0.1;

/**
 * API processes keep nothing that must be exact: two real server processes on one PostgreSQL,
 * hit concurrently, spend a budget and extend the audit chain exactly as one process would.
 * The embedded database serves a single process, so this needs DATABASE_URL.
 */
const describeOnPostgres = usingPostgres ? describe : describe.skip;

describeOnPostgres('two server processes on one PostgreSQL (needs DATABASE_URL: the embedded database cannot be opened by a second process)', () => {
  let db: TestDatabase;
  let servers: ServerProcess[] = [];
  let a: GqlClient;
  let b: GqlClient;
  let w: QueryWorld;
  let agreementId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      PARLEY_SECRET: TEST_SECRET,
      PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      PARLEY_RATE_LIMIT_POINTS: '100000',
      // Small, so that both processes sign checkpoints while the burst runs.
      PARLEY_AUDIT_CHECKPOINT_EVERY: '25',
    };
    // Started together: both run migrations and the first-admin bootstrap against the same database.
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    [a, b] = servers.map((s) => graphqlClient(s.url));

    const world = await createWorld(a!);
    const owner = world.users.ownerAdmin.token;
    const datasetId = ok<{ createDataset: { id: string } }>(
      await a!.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: VISITS }, owner),
    ).createDataset.id;
    const upload = await fetch(`${a!.url}/v1/datasets/${datasetId}/rows?mode=REPLACE&strict=true`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'text/csv' },
      body: toCsv(visitRows()),
    });
    expect(upload.status).toBe(200);
    expect(((await upload.json()) as { rowsAccepted: number }).rowsAccepted).toBe(visitRows().length);
    w = { ...world, datasetId, analyst: world.users.partnerAnalyst.token };
    agreementId = await grantOn(a!, w, { epsilonBudget: 1, epsilonPerQueryMax: EPSILON });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? s.stop() : undefined)));
    await db?.close();
  });

  it('spends exactly the budget and keeps one gap-free, verifiable audit chain under a concurrent burst on both', async () => {
    const before = await db.dataSource.query(`SELECT action, count(*)::int AS n FROM audit_events GROUP BY action`);
    const countBefore = (action: string) => before.find((r: { action: string }) => r.action === action)?.n ?? 0;

    // 50 distinct queries (a different filter each, so none is a cache hit), alternating between the
    // processes, all in flight at once, together with audited mutations on both processes.
    const queries = Array.from({ length: QUERIES }, (_, i) =>
      (i % 2 ? b : a).gql(
        PRIVATE_AGGREGATE,
        { input: { agreementId, epsilon: EPSILON, aggregations: [{ function: 'COUNT' }], filters: [{ column: 'amount', op: 'GE', value: String(i) }] } },
        w.analyst,
      ),
    );
    const mutations = Array.from({ length: 20 }, (_, i) => createOrganization(i % 2 ? b : a, `burst-${i}`));
    const [results] = await Promise.all([Promise.all(queries), Promise.all(mutations)]);

    const succeeded = results.filter((r) => !r.errors);
    const refused = results.filter((r) => codeOf(r) === 'BUDGET_EXHAUSTED');
    expect(results.filter((r) => r.errors && codeOf(r) !== 'BUDGET_EXHAUSTED')).toEqual([]);
    expect([succeeded.length, refused.length]).toEqual([10, 40]);
    for (const r of succeeded) expect(r.data!.privateAggregate).toMatchObject({ cached: false, epsilonSpent: EPSILON });
    // Which process wins which of the ten is a race; each process was refused at least 15 times, so
    // both competed for the same agreement row.
    expect(results.filter((r, i) => i % 2 === 0 && r.errors).length).toBeGreaterThanOrEqual(15);
    expect(results.filter((r, i) => i % 2 === 1 && r.errors).length).toBeGreaterThanOrEqual(15);

    // The budget, as either process reports it, and the ledger behind it.
    for (const client of [a, b]) {
      const budget = ok<{ agreement: { budget: Record<string, number> } }>(await client.gql(BUDGET, { id: agreementId }, w.analyst)).agreement.budget;
      expect(budget).toEqual({ epsilonSpent: 1, epsilonRemaining: 0, queriesRun: 10 });
    }
    const ledger: { query_id: string; epsilon: string }[] = await db.dataSource.query(
      'SELECT query_id, epsilon::text AS epsilon FROM budget_ledger WHERE agreement_id = $1',
      [agreementId],
    );
    const [{ spent }] = await db.dataSource.query('SELECT SUM(epsilon)::text AS spent FROM budget_ledger WHERE agreement_id = $1', [agreementId]);
    expect(spent).toBe('1.0');
    const answered = succeeded.map((r) => r.data!.privateAggregate.queryId).sort();
    expect(ledger.map((l) => l.query_id).sort()).toEqual(answered);

    // An answer given by one process is the other's cached answer: same queryId, nothing spent.
    const first = results.findIndex((r) => !r.errors);
    const again = await (first % 2 ? a : b).gql(
      PRIVATE_AGGREGATE,
      { input: { agreementId, epsilon: EPSILON, aggregations: [{ function: 'COUNT' }], filters: [{ column: 'amount', op: 'GE', value: String(first) }] } },
      w.analyst,
    );
    expect(ok(again).privateAggregate).toMatchObject({ cached: true, epsilonSpent: 0, queryId: results[first]!.data!.privateAggregate.queryId });

    // The audit chain: gap-free seq, one event per query outcome and per mutation, verifiable.
    const seqs: { seq: string }[] = await db.dataSource.query('SELECT seq FROM audit_events ORDER BY seq');
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const after = await db.dataSource.query(`SELECT action, count(*)::int AS n FROM audit_events GROUP BY action`);
    const added = (action: string) => (after.find((r: { action: string }) => r.action === action)?.n ?? 0) - countBefore(action);
    expect({
      QUERY_EXECUTED: added('QUERY_EXECUTED'),
      BUDGET_EXHAUSTED: added('BUDGET_EXHAUSTED'),
      QUERY_DENIED: added('QUERY_DENIED'),
      QUERY_FAILED: added('QUERY_FAILED'),
      QUERY_CACHED: added('QUERY_CACHED'),
      ORGANIZATION_CREATED: added('ORGANIZATION_CREATED'),
    }).toEqual({ QUERY_EXECUTED: 10, BUDGET_EXHAUSTED: 40, QUERY_DENIED: 0, QUERY_FAILED: 0, QUERY_CACHED: 1, ORGANIZATION_CREATED: 20 });
    const executed: { id: string }[] = await db.dataSource.query(
      `SELECT details->>'queryId' AS id FROM audit_events WHERE action = 'QUERY_EXECUTED' ORDER BY 1`,
    );
    expect(executed.map((e) => e.id)).toEqual(answered);

    for (const client of [a, b]) {
      const v = ok<{ verifyAuditTrail: { ok: boolean; headSeq: number; eventsChecked: number; checkpointsChecked: number } }>(
        await client.gql('{ verifyAuditTrail { ok headSeq eventsChecked checkpointsChecked } }', {}, w.users.platformAuditor.token),
      ).verifyAuditTrail;
      expect(v).toMatchObject({ ok: true, headSeq: seqs.length, eventsChecked: seqs.length });
      expect(v.checkpointsChecked).toBeGreaterThan(0);
    }
  });

  it('both processes stop cleanly', async () => {
    const stopped = await Promise.all(servers.map((s) => s.stop()));
    expect(stopped.map((s) => s.code)).toEqual([0, 0]);
    expect(servers.map((s) => s.output())).not.toContainEqual(expect.stringMatching(/"level":(50|60)/));
  });
});
