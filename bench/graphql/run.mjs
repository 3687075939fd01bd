#!/usr/bin/env node
// GraphQL throughput: Parley's `datasets` query against a bare Apollo Server 5 serving the same
// objects from memory, on the same machine, driven by the same keep-alive clients.
//
//   npm run build && node bench/graphql/run.mjs
//
// Environment: BENCH_DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres;
// the role must be allowed to CREATE DATABASE), BENCH_CLIENTS (32), BENCH_SECONDS per run (10),
// BENCH_ROUNDS (2), BENCH_DATASETS (20), BENCH_WITHOUT_OWNER (unset), BENCH_NODE_ENV (production, for both servers).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS, adminQuery, backendCpuSeconds, cpuSeconds, startBuiltServer, withDatabase } from '../support.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DATASETS = Number(process.env.BENCH_DATASETS ?? 20);
const WARM_SECONDS = 5;
const TOKEN = 'bench-admin-token-' + randomBytes(12).toString('hex');
// Both servers run under the same NODE_ENV (Apollo and its plugins behave differently in production).
const NODE_ENV = process.env.BENCH_NODE_ENV ?? 'production';

// BENCH_WITHOUT_OWNER=1 leaves out `owner`, which Parley resolves with one lookup per dataset.
const OWNER = process.env.BENCH_WITHOUT_OWNER === '1' ? '' : 'owner { id name slug }';
const DATASETS_QUERY = `{ datasets { id name description privacyUnitColumn maxRowsPerUnit version createdAt updatedAt rowCount
  ${OWNER} columns { name type sensitivity nullable lowerBound upperBound categories } } }`;

// The bare server: the same types, a resolver that returns the same objects from memory.
const BARE_TYPE_DEFS = `#graphql
  type Organization { id: ID! name: String! slug: String! }
  type DatasetColumn { name: String! type: String! sensitivity: String! nullable: Boolean! lowerBound: Float upperBound: Float categories: [String!] }
  type Dataset {
    id: ID! name: String! description: String privacyUnitColumn: String maxRowsPerUnit: Int! version: Int!
    createdAt: String! updatedAt: String! rowCount: Int owner: Organization! columns: [DatasetColumn!]!
  }
  type Query { datasets: [Dataset!]! }
`;

const databaseUrl = (name) => withDatabase(ADMIN_URL, name);
const admin = (sql) => adminQuery(ADMIN_URL, sql);

/** Child mode: a bare Apollo Server on its own process, as Parley is, serving `datasets` from JSON on stdin. */
async function bareServer() {
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const datasets = JSON.parse(input);
  const server = new ApolloServer({ typeDefs: BARE_TYPE_DEFS, resolvers: { Query: { datasets: () => datasets } } });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`${url}\n`);
  // Exit rather than die on SIGTERM, so that a CPU profile (BENCH_CPU_PROF_DIR) gets written.
  process.once('SIGTERM', () => process.exit(0));
}

async function startParley(db) {
  // Production with DATABASE_URL requires an audit signing key: a throw-away one.
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  const env = { PARLEY_RATE_LIMIT_POINTS: '100000000', NODE_ENV, PARLEY_AUDIT_SIGNING_KEY: signingKey };
  const { url, child } = await startBuiltServer({ databaseUrl: db, token: TOKEN, env });
  return { url: `${url}/graphql`, child };
}

async function startBare(datasets) {
  // BENCH_CPU_PROF_DIR profiles the bare server too, as it does Parley (see ../support.mjs).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...SERVER_NODE_FLAGS, fileURLToPath(import.meta.url), '--bare-server'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, NODE_ENV },
  });
  child.stdin.end(JSON.stringify(datasets));
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    if (out.includes('\n')) break;
  }
  return { url: out.trim(), child };
}

