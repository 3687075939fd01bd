// What every benchmark needs: a scratch database beside a given PostgreSQL URL, and a free port.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pg = createRequire(join(ROOT, 'package.json'))('pg');

/** The same server as `url`, another database. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on `url` (CREATE/DROP DATABASE and the like). */
export async function adminQuery(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database next to `url`; `drop()` removes it even while connections remain. */
export async function scratchDatabase(url) {
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  return { name, url: withDatabase(url, name), drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** CPU seconds a process (all its threads) has used: on a shared host, steadier than wall time. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU seconds of each PostgreSQL backend connected to `database` (same host), by process id. */
export async function backendCpuSeconds(adminUrl, database) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
    return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
  } finally {
    await client.end();
  }
}

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Node.js flags `npm start` runs the server with (package.json's start script), so that the
 * benchmarks measure the server as it is run. Baselines that are Node.js servers get them too.
 */
export const SERVER_NODE_FLAGS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .filter((arg) => arg.startsWith('--'));

/**
 * Starts the built server (`dist/src/main.js`, or another `entry` script such as a benchmark's
 * baseline) on `databaseUrl` with a bootstrap `token`, and waits until `/readyz` answers. `env` adds
 * or overrides variables (rate limits, caps). Returns its base URL and the child process.
 */
export async function startBuiltServer({ databaseUrl, token, env = {}, port, stdout = 'ignore', entry }) {
  const listen = port ?? (await freePort());
  // BENCH_CPU_PROF_DIR: the server writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, ...SERVER_NODE_FLAGS, entry ?? join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    stdio: ['ignore', stdout, 'inherit'],
    env: {
      PATH: process.env.PATH,
      // Without a URL the server runs on its embedded database (PARLEY_DATA_DIR in `env`).
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      HOST: '127.0.0.1',
      PORT: String(listen),
      PARLEY_SECRET: randomBytes(32).toString('base64url'),
      PARLEY_BOOTSTRAP_TOKEN: token,
      PARLEY_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${listen}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return { url, child };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not become ready');
}
