#!/usr/bin/env node
// Private aggregate vs. the same aggregate in raw SQL, end to end.
//
//   npm run build && node bench/aggregate/run.mjs [--rows 1000000] [--runs 15] [--error-runs 60]
//
// Needs a local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
// as the admin connection). Creates a throwaway database, starts the built server on it, loads
// the rows through ingestCsv, then times COUNT + SUM + MEAN grouped by a 4-category column with
// one filter: through GraphQL (privateAggregate, a different ε each run so that nothing is served
// from the cache) and directly with pg. Prints both medians and their ratio, for a dataset whose
// rows are each one person and for one with a privacy unit (contribution bounding on).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import pg from 'pg';
import { adminQuery, startBuiltServer, withDatabase } from '../support.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const RUNS = arg('runs', 15);
// Untimed releases added to the timed ones for the noise check: the mean of n values of |noise|/b
// has a standard error of 1/√n, so ±0.1 needs a few hundred values per aggregation.
const ERROR_RUNS = arg('error-runs', 60);
const CHUNK = 100_000;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `parley_bench_${randomBytes(4).toString('hex')}`;
const TOKEN = 'bench-admin-token-' + randomBytes(12).toString('hex');
const PORT = arg('port', 4600 + (randomBytes(2).readUInt16BE() % 300));

const dbUrl = withDatabase(ADMIN_URL, DB);

const admin = (sql) => adminQuery(ADMIN_URL, sql);

