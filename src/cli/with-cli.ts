import type { CliContext, CliGlobalOptions } from './cli-context';

/** Runs a command body with an opened context (see cli-open) and always closes it. */
export async function withCli<T>(opts: CliGlobalOptions, body: (ctx: CliContext) => Promise<T>): Promise<T> {
  const { openCli } = require('./cli-open') as typeof import('./cli-open');
  const ctx = await openCli(opts);
  try {
    return await body(ctx);
  } finally {
    await ctx.close();
  }
}
