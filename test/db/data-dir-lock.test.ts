import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuild, run } from '../audit/built-code';
import { runToExit, startServerProcess } from '../support/server-process';
import { copyEmbeddedTemplate, usingPostgres } from '../support/test-database';

// Embedded data directories only: the run against PostgreSQL would repeat exactly this test.
const suite = usingPostgres ? describe.skip : describe;

/** The real built server and CLI, as separate processes on one embedded data directory. */
suite('the embedded data directory lock', () => {
  let root: string;
  let dataDir: string;
  const env = () => ({ PARLEY_DATA_DIR: dataDir });
  const cli = (...args: string[]) => run(['bin/parley.js', ...args], env());
  const lockFile = () => join(dataDir, 'parley.lock');

  beforeAll(() => {
    requireBuild();
    root = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    dataDir = join(root, 'data');
    // Already migrated: the first start of a data directory is the process test's subject, not this one's.
    copyEmbeddedTemplate(dataDir);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses the CLI and a second server while a server holds it, with one line and exit 1; nothing is written', async () => {
    const server = await startServerProcess(env());
    try {
      expect(existsSync(lockFile())).toBe(true);
      const refused = await cli('org', 'create', '--name', 'Lost', '--slug', 'lost');
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(new RegExp(`in use by process ${server.child.pid}: stop that server, or set DATABASE_URL`));

      const second = await runToExit({ ...env(), PORT: '0', HOST: '127.0.0.1' });
      expect(second.code).toBe(1);
      expect(second.output).toMatch(/in use by process/);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
    expect(existsSync(lockFile())).toBe(false);

    // After the server stopped, the CLI works, and the refused organization was never created.
    const created = await cli('org', 'create', '--name', 'Kept', '--slug', 'kept');
    expect(created.code).toBe(0);
    const exported = await cli('audit', 'export');
    const slugs = exported.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.action === 'ORGANIZATION_CREATED').map((e) => e.details.slug);
    expect(slugs).toContain('kept');
    expect(slugs).not.toContain('lost');
    expect(existsSync(lockFile())).toBe(false);
  }, 120_000);

  it('takes over a stale lock whose process is gone, and a garbled one', async () => {
    mkdirSync(dataDir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockFile(), JSON.stringify({ pid: gone, since: '2020-01-01T00:00:00.000Z' }) + '\n');
    const first = await cli('org', 'create', '--name', 'After crash', '--slug', 'after-crash');
    expect(first).toMatchObject({ code: 0 });
    expect(existsSync(lockFile())).toBe(false);

    writeFileSync(lockFile(), 'not json');
    const server = await startServerProcess(env());
    expect((await server.stop()).code).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
  }, 120_000);
});
