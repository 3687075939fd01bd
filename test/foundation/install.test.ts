import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { subset(a: string, b: string): boolean; satisfies(v: string, r: string): boolean };

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

/**
 * A fresh clone's `npm install` must leave the tree clean and warn about no engine: the lock file is
 * what npm writes for this package.json, and every locked package runs on every Node this project
 * says it supports.
 */
describe('the lock file', () => {
  const rootEntry = lock.packages[''];

  it('records what npm would add itself (hasInstallScript, engines, dependencies)', () => {
    const hasInstallScript = ['preinstall', 'install', 'postinstall'].some((s) => s in pkg.scripts);
    expect(Boolean(rootEntry.hasInstallScript)).toBe(hasInstallScript);
    expect(rootEntry.engines).toEqual(pkg.engines);
    expect(rootEntry.dependencies).toEqual(pkg.dependencies);
    expect(rootEntry.devDependencies).toEqual(pkg.devDependencies);
  });

  it('holds no package that refuses a Node version within our engines', () => {
    const ours: string = pkg.engines.node;
    const refusing = Object.entries<{ engines?: { node?: string } }>(lock.packages)
      .filter(([path, entry]) => path !== '' && typeof entry.engines?.node === 'string' && !semver.subset(ours, entry.engines.node))
      .map(([path, entry]) => `${path} (${entry.engines!.node})`);
    expect(refusing).toEqual([]);
    expect(semver.satisfies(process.version, ours)).toBe(true);
  });
});
