#!/usr/bin/env node
// Builds what is out of date: the server (tsc → dist/src) and the web console (vite → dist/console),
// each only when the content of its sources differs from what it was last built from. Without this,
// every `npm start` rebuilt everything (15–38 s) for a server that starts in about 2 s.
//
//   node bin/build.js           build what changed (npm start runs this)
//   node bin/build.js --force   build both (npm run build)
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');

/** Every file under `dir` (recursively) that `keep` accepts, in a stable order. */
function files(dir, keep) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out.sort();
}

/** What is built, from what, by which command (run with `node`, in `root`). */
function targetsFor(ROOT) {
  const inConsole = (p) => p.startsWith(join(ROOT, 'src', 'console') + '/');
  return {
  server: {
    inputs: () => [
      ...files(join(ROOT, 'src'), (p) => p.endsWith('.ts') && !p.endsWith('.test.ts') && !inConsole(p)),
      ...files(join(ROOT, 'migrations'), (p) => p.endsWith('.ts')),
      join(ROOT, 'ormconfig.ts'),
      join(ROOT, 'tsconfig.json'),
      join(ROOT, 'package-lock.json'),
    ],
    output: join(ROOT, 'dist', 'src', 'main.js'),
    command: [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
  },
  console: {
    inputs: () => [...files(join(ROOT, 'src', 'console'), (p) => !p.endsWith('.test.ts')), join(ROOT, 'package-lock.json')],
    output: join(ROOT, 'dist', 'console', 'index.html'),
    command: [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/console/vite.config.mts', '--logLevel', 'warn'],
  },
  // GraphiQL is a React app of its own (the console is Preact), so it is a build of its own.
  explorer: {
    inputs: () => [...files(join(ROOT, 'src', 'console', 'explorer'), (p) => !p.endsWith('.test.ts')), join(ROOT, 'package-lock.json')],
    output: join(ROOT, 'dist', 'explorer', 'index.html'),
    command: [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'src/console/explorer/vite.config.mts', '--logLevel', 'warn'],
  },
  };
}

/** A hash of the sources' names and contents: unchanged content after a checkout does not rebuild. */
function digest(root, paths) {
  const hash = createHash('sha256');
  for (const p of paths) {
    hash.update(relative(root, p) + '\0');
    hash.update(existsSync(p) ? readFileSync(p) : Buffer.alloc(0));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readStamps(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Builds the out-of-date targets; returns false when a build failed (its output went to stderr).
 * `root` and `targets` default to this project; the tests pass a scratch project of their own.
 */
function ensureBuilt({ force = false, root = ROOT, targets = targetsFor(root), log = (m) => process.stderr.write(m + '\n') } = {}) {
  const stampFile = join(root, 'dist', '.build-stamps.json');
  const stamps = readStamps(stampFile);
  for (const [name, target] of Object.entries(targets)) {
    // Hashed before building: an edit made during the build is seen by the next start.
    const sum = digest(root, target.inputs());
    if (!force && stamps[name] === sum && existsSync(target.output)) continue;
    log(`building the ${name}…`);
    const result = spawnSync(process.execPath, target.command, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) return false;
    stamps[name] = sum;
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(stampFile, JSON.stringify(stamps, null, 2) + '\n');
  }
  return true;
}

module.exports = { ensureBuilt, targetsFor, files };

if (require.main === module) process.exit(ensureBuilt({ force: process.argv.includes('--force') }) ? 0 : 1);
