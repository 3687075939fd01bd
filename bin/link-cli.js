#!/usr/bin/env node
// npm links the bins of dependencies, never the project's own: without this link `npx parley` would
// fetch an unrelated package of that name from the registry instead of running this CLI.
const { mkdirSync, rmSync, symlinkSync, chmodSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const binDir = join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'parley');
rmSync(link, { force: true });
symlinkSync(join('..', '..', 'bin', 'parley.js'), link);
chmodSync(join(root, 'bin', 'parley.js'), 0o755);
