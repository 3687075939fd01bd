import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT, type CliGlobalOptions } from './cli-context';
import { registerAuditCommands } from './audit.commands';
import { registerIdentityCommands } from './identity.commands';
import { registerSetupCommands } from './setup.commands';
import { registerIngestCommand } from './ingest.command';

/** `npx parley <command>`: the operator CLI. Each command registers itself from its own file. */
export function buildProgram(): Command {
  const program = new Command('parley')
    .description('Parley operator CLI')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded database)')
    .showHelpAfterError()
    .exitOverride();
  const globals = (): CliGlobalOptions => program.opts<CliGlobalOptions>();
  registerSetupCommands(program, globals);
  registerIngestCommand(program, globals);
  registerIdentityCommands(program, globals);
  registerAuditCommands(program, globals);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      process.stderr.write(`parley: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`parley: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}
