import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { startEmbedded } from './db/embedded';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + '\n');
      process.exit(1);
    }
    throw e;
  }
  // The embedded database takes about a second to start (PGlite compiles its WebAssembly off the main
  // thread); loading the server's modules takes most of another. Start the one, then do the other.
  const embedded = config.databaseUrl ? undefined : startEmbedded(config.dataDir);
  embedded?.catch(() => undefined); // awaited below; do not report it unhandled meanwhile
  const { createLogger } = require('./app/logger') as typeof import('./app/logger');
  const { startParley } = require('./app/parley-app') as typeof import('./app/parley-app');
  const { openDatabase } = require('./db/database') as typeof import('./db/database');
  const { collectProcessMetrics } = require('./http/metrics') as typeof import('./http/metrics');
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, { embedded });
  const app = await startParley(config, { log, database, processMetrics: collectProcessMetrics() });
  if (app.generatedAdminToken) {
    // Printed once, to the terminal only: it is not logged and cannot be shown again.
    process.stdout.write(
      `\nParley created the platform admin (admin@localhost). Its token, shown only now:\n\n  ${app.generatedAdminToken}\n\n`,
    );
  }
  log.info({ url: `${app.url}/graphql`, embedded: app.database.embedded }, 'parley is serving');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // The coordinated shutdown answers everything within the grace period plus about a second; this
    // is the backstop should closing the database hang. Never sooner than 10 s: on a saturated machine
    // a short grace period would otherwise exit while uploads still sit unread on their connections,
    // and exiting under unread data resets the connection instead of answering it.
    const force = setTimeout(() => {
      app.abortInFlight();
      process.exit(1);
    }, Math.max(config.shutdownGraceSeconds * 1000 + 2_000, BACKSTOP_FLOOR_MS));
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The earliest the shutdown backstop ends the process (see `stop`). */
const BACKSTOP_FLOOR_MS = 10_000;

main().catch((err: unknown) => {
  process.stderr.write(`parley failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
