// Ingest benchmark: Parley's PUT /v1/datasets/:id/rows against a plain COPY of the same file, on
// PostgreSQL and on the embedded database.
//
//   npm run build
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_dev node bench/ingest/run.mjs [rows] [--db postgres|embedded|both]
//
// Writes a CSV of `rows` rows (default 1,000,000) × 8 columns to a temporary directory, starts the
// built server as a child process, streams the file through the PUT endpoint while sampling the
// server's RSS, then loads the same file with a plain `COPY … FROM STDIN (FORMAT csv)` into a
// same-shaped table. PostgreSQL: a scratch database next to the one in BENCH_DATABASE_URL (dropped
// at the end). Embedded: the server on a fresh data directory, and the baseline a `COPY … FROM
// '/dev/blob'` into a fresh PGlite of the same version in this process. Without BENCH_DATABASE_URL
// only the embedded database is measured.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { adminQuery, startBuiltServer, withDatabase } from '../support.mjs';
import { loadavg } from 'node:os';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { from: copyFrom } = require('pg-copy-streams');

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
const args = process.argv.slice(2);
const dbArg = args.includes('--db') ? args[args.indexOf('--db') + 1] : baseUrl ? 'both' : 'embedded';
const rows = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--db') ?? 1_000_000);
if (!['postgres', 'embedded', 'both'].includes(dbArg) || ((dbArg === 'postgres' || dbArg === 'both') && !baseUrl)) {
  console.error('usage: [BENCH_DATABASE_URL=postgres://…] node bench/ingest/run.mjs [rows] [--db postgres|embedded|both]');
  process.exit(2);
}
// PARLEY_INGEST_WORKERS, if set, is handed to the server (worker threads that clean uploads).
const serverEnv = process.env.PARLEY_INGEST_WORKERS ? { PARLEY_INGEST_WORKERS: process.env.PARLEY_INGEST_WORKERS } : {};
const ADMIN = 'bench-admin-token-' + randomBytes(12).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const file = join(dir, 'rows.csv');
const PLAIN_TABLE = `CREATE TABLE plain_copy (person_id text NOT NULL, age bigint, income double precision, smoker boolean,
                                            region text, note text, visited date, visits bigint)`;