async function gql(url, query, variables = {}, token = TOKEN) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** An owner organization with DATASETS datasets of 6 columns each; returns the owner admin's token. */
async function populate(url) {
  const { createOrganization: org } = await gql(url, 'mutation { createOrganization(name: "Owner", slug: "owner") { id } }');
  const { createUser } = await gql(url, 'mutation($o: ID!) { createUser(organizationId: $o, email: "owner@bench.test", roles: [ORG_ADMIN]) { id } }', { o: org.id });
  const { issueApiToken } = await gql(url, 'mutation($u: ID!) { issueApiToken(name: "bench", userId: $u) { token } }', { u: createUser.id });
  const columns = [
    { name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
    { name: 'age', type: 'INTEGER', sensitivity: 'QUASI_IDENTIFIER', lowerBound: 0, upperBound: 120 },
    { name: 'region', type: 'CATEGORY', categories: ['north', 'south', 'east', 'west'] },
    { name: 'score', type: 'FLOAT', lowerBound: 0, upperBound: 1 },
    { name: 'smoker', type: 'BOOLEAN', sensitivity: 'SENSITIVE' },
    { name: 'visited', type: 'DATE' },
  ];
  for (let i = 0; i < DATASETS; i++) {
    const input = { name: `dataset_${i}`, description: `Benchmark dataset ${i}`, columns, privacyUnitColumn: 'person', maxRowsPerUnit: 2 };
    await gql(url, 'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: input }, issueApiToken.token);
  }
  return issueApiToken.token;
}

/** CLIENTS loops on keep-alive connections, each sending the next request when the last answered. */
async function drive({ url, token, cpu }, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const target = new URL(url);
  const body = JSON.stringify({ query: DATASETS_QUERY });
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` };
  const post = () =>
    new Promise((resolve, reject) => {
      const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks)}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  let completed = 0;
  let checked = false;
  const cpuBefore = await cpu();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const answer = await post();
        if (!checked) {
          checked = true;
          const parsed = JSON.parse(answer.toString());
          if (parsed.errors || parsed.data.datasets.length !== DATASETS) throw new Error(`unexpected answer: ${answer.toString().slice(0, 300)}`);
        }
        completed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = await cpu();
  agent.destroy();
  const used = cpuBetween(cpuBefore, cpuAfter);
  return { rps: completed / elapsed, cpuMs: ((used.server + used.database) * 1000) / completed, databaseCpuMs: (used.database * 1000) / completed };
}

/**
 * What a side has used of the CPU so far: its server process and, for Parley, its database's
 * backends (the bare server has no database). Per request, CPU is much less sensitive than req/s
 * to other work on a shared host: its ratio is what req/s would show on an idle host with one core.
 */
async function cpuSnapshot(server, database) {
  return { server: cpuSeconds(server.child.pid), backends: database ? await backendCpuSeconds(ADMIN_URL, database) : new Map() };
}

/** CPU seconds used between two snapshots (a backend that started in between counts from zero). */
function cpuBetween(before, after) {
  let database = 0;
  for (const [pid, s] of after.backends) database += s - (before.backends.get(pid) ?? 0);
  return { server: after.server - before.server, database };
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('run `npm run build` first');
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  let parley;
  let bare;
  try {
    parley = await startParley(databaseUrl(name));
    const ownerToken = await populate(parley.url);
    const { datasets } = await gql(parley.url, DATASETS_QUERY, {}, ownerToken);
    bare = await startBare(datasets);
    const bareAnswer = await gql(bare.url, DATASETS_QUERY);
    if (JSON.stringify(bareAnswer.datasets) !== JSON.stringify(datasets)) throw new Error('the bare server does not answer what Parley answers');
    const bytes = Buffer.byteLength(JSON.stringify({ data: { datasets } }));
    console.log(`bench/graphql: ${DATASETS} datasets${OWNER ? '' : ' without owner'} (${bytes} bytes per answer), ${CLIENTS} clients, ${SECONDS} s per run, ${ROUNDS} rounds`);
    console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

    const results = { parley: [], bare: [] };
    const cpu = { parley: [], bare: [] };
    const targets = {
      parley: { url: parley.url, token: ownerToken, cpu: () => cpuSnapshot(parley, name) },
      bare: { url: bare.url, token: TOKEN, cpu: () => cpuSnapshot(bare, null) },
    };
    for (const key of ['parley', 'bare']) await drive(targets[key], WARM_SECONDS);
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate, so that a machine warming or cooling favours neither side.
      for (const key of round % 2 ? ['parley', 'bare'] : ['bare', 'parley']) {
        const { rps, cpuMs, databaseCpuMs } = await drive(targets[key], SECONDS);
        results[key].push(rps);
        cpu[key].push(cpuMs);
        const ofDatabase = key === 'parley' ? ` (database ${databaseCpuMs.toFixed(2)})` : '';
        console.log(`round ${round} ${key.padEnd(6)}: ${rps.toFixed(0)} req/s, ${cpuMs.toFixed(2)} CPU-ms per request${ofDatabase}`);
      }
    }
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const p = mean(results.parley);
    const b = mean(results.bare);
    const cpuRatio = mean(cpu.bare) / mean(cpu.parley);
    console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    console.log(JSON.stringify({ datasets: DATASETS, clients: CLIENTS, seconds: SECONDS, nodeEnv: NODE_ENV, parley: results.parley, bare: results.bare, cpuMs: cpu, ratio: p / b, cpuRatio }));
    console.log(`\nParley datasets ${p.toFixed(0)} req/s | bare Apollo Server ${b.toFixed(0)} req/s (NODE_ENV=${NODE_ENV})`);
    console.log(`CPU per request: Parley ${mean(cpu.parley).toFixed(2)} ms (server and database) | bare ${mean(cpu.bare).toFixed(2)} ms; bare/Parley ${cpuRatio.toFixed(3)}`);
    console.log(`ratio Parley/bare: ${(p / b).toFixed(3)} (goal ≥ 0.8)`);
  } finally {
    for (const s of [parley, bare]) {
      if (s && s.child.exitCode === null) {
        s.child.kill('SIGTERM');
        await once(s.child, 'exit');
      }
    }
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (process.argv.includes('--bare-server')) {
  bareServer().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(`bench failed: ${err.message}`);
    process.exit(1);
  });
}
