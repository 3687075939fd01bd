import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { usingPostgres } from '../support/test-database';
import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { createDataset } from '../support/dataset-fixture';
import { AGREEMENT, grant, grantInput } from './agreement-api';

interface WorkerSummary {
  granted: number;
  exhausted: number;
  failed: string[];
}

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  done: Promise<WorkerSummary>;
}

/** A separate Node.js process with its own connection pool (see reserve-worker.js). */
function startWorker(url: string, agreementId: string, count: number, epsilon: number): Worker {
  const child = spawn(process.execPath, [join(__dirname, 'reserve-worker.js'), url, agreementId, String(count), String(epsilon)], {
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const lines = createInterface({ input: child.stdout });
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<WorkerSummary>((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? markReady() : resolve(JSON.parse(line) as WorkerSummary)));
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`reserve worker exited with ${code}: ${stderr}`))));
  });
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

// PGlite is one embedded database inside the test process: another process cannot open it. There
// the single-process burst in budget-accountant.test.ts covers the accountant; this file needs
// DATABASE_URL (a real PostgreSQL server shared by two processes).
const describeOnPostgres = usingPostgres ? describe : describe.skip;

describeOnPostgres('privacy budget under a burst from two processes sharing one PostgreSQL (needs DATABASE_URL)', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  let datasetId: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
    datasetId = await createDataset(t, w.users.ownerAdmin.token);
  });
  afterAll(() => t.close());

  it('50 parallel reservations of ε 0.1 (25 per process) against a budget of 1.0: exactly 10 succeed, spent = 1.0', async () => {
    const id = (await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner, { epsilonBudget: 1, epsilonPerQueryMax: 0.1 }))).id;
    const workers = [startWorker(t.app.database.url, id, 25, 0.1), startWorker(t.app.database.url, id, 25, 0.1)];
    try {
      await Promise.all(workers.map((x) => x.ready));
      for (const x of workers) x.child.stdin.write('go\n');
      const summaries = await Promise.all(workers.map((x) => x.done));
      expect(summaries.flatMap((s) => s.failed)).toEqual([]);
      expect(summaries.reduce((n, s) => n + s.granted, 0)).toBe(10);
      expect(summaries.reduce((n, s) => n + s.exhausted, 0)).toBe(40);
    } finally {
      for (const x of workers) if (x.child.exitCode === null) x.child.kill();
    }
    const [{ spent, n }] = await t.services.dataSource.query(
      'SELECT SUM(epsilon)::text AS spent, COUNT(*)::int AS n FROM budget_ledger WHERE agreement_id = $1',
      [id],
    );
    expect([spent, n]).toEqual(['1.0', 10]);
    const budget = ok<any>(await t.gql(AGREEMENT, { id }, w.users.partnerAnalyst.token)).agreement.budget;
    expect(budget).toMatchObject({ epsilonSpent: 1, epsilonRemaining: 0, queriesRun: 10 });
  });
});
