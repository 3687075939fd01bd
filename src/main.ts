import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './app/logger';
import { startParley } from './app/parley-app';

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
  const log = createLogger(config.logLevel);
  const app = await startParley(config, { log });
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
    // is the backstop should closing the database hang.
    const force = setTimeout(() => process.exit(1), config.shutdownGraceSeconds * 1000 + 2_000);
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

main().catch((err: unknown) => {
  process.stderr.write(`parley failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
