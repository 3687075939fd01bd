import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

describe('npx parley', () => {
  it('runs this project\'s operator CLI (not a registry package of the same name)', async () => {
    const { stdout } = await run('npx', ['--no-install', 'parley', '--help'], { cwd: root, timeout: 30_000 });
    expect(stdout).toContain('Parley operator CLI');
    for (const command of ['migrate', 'bootstrap', 'org', 'user', 'token', 'ingest', 'audit']) expect(stdout).toContain(command);
  });

  it('answers --help without loading the database or the services (what kept every call at 7–11 s)', async () => {
    const probe = `
      const main = require('./dist/src/cli/main.js');
      main.buildProgram().helpInformation();
      const heavy = Object.keys(require.cache).filter((p) => /node_modules[\\/](typeorm|@electric-sql|pg|@casl|graphql)[\\/]|dist[\\/]src[\\/](app|db)[\\/]/.test(p));
      process.stdout.write(JSON.stringify(heavy));`;
    const { stdout } = await run('node', ['-e', probe], { cwd: root });
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('exits 2 on an unknown command', async () => {
    await expect(run('node', ['bin/parley.js', 'frobnicate'], { cwd: root })).rejects.toMatchObject({ code: 2 });
  });
});
