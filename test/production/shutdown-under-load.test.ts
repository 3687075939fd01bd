import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, graphqlClient, type GqlClient } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { copyEmbeddedTemplate, openTestDatabase, type TestDatabase } from '../support/test-database';
import { TEST_SECRET, ok } from '../support/test-app';
import { VISITS, createQueryWorld, grantOn, PRIVATE_AGGREGATE, type QueryWorld } from '../queries/query-support';

const GRACE_SECONDS = 2;
const GRAPHQL_INGESTS = 14;
const PUT_INGESTS = 2;
const QUERIES = 4;
/**
 * Rows per upload: 14 × 60,000 rows take the (single-threaded) pipeline about 12 s at its benchmarked
 * 80,000 rows/s; SIGTERM comes after 1.5 s and the grace period ends 2 s later, so some are always cut.
 */
const ROWS = 60_000;
/** The first two uploads are small: they usually finish within the grace period and must be kept. */
const rowsFor = (i: number) => (i < 2 ? 200 : ROWS);

interface Outcome {
  kind: 'graphql' | 'put' | 'query';
  datasetId: string | null;
  rows?: number;
  status: number;
  retryAfter: string | null;
  body: any;
}

function csvOf(seed: number, rows: number): string {
  const lines = ['person,dept,amount,score,flag,city,day'];
  for (let i = 0; i < rows; i++) {
    lines.push(`s${seed}p${i},${'abc'[i % 3]},${(i * 7 + seed) % 101},${(i % 100) / 100},${i % 2 === 0},big,2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
  }
  return lines.join('\n') + '\n';
}

/** Any fetch that rejects (reset, "other side closed") fails the test: every client must get an answer. */
async function send(url: string, init: RequestInit): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: JSON.parse(text) };
}

/** SIGTERM while 16 large ingests (GraphQL and PUT) and 4 private aggregates run, as a process. */
describe('SIGTERM under load', () => {
  let dir: string;
  let database: TestDatabase | null = null;
  let env: Record<string, string>;
  let server: ServerProcess;
  let client: GqlClient;
  let world: QueryWorld;
  let agreementId: string;
  const datasets: string[] = [];
  const csvs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sigterm-'));
    // Built before any connection opens: building them takes seconds of this process's CPU, and a
    // keep-alive connection the server closes meanwhile (its idle timeout) would be reused unseen
    // and fail the first upload before the shutdown even starts.
    for (let i = 0; i < GRAPHQL_INGESTS + PUT_INGESTS; i++) csvs.push(csvOf(i, rowsFor(i)));
    const common = { PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN, PARLEY_RATE_LIMIT_POINTS: '1000000', PARLEY_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      // The load the shutdown must survive: all 16 uploads in flight at once, none refused by the upload caps.
      PARLEY_INGEST_MAX_CONCURRENT: '16', PARLEY_INGEST_MAX_PER_ORG: '16' };
    if (process.env.DATABASE_URL) {
      database = await openTestDatabase();
      env = { ...common, DATABASE_URL: database.url, PARLEY_SECRET: TEST_SECRET };
    } else {
      copyEmbeddedTemplate(join(dir, 'data'));
      env = { ...common, PARLEY_DATA_DIR: join(dir, 'data') };
    }
    server = await startServerProcess(env);
    client = graphqlClient(server.url);
    world = await createQueryWorld(client);
    agreementId = await grantOn(client, world);
    for (let i = 0; i < GRAPHQL_INGESTS + PUT_INGESTS; i++) {
      const created = ok<{ createDataset: { id: string } }>(
        await client.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: { ...VISITS, name: `load${i}` } }, world.users.ownerAdmin.token),
      );
      datasets.push(created.createDataset.id);
    }
  }, 120_000);
  afterAll(async () => {
    if (server.child.exitCode === null) await server.stop();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request completely, and each ingest either committed or answered SHUTTING_DOWN and left nothing', async () => {
    const owner = { authorization: `Bearer ${world.users.ownerAdmin.token}` };
    const work: Promise<Outcome>[] = datasets.map(async (id, i) => {
      const csv = csvs[i];
      if (i < GRAPHQL_INGESTS) {
        const r = await send(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...owner },
          body: JSON.stringify({ query: 'mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted datasetVersion } }', variables: { d: id, c: csv } }),
        });
        return { kind: 'graphql' as const, datasetId: id, rows: rowsFor(i), ...r };
      }
      const r = await send(`${server.url}/v1/datasets/${id}/rows`, { method: 'PUT', headers: { 'content-type': 'text/csv', ...owner }, body: csv });
      return { kind: 'put' as const, datasetId: id, rows: rowsFor(i), ...r };
    });
    for (let q = 0; q < QUERIES; q++) {
      work.push(
        send(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${world.analyst}` },
          body: JSON.stringify({
            query: PRIVATE_AGGREGATE,
            variables: { input: { agreementId, epsilon: 0.1, aggregations: [{ function: 'COUNT' }], groupBy: ['dept'] } },
          }),
        }).then((r) => ({ kind: 'query' as const, datasetId: null, ...r })),
      );
    }
    // Let the uploads arrive and start loading, then stop the server in the middle of them.
    await new Promise((r) => setTimeout(r, 1500));
    const stopped = server.stop();
    const outcomes = await Promise.all(work);
    const exit = await stopped;
    // It exits by itself. Exit code 1 means the backstop (grace + 2 s) ended it, which a saturated
    // machine's late timers can cause: it answers every unfinished request first (checked below), and
    // nothing abandoned can commit. The time is wall-clock on a machine this test itself saturates
    // (timers were seen firing seconds late), so the bound is loose; process.test.ts checks the
    // unloaded exit.
    expect(exit.code === 0 || exit.code === 1).toBe(true);
    expect(exit.ms).toBeLessThan(20_000);

    const shuttingDown = (o: Outcome) =>
      o.status === 503 &&
      o.retryAfter !== null &&
      (o.kind === 'put' ? o.body.error?.code === 'SHUTTING_DOWN' : o.body.errors?.[0]?.extensions?.code === 'SHUTTING_DOWN');
    const succeeded = (o: Outcome) =>
      o.status === 200 && (o.kind === 'put' ? o.body.rowsAccepted === o.rows : o.kind === 'graphql' ? o.body.data?.ingestCsv?.rowsAccepted === o.rows : Boolean(o.body.data?.privateAggregate));
    // A request still busy after its commit (an ingest drops its staging table, then answers) is told
    // it stopped after saving, never SHUTTING_DOWN: rare, and only on a saturated machine.
    const stoppedAfterSaving = (o: Outcome) =>
      o.status === 500 && (o.kind === 'put' ? o.body.error?.code : o.body.errors?.[0]?.extensions?.code) === 'INTERNAL_SERVER_ERROR' && /saved/.test(JSON.stringify(o.body));
    for (const o of outcomes) expect({ kind: o.kind, status: o.status, body: o.body, ok: succeeded(o) || shuttingDown(o) || stoppedAfterSaving(o) }).toMatchObject({ ok: true });
    // See ROWS: some loads were still running when the grace period ended.
    expect(outcomes.filter(shuttingDown).length).toBeGreaterThan(0);

    // After a restart: what was answered as loaded is there, what was answered SHUTTING_DOWN is not.
    server = await startServerProcess(env);
    client = graphqlClient(server.url);
    for (const o of outcomes.filter((x) => x.datasetId !== null && !stoppedAfterSaving(x))) {
      const data = ok<{ dataset: { version: number; rowCount: number } }>(
        await client.gql('query($id: ID!) { dataset(id: $id) { version rowCount } }', { id: o.datasetId }, world.users.ownerAdmin.token),
      );
      expect({ id: o.datasetId, ...data.dataset }).toEqual({ id: o.datasetId, ...(succeeded(o) ? { version: 1, rowCount: o.rows } : { version: 0, rowCount: 0 }) });
    }
  }, 180_000);
});
