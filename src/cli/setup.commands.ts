import type { Command } from 'commander';
import type { CliGlobalOptions } from './cli-context';
import { withCli } from './with-cli';

/** `migrate` and `bootstrap`: bring a database to the current schema; get an admin token. */
export function registerSetupCommands(program: Command, globals: () => CliGlobalOptions): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await withCli(globals(), async () => {
        process.stdout.write('migrations are current\n');
      });
    });

  program
    .command('bootstrap')
    .description('issue a new token for the platform admin (admin@localhost), creating it if missing; the token is the last line')
    .action(async () => {
      await withCli(globals(), async ({ services }) => {
        const { operatorActor } = require('./operator') as typeof import('./operator');
        const token = await services.bootstrap.issueAdminToken(operatorActor);
        process.stdout.write(`new platform admin token for admin@localhost:\n${token}\n`);
      });
    });
}
