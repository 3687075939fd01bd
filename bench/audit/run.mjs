#!/usr/bin/env node
// What auditing costs: the built server twice against PostgreSQL, once with the audit trail and once
// through this benchmark's own entry point (no-audit-server.mjs, an audit log that appends nothing;
// no variable switches auditing off in the shipped server), each driven by the
// same number of concurrent clients running an audited mutation (createOrganization).
//
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/audit/run.mjs
//
// Options (environment): BENCH_CLIENTS (200), BENCH_REQUESTS per run (4000), BENCH_ROUNDS (2).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery, startBuiltServer, withDatabase as databaseUrl } from '../support.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TOKEN = 'bench-admin-token-' + randomBytes(16).toString('hex');
const MUTATION = 'mutation($s: String!) { createOrganization(name: $s, slug: $s) { id } }';

const admin = (sql) => adminQuery(process.env.DATABASE_URL, sql);

const startServer = (db, auditOff) =>
  startBuiltServer({
    databaseUrl: db,
    token: TOKEN,
    env: { PARLEY_RATE_LIMIT_POINTS: '100000000' },
    ...(auditOff ? { entry: join(ROOT, 'bench', 'audit', 'no-audit-server.mjs') } : {}),
  });

async function mutate(url, slug) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: MUTATION, variables: { s: slug } }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

/** `count` mutations spread over CLIENTS concurrent clients; returns requests per second. */
async function drive(url, prefix, count) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < count; i = next++) await mutate(url, `${prefix}-${i}`);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

async function measure(auditOff, round) {
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const server = await startServer(databaseUrl(process.env.DATABASE_URL, name), auditOff);
  try {
    await drive(server.url, `warm${round}`, Math.min(REQUESTS, CLIENTS * 2));
    return await drive(server.url, `run${round}`, REQUESTS);
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a role that may CREATE DATABASE)');
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('run `npm run build` first');
  const results = { off: [], on: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate, so that warming of the machine or the database favours neither side.
    for (const mode of round % 2 ? ['off', 'on'] : ['on', 'off']) {
      const rps = await measure(mode === 'off', round);
      results[mode].push(rps);
      console.log(`round ${round} audit ${mode.padEnd(3)}: ${rps.toFixed(0)} mutations/s`);
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const off = mean(results.off);
  const on = mean(results.on);
  console.log(`\n${CLIENTS} clients, ${REQUESTS} createOrganization per run, ${ROUNDS} rounds; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`audit on ${on.toFixed(0)} mutations/s | audit off ${off.toFixed(0)} mutations/s`);
  console.log(`ratio on/off: ${(on / off).toFixed(3)} (audit costs ${((1 - on / off) * 100).toFixed(1)}% of throughput; goal ≥ 0.85)`);
}

main().catch((err) => {
  console.error(`bench failed: ${err.message}`);
  process.exit(1);
});
