import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCES = join(ROOT, 'src', 'console');
const INDEX = join(ROOT, 'dist', 'console', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` compiles the server (pretest) but not the console bundle; build it here when it is
 * missing or older than its sources, exactly as `npm run build:console` does.
 */
export function ensureConsoleBuilt(): void {
  if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= newestMtime(SOURCES)) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', join(SOURCES, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`the console did not build:\n${built.stdout}\n${built.stderr}`);
}
