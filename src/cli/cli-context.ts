import type { Services } from '../app/services';
import type { Config } from '../config/config';

/*
 * Kept light on purpose: every command file imports this at start, and `parley --help` should not
 * pay for TypeORM, PGlite and the services. The database and services load in `withCli` (with-cli.ts), when a
 * command actually runs: the commands `require` their heavy modules inside their actions (typed
 * with `typeof import(...)`), since this CommonJS build's `import()` would be an ES module load.
 */

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
