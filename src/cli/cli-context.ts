import 'reflect-metadata';
import { buildServices, type Services } from '../app/services';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { resolveSecret } from '../config/data-dir-secrets';
import { DataDirLockedError } from '../db/data-dir-lock';
import { openDatabase } from '../db/database';

export interface CliContext {
  config: Config;
  services: Services;
  close(): Promise<void>;
}

export interface CliGlobalOptions {
  databaseUrl?: string;
}

/** Exit codes: 0 success, 1 the operation failed or found a problem, 2 bad usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failed) {
    super(message);
  }
}

/**
 * Opens the database the way the server does (`--database-url`, else DATABASE_URL, else the embedded
 * database under PARLEY_DATA_DIR) and migrates it. The embedded database allows one process at a time:
 * against a data dir a running server holds, the command stops with one line (exit 1) instead of
 * writing where the server would never see it.
 */
export async function openCli(opts: CliGlobalOptions): Promise<CliContext> {
  let config: Config;
  try {
    config = loadConfig({ ...process.env, ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  let database;
  try {
    database = await openDatabase(config);
  } catch (e) {
    if (e instanceof DataDirLockedError) throw new CliError(e.message, EXIT.failed);
    throw e;
  }
  const services = buildServices(database.dataSource, { config, secret: resolveSecret(config) });
  return { config, services, close: () => database.close() };
}

/** Runs a command body with an opened context and always closes it. */
export async function withCli<T>(opts: CliGlobalOptions, body: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openCli(opts);
  try {
    return await body(ctx);
  } finally {
    await ctx.close();
  }
}