/** Deterministic, mixed-type rows: one identifier, numbers, a boolean, a category, text, a date. */
async function writeCsv() {
  const out = createWriteStream(file);
  const regions = ['north', 'south', 'east', 'west'];
  out.write('person_id,age,income,smoker,region,note,visited,visits\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    buf += `person-${i % (rows / 2)},${i % 97},${((i * 7919) % 100000) / 10},${i % 3 === 0 ? 'true' : 'false'},${regions[i % 4]},note ${i % 1000},2024-${month}-${day},${i % 20}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.once('finish', r));
}

/** CPU seconds a process (all its threads) has used: on a shared host, steadier than wall time. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL backend connected to `database`, by process id. */
async function backendCpu(database) {
  const { rows: list } = await adminClientQuery(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  return new Map(list.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

async function adminClientQuery(sql, params) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

async function gql(url, token, query, variables = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Creates the benchmark's owner, token and dataset on a running server; returns the token and dataset id. */
async function setUp(url) {
  const { createOrganization: org } = await gql(url, ADMIN, 'mutation { createOrganization(name: "Bench", slug: "bench") { id } }');
  const { createUser: user } = await gql(url, ADMIN, 'mutation($o: ID!) { createUser(organizationId: $o, email: "owner@bench.test", roles: [ORG_ADMIN]) { id } }', { o: org.id });
  const { issueApiToken } = await gql(url, ADMIN, 'mutation($u: ID!) { issueApiToken(name: "bench", userId: $u) { token } }', { u: user.id });
  const token = issueApiToken.token;
  const { createDataset } = await gql(url, token, `mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }`, {
    i: {
      name: 'bench',
      privacyUnitColumn: 'person_id',
      maxRowsPerUnit: 2,
      columns: [
        { name: 'person_id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
        { name: 'age', type: 'INTEGER', lowerBound: 0, upperBound: 90 },
        { name: 'income', type: 'FLOAT', lowerBound: 0, upperBound: 9000 },
        { name: 'smoker', type: 'BOOLEAN' },
        { name: 'region', type: 'CATEGORY', categories: ['north', 'south', 'east', 'west'] },
        { name: 'note', type: 'TEXT' },
        { name: 'visited', type: 'DATE' },
        { name: 'visits', type: 'INTEGER', lowerBound: 0, upperBound: 100 },
      ],
    },
  });
  return { token, datasetId: createDataset.id };
}

/** Streams the file through PUT …/rows?mode=REPLACE, sampling the server's RSS; returns seconds, report and memory. */
async function upload(server, url, token, datasetId, bytes, database) {
  const baseline = rssKb(server.pid);
  let peak = baseline;
  // Backends are sampled during the load too: one that ends before the load does still counts.
  let backends = database ? await backendCpu(database) : new Map();
  const before = new Map(backends);
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssKb(server.pid));
    } catch {}
  }, 50);
  const backendSampler = database
    ? setInterval(() => {
        backendCpu(database).then((now) => {
          for (const [pid, cpu] of now) backends.set(pid, cpu);
        }, () => undefined);
      }, 500)
    : null;
  const serverCpu = cpuSeconds(server.pid);
  const started = process.hrtime.bigint();
  try {
    const report = await new Promise((resolve, reject) => {
      const req = request(`${url}/v1/datasets/${datasetId}/rows?mode=REPLACE`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': bytes },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(text))));
      });
      req.on('error', reject);
      createReadStream(file).pipe(req);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds(server.pid) - serverCpu;
    if (database) for (const [pid, c] of await backendCpu(database)) backends.set(pid, c);
    let dbCpu = 0;
    for (const [pid, c] of backends) dbCpu += c - (before.get(pid) ?? 0);
    return { seconds, report, baseline, peak, cpu, dbCpu };
  } finally {
    clearInterval(sampler);
    if (backendSampler) clearInterval(backendSampler);
  }
}

async function stopped(server) {
  if (!server) return;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

async function onPostgres(bytes) {
  const dbName = `parley_bench_${randomBytes(4).toString('hex')}`;
  const dbUrl = withDatabase(baseUrl, dbName);
  await adminQuery(baseUrl, `CREATE DATABASE ${dbName}`);
  let server;
  try {
    const parley = await startBuiltServer({ databaseUrl: dbUrl, token: ADMIN, env: serverEnv });
    server = parley.child;
    const { token, datasetId } = await setUp(parley.url);
    const put = await upload(server, parley.url, token, datasetId, bytes, dbName);
    await stopped(server);
    server = undefined;

    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(PLAIN_TABLE);
    const { rows: [{ pid }] } = await client.query('SELECT pg_backend_pid() AS pid');
    const backendBefore = cpuSeconds(pid);
    const clientBefore = process.cpuUsage();
    const copyStarted = process.hrtime.bigint();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)')));
    const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
    const clientCpu = process.cpuUsage(clientBefore);
    const copyCpu = cpuSeconds(pid) - backendBefore;
    await client.end();
    return { ...put, copySeconds, copyCpu, copyClientCpu: (clientCpu.user + clientCpu.system) / 1e6 };
  } finally {
    await stopped(server);
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

async function onEmbedded(bytes) {
  const dataDir = join(dir, 'embedded');
  let server;
  try {
    const parley = await startBuiltServer({ token: ADMIN, env: { ...serverEnv, PARLEY_DATA_DIR: dataDir } });
    server = parley.child;
    const { token, datasetId } = await setUp(parley.url);
    const put = await upload(server, parley.url, token, datasetId, bytes, null);
    await stopped(server);
    server = undefined;

    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(join(dir, 'plain'));
    await db.query(PLAIN_TABLE);
    const blob = new Blob([readFileSync(file)]);
    const cpuBefore = process.cpuUsage();
    const copyStarted = process.hrtime.bigint();
    await db.query(`COPY plain_copy FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob });
    const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    await db.close();
    // The embedded database runs inside each process: its CPU is the process's.
    return { ...put, copySeconds, copyCpu: (cpu.user + cpu.system) / 1e6, copyClientCpu: 0 };
  } finally {
    await stopped(server);
  }
}

function print(name, r, bytes) {
  const parleyRate = rows / r.seconds;
  const copyRate = rows / r.copySeconds;
  console.log(`${name}:`);
  console.log(`  rows:             ${rows} (${(bytes / 1e6).toFixed(1)} MB), accepted ${r.report.rowsAccepted}, duplicates ${r.report.duplicatesRemoved}`);
  console.log(`  parley PUT:       ${r.seconds.toFixed(2)} s, ${Math.round(parleyRate)} rows/s`);
  console.log(`  plain COPY:       ${r.copySeconds.toFixed(2)} s, ${Math.round(copyRate)} rows/s`);
  console.log(`  ratio:            ${(parleyRate / copyRate).toFixed(2)}× plain COPY`);
  console.log(`  server RSS:       ${(r.baseline / 1024).toFixed(0)} MB before, ${(r.peak / 1024).toFixed(0)} MB peak during the load`);
  const parleyCpu = r.cpu + r.dbCpu;
  const copyCpu = r.copyCpu + r.copyClientCpu;
  console.log(`  CPU, parley:      ${parleyCpu.toFixed(1)} s (server ${r.cpu.toFixed(1)} s, database backends ${r.dbCpu.toFixed(1)} s)`);
  console.log(`  CPU, plain COPY:  ${copyCpu.toFixed(1)} s (database ${r.copyCpu.toFixed(1)} s, client ${r.copyClientCpu.toFixed(1)} s)`);
  console.log(`  CPU ratio:        ${(copyCpu / parleyCpu).toFixed(2)}× (plain COPY's CPU / Parley's: the ratio on an idle host with one core)`);
  console.log(`  load average:     ${r.load}`);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main() {
  try {
    process.stderr.write(`writing ${rows} rows… `);
    await writeCsv();
    const bytes = statSync(file).size;
    process.stderr.write(`${(bytes / 1e6).toFixed(1)} MB\n`);
    if (dbArg !== 'embedded') {
      const before = load();
      const r = await onPostgres(bytes);
      print('PostgreSQL', { ...r, load: `${before} before, ${load()} after` }, bytes);
    }
    if (dbArg !== 'postgres') {
      const before = load();
      const r = await onEmbedded(bytes);
      print('embedded (PGlite)', { ...r, load: `${before} before, ${load()} after` }, bytes);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
