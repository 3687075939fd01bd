#!/usr/bin/env node
// The audit benchmark's baseline: the built server with an audit log that appends nothing. It exists
// only here, so that no shipped entry point (npm start, dist/src/main.js, the CLI) and no environment
// variable can switch auditing off. Configured from the environment like dist/src/main.js.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'src');
require('reflect-metadata');
const { AuditLog } = require(join(DIST, 'audit', 'audit-log.js'));
const { loadConfig } = require(join(DIST, 'config', 'config.js'));
const { createLogger } = require(join(DIST, 'app', 'logger.js'));
const { startParley } = require(join(DIST, 'app', 'parley-app.js'));
const { collectProcessMetrics } = require(join(DIST, 'http', 'metrics.js'));

/** Appends nothing: what the server costs without its audit trail. */
class NoAuditLog extends AuditLog {
  async append() {
    return null;
  }
}

const config = loadConfig();
const log = createLogger(config.logLevel);
const app = await startParley(config, { log, audit: new NoAuditLog(), processMetrics: collectProcessMetrics() });
log.warn({ url: `${app.url}/graphql` }, 'benchmark baseline serving WITHOUT an audit trail');
const stop = () => app.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
