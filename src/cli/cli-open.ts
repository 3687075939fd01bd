import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { DataDirLockedError } from '../db/data-dir-lock';
import { startEmbedded } from '../db/embedded';
import { CliError, EXIT, type CliContext, type CliGlobalOptions } from './cli-context';

/**
 * Opens the database the way the server does (`--database-url`, else DATABASE_URL, else the embedded
 * database under PARLEY_DATA_DIR) and migrates it. The embedded database allows one process at a time:
 * against a data dir a running server holds, the command stops with one line (exit 1) instead of
 * writing where the server would never see it. Loaded only when a command runs (see cli-context).
 */
export async function openCli(opts: CliGlobalOptions): Promise<CliContext> {
  let config: Config;
  try {
    config = loadConfig({ ...process.env, ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  // As in main.ts: let PGlite start while the services' modules load.
  const embedded = config.databaseUrl ? undefined : startEmbedded(config.dataDir);
  embedded?.catch(() => undefined); // awaited below
  const { openDatabase } = require('../db/database') as typeof import('../db/database');
  const { buildServices } = require('../app/services') as typeof import('../app/services');
  const { resolveSecret } = require('../config/data-dir-secrets') as typeof import('../config/data-dir-secrets');
  let database;
  try {
    database = await openDatabase(config, { embedded });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw new CliError(e.message, EXIT.failed);
    throw e;
  }
  const services = buildServices(database.dataSource, { config, secret: resolveSecret(config) });
  return { config, services, close: () => database.close() };
}
