import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SOURCES = join(ROOT, 'src', 'console', 'explorer');
const INDEX = join(ROOT, 'dist', 'explorer', 'index.html');

/** `npm test` compiles the server only: build the explorer as `npm run build:console` does, when stale. */
export function ensureExplorerBuilt(): void {
  const newest = Math.max(...readdirSync(SOURCES).map((f) => statSync(join(SOURCES, f)).mtimeMs));
  if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= newest) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', join(SOURCES, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`the explorer did not build:\n${built.stdout}\n${built.stderr}`);
}