async function gql(query, variables = {}, token = TOKEN) {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function startServer() {
  const env = { PARLEY_RATE_LIMIT_POINTS: '1000000', PARLEY_MAX_EPSILON_BUDGET: '100000', PARLEY_STATEMENT_TIMEOUT_MS: '600000' };
  return (await startBuiltServer({ databaseUrl: dbUrl, token: TOKEN, port: PORT, env, stdout: 'inherit' })).child;
}

const DEPTS = ['north', 'south', 'east', 'west'];

function csvChunk(from, to, withUnit) {
  // `ticket` makes every row distinct: ingest removes exact duplicates.
  const lines = [withUnit ? 'person,ticket,dept,amount,flag' : 'ticket,dept,amount,flag'];
  for (let i = from; i < to; i += 1) {
    const row = `${i},${DEPTS[i % 4]},${(i * 7919) % 1001},${i % 3 === 0 ? 'true' : 'false'}`;
    lines.push(withUnit ? `u${Math.floor(i / 3)},${row}` : row);
  }
  return lines.join('\n') + '\n';
}

async function setUp(withUnit, tokens, ids) {
  const columns = [
    { name: 'ticket', type: 'INTEGER', lowerBound: 0, upperBound: ROWS, nullable: false },
    { name: 'dept', type: 'CATEGORY', categories: DEPTS, nullable: false },
    { name: 'amount', type: 'INTEGER', lowerBound: 0, upperBound: 1000, nullable: false },
    { name: 'flag', type: 'BOOLEAN', nullable: false },
  ];
  if (withUnit) columns.unshift({ name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false });
  const input = { name: withUnit ? 'sales_units' : 'sales', columns, privacyUnitColumn: withUnit ? 'person' : null, maxRowsPerUnit: withUnit ? 3 : 1 };
  const { createDataset } = await gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: input }, tokens.owner);
  const t0 = performance.now();
  for (let from = 0; from < ROWS; from += CHUNK) {
    await gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted } }', { d: createDataset.id, c: csvChunk(from, Math.min(ROWS, from + CHUNK), withUnit) }, tokens.owner);
  }
  process.stdout.write(`  loaded ${ROWS} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const { grantAgreement } = await gql(
    'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
    {
      i: {
        datasetId: createDataset.id,
        partnerOrganizationId: ids.partner,
        purpose: 'benchmark',
        columns: ['dept', 'amount', 'flag'],
        allowedAggregations: ['COUNT', 'SUM', 'MEAN'],
        epsilonBudget: 100000,
        epsilonPerQueryMax: 10,
      },
    },
    tokens.owner,
  );
  const [{ table_name, row_count }] = (await query(`SELECT table_name, row_count FROM datasets WHERE id = $1`, [createDataset.id])).rows;
  if (Number(row_count) !== ROWS) throw new Error(`expected ${ROWS} rows in the dataset, found ${row_count}`);
  return { agreementId: grantAgreement.id, table: table_name };
}

let client;
const query = (sql, params) => client.query(sql, params);

/**
 * Noise at the theoretical minimum: for every released COUNT and SUM of every timed run, |released −
 * exact| divided by the noise scale Δ/ε the plan stated. Laplace noise of scale b has a 95% radius of
 * b·ln 20, so b = errorBound95 / ln 20; the mean of |noise| / b is 1 for the Laplace mechanism.
 * The exact values are those of the bounded rows (rank ≤ m with a privacy unit).
 */
function errorRatios(answers, truth) {
  const ratios = { COUNT: [], SUM: [] };
  for (const answer of answers) {
    for (const g of answer.groups) {
      const exact = truth.get(g.key[0]);
      for (const v of g.values) {
        if (!(v.function in ratios)) continue;
        const b = v.errorBound95 / Math.log(20);
        ratios[v.function].push(Math.abs(v.value - (v.function === 'COUNT' ? exact.count : exact.sum)) / b);
      }
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  // The standard error of each mean, so that a deviation from 1 can be told from sampling noise.
  const se = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);
  return { COUNT: mean(ratios.COUNT), SUM: mean(ratios.SUM), seCount: se(ratios.COUNT), seSum: se(ratios.SUM), values: ratios.COUNT.length + ratios.SUM.length };
}

async function measure(label, { agreementId, table }, tokens, withUnit) {
  const PRIVATE = `mutation($i: AggregateQueryInput!) { privateAggregate(input: $i) {
    queryId cached epsilonSpent groups { key values { function value errorBound95 } } } }`;
  const input = (epsilon) => ({
    agreementId,
    epsilon,
    aggregations: [{ function: 'COUNT' }, { function: 'SUM', column: 'amount' }, { function: 'MEAN', column: 'amount' }],
    groupBy: ['dept'],
    filters: [{ column: 'flag', op: 'EQ', value: 'true' }],
  });
  const raw = `SELECT dept, count(*), sum(amount), avg(amount) FROM parley_data."${table}" WHERE flag = $1 GROUP BY dept`;
  // Warm both paths (plans, caches, JIT) before timing.
  await gql(PRIVATE, { i: input(9.999) }, tokens.analyst);
  await query(raw, [true]);
  const privateTimes = [];
  const rawTimes = [];
  const answers = [];
  for (let i = 0; i < RUNS; i += 1) {
    let t = performance.now();
    const r = await gql(PRIVATE, { i: input(1 + i * 0.001) }, tokens.analyst);
    privateTimes.push(performance.now() - t);
    if (r.privateAggregate.cached) throw new Error('a timed run was served from the cache');
    answers.push(r.privateAggregate);
    t = performance.now();
    await query(raw, [true]);
    rawTimes.push(performance.now() - t);
  }
  for (let i = 0; i < ERROR_RUNS; i += 1) answers.push((await gql(PRIVATE, { i: input(2 + i * 0.001) }, tokens.analyst)).privateAggregate);
  let t = performance.now();
  const cached = await gql(PRIVATE, { i: input(1) }, tokens.analyst);
  const cachedMs = performance.now() - t;
  if (!cached.privateAggregate.cached) throw new Error('the repeated query was not cached');
  const p = median(privateTimes);
  const r = median(rawTimes);
  // Each timed run is followed by its raw twin: the median of the pairs' differences is what Parley
  // adds to one answer, and moves less with the host's load than the ratio of the two medians.
  const added = median(privateTimes.map((t, i) => t - rawTimes[i]));
  const bounded = withUnit ? ' AND "_unit_rank" <= 3' : '';
  const exact = await query(`SELECT dept, count(*)::float8 AS count, sum(LEAST(GREATEST(amount, 0), 1000))::float8 AS sum FROM parley_data."${table}" WHERE flag = $1${bounded} GROUP BY dept`, [true]);
  const noise = errorRatios(answers, new Map(exact.rows.map((row) => [row.dept, row])));
  process.stdout.write(
    `  ${label}: privateAggregate median ${p.toFixed(1)} ms | raw SQL median ${r.toFixed(1)} ms (cached answer ${cachedMs.toFixed(1)} ms)\n` +
      `    mean |error| ÷ (Δ/ε) over ${noise.values} released values: COUNT ${noise.COUNT.toFixed(2)} ± ${noise.seCount.toFixed(2)}, SUM ${noise.SUM.toFixed(2)} ± ${noise.seSum.toFixed(2)} (± one standard error; goal 1.0 ± 0.1)\n` +
      `    Parley adds ${added.toFixed(1)} ms to an answer (median of the paired differences)\n` +
      `    ratio privateAggregate / raw SQL: ${(p / r).toFixed(2)}×\n`,
  );
  return { label, privateMs: p, rawMs: r, ratio: p / r, addedMs: added, cachedMs, errorOverScale: { COUNT: noise.COUNT, SUM: noise.SUM } };
}

async function main() {
  await admin(`CREATE DATABASE ${DB}`);
  let server;
  try {
    server = await startServer();
    client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { createOrganization: owner } = await gql('mutation { createOrganization(name: "Owner", slug: "owner") { id } }');
    const { createOrganization: partner } = await gql('mutation { createOrganization(name: "Partner", slug: "partner") { id } }');
    const tokenFor = async (org, email, role) => {
      const { createUser } = await gql('mutation($o: ID!, $e: String!, $r: [Role!]!) { createUser(organizationId: $o, email: $e, roles: $r) { id } }', { o: org, e: email, r: [role] });
      const { issueApiToken } = await gql('mutation($u: ID!) { issueApiToken(name: "bench", userId: $u) { token } }', { u: createUser.id });
      return issueApiToken.token;
    };
    const tokens = { owner: await tokenFor(owner.id, 'owner@bench.test', 'ORG_ADMIN'), analyst: await tokenFor(partner.id, 'analyst@bench.test', 'ANALYST') };
    const ids = { partner: partner.id };
    process.stdout.write(`bench/aggregate: load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${ROWS} rows, ${RUNS} timed runs each, PostgreSQL ${(await query('SHOW server_version')).rows[0].server_version}\n`);
    const results = [];
    for (const withUnit of [false, true]) {
      const ds = await setUp(withUnit, tokens, ids);
      await query('VACUUM ANALYZE');
      results.push(await measure(withUnit ? 'privacy unit, ≤ 3 rows each' : 'each row one person', ds, tokens, withUnit));
    }
    process.stdout.write(JSON.stringify({ rows: ROWS, runs: RUNS, load: loadavg(), results }) + '\n');
    for (const x of results) process.stdout.write(`ratio (${x.label}): ${x.ratio.toFixed(2)}× raw SQL\n`);
  } finally {
    await client?.end().catch(() => {});
    if (server) {
      server.kill('SIGTERM');
      await once(server, 'exit').catch(() => {});
    }
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
