import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToExit, startServerProcess } from '../support/server-process';
import { usingPostgres } from '../support/test-database';

const ME = JSON.stringify({ query: '{ me { email roles } }' });

async function me(url: string, token: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: ME,
  });
  return res.json();
}

describe('the server as a process', () => {
  it('stops at start with one line naming a bad variable, exit 1', async () => {
    const { code, output } = await runToExit({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/PORT/);
  });

  // A first start on a new data directory (initdb, every migration), as `npm start` does it: the run
  // against PostgreSQL would repeat exactly this test.
  (usingPostgres ? it.skip : it)('on the embedded database: prints a one-time admin token, shuts down on SIGTERM, and keeps everything across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-proc-'));
    try {
      const env = { PARLEY_DATA_DIR: join(dir, 'data') };
      const first = await startServerProcess(env);
      const token = /(prl_[A-Za-z0-9_-]+)/.exec(first.output())?.[1];
      expect(token).toBeDefined();
      expect(await me(first.url, token!)).toEqual({ data: { me: { email: 'admin@localhost', roles: ['PLATFORM_ADMIN'] } } });
      const stopped = await first.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(10_000);

      const second = await startServerProcess(env);
      expect(second.output()).not.toMatch(/prl_/);
      // The process's own figures come with the app's: the entry point collects them once.
      const metrics = await (await fetch(`${second.url}/metrics`)).text();
      expect(metrics).toMatch(/^parley_process_process_cpu_seconds_total \d/m);
      expect(metrics).toMatch(/^parley_db_pool_connections \d/m);
      expect(await me(second.url, token!)).toEqual({ data: { me: { email: 'admin@localhost', roles: ['PLATFORM_ADMIN'] } } });
      expect((await second.stop()).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
