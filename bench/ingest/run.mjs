// Ingest benchmark: Parley's PUT /v1/datasets/:id/rows against a plain COPY of the same file.
//
//   npm run build
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_dev node bench/ingest/run.mjs [rows]
//
// Creates a scratch database next to the one in BENCH_DATABASE_URL (dropped at the end), writes a CSV
// of `rows` rows (default 1,000,000) × 8 columns to a temporary directory, starts the built server as
// a child process, streams the file through the PUT endpoint while sampling the server's RSS, then
// loads the same file with plain `COPY … FROM STDIN (FORMAT csv)` into a same-shaped table.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { adminQuery, startBuiltServer, withDatabase } from '../support.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { from: copyFrom } = require('pg-copy-streams');

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('set BENCH_DATABASE_URL to a PostgreSQL URL (a scratch database is created beside it)');
  process.exit(2);
}
const rows = Number(process.argv[2] ?? 1_000_000);
const ADMIN = 'bench-admin-token-' + randomBytes(12).toString('hex');
const dbName = `parley_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = withDatabase(baseUrl, dbName);
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const file = join(dir, 'rows.csv');

const admin = (sql) => adminQuery(baseUrl, sql);

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

async function main() {
  await admin(`CREATE DATABASE ${dbName}`);
  let server;
  try {
    process.stderr.write(`writing ${rows} rows… `);
    await writeCsv();
    const bytes = statSync(file).size;
    process.stderr.write(`${(bytes / 1e6).toFixed(1)} MB\n`);

    const parley = await startBuiltServer({ databaseUrl: dbUrl, token: ADMIN });
    server = parley.child;
    const url = parley.url;
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

    const baseline = rssKb(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssKb(server.pid));
      } catch {}
    }, 50);
    const started = process.hrtime.bigint();
    const report = await new Promise((resolve, reject) => {
      const req = request(`${url}/v1/datasets/${createDataset.id}/rows?mode=REPLACE`, {
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
    const parleySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);

    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(`CREATE TABLE plain_copy (person_id text NOT NULL, age bigint, income double precision, smoker boolean,
                                                region text, note text, visited date, visits bigint)`);
    const copyStarted = process.hrtime.bigint();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)')));
    const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
    await client.end();

    const parleyRate = rows / parleySeconds;
    const copyRate = rows / copySeconds;
    console.log(`rows:               ${rows} (${(bytes / 1e6).toFixed(1)} MB), accepted ${report.rowsAccepted}, duplicates ${report.duplicatesRemoved}`);
    console.log(`parley PUT:         ${parleySeconds.toFixed(2)} s, ${Math.round(parleyRate)} rows/s`);
    console.log(`plain COPY:         ${copySeconds.toFixed(2)} s, ${Math.round(copyRate)} rows/s`);
    console.log(`ratio:              ${(parleyRate / copyRate).toFixed(2)}× plain COPY`);
    console.log(`server RSS:         ${(baseline / 1024).toFixed(0)} MB before, ${(peak / 1024).toFixed(0)} MB peak during the load`);
  } finally {
    server?.kill('SIGTERM');
    if (server) await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
