import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// bin/build.js is plain CommonJS, run by `npm start` before anything is compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt, files } = require('../../bin/build.js') as {
  ensureBuilt(opts: { root: string; targets: Record<string, unknown>; force?: boolean; log?: (m: string) => void }): boolean;
  files(dir: string, keep: (p: string) => boolean): string[];
};

/**
 * `npm start` builds only what changed: checked on a scratch project whose "build" is a real child
 * process that counts its runs, so nothing of this project's dist/ is touched.
 */
describe('build on start', () => {
  let root: string;
  let builds: string[];
  const log = (m: string) => builds.push(m);
  const counter = () => join(root, 'runs');
  const targets = () => ({
    app: {
      inputs: () => files(join(root, 'src'), (p) => p.endsWith('.ts')),
      output: join(root, 'dist', 'out.js'),
      command: ['-e', `const fs = require('fs'); fs.mkdirSync('dist', { recursive: true }); fs.writeFileSync('dist/out.js', ''); fs.appendFileSync(${JSON.stringify(counter())}, 'x')`],
    },
  });
  const runs = () => readFileSync(counter(), 'utf8').length;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'parley-build-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => (builds = []));

  it('builds the first time, then not again while the sources are unchanged', () => {
    expect(ensureBuilt({ root, targets: targets(), log })).toBe(true);
    expect(runs()).toBe(1);
    expect(ensureBuilt({ root, targets: targets(), log })).toBe(true);
    expect(runs()).toBe(1);
    expect(builds).toEqual(['building the app…']);
  });

  it('does not rebuild for a newer timestamp with the same content (a checkout), but does for new content or a missing output', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src', 'a.ts'), later, later);
    ensureBuilt({ root, targets: targets(), log });
    expect(runs()).toBe(1);

    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 2;\n');
    ensureBuilt({ root, targets: targets(), log });
    expect(runs()).toBe(2);

    writeFileSync(join(root, 'src', 'b.ts'), 'export const b = 1;\n');
    ensureBuilt({ root, targets: targets(), log });
    expect(runs()).toBe(3);

    rmSync(join(root, 'dist', 'out.js'));
    ensureBuilt({ root, targets: targets(), log });
    expect(runs()).toBe(4);

    ensureBuilt({ root, targets: targets(), log, force: true });
    expect(runs()).toBe(5);
  });

  it('reports a failed build and keeps it out of date', () => {
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 3;\n');
    const failing = { app: { ...targets().app, command: ['-e', 'process.exit(3)'] } };
    expect(ensureBuilt({ root, targets: failing, log })).toBe(false);
    ensureBuilt({ root, targets: targets(), log });
    expect(runs()).toBe(6);
  });
});
