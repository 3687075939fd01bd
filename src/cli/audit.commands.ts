import { createWriteStream } from 'node:fs';
import { Option, type Command } from 'commander';
import { CliError, EXIT, type CliGlobalOptions } from './cli-context';
import { withCli } from './with-cli';

/** `audit verify` and `audit export`: what an auditor runs against the database itself. */
export function registerAuditCommands(program: Command, globals: () => CliGlobalOptions): void {
  const audit = program.command('audit').description('verify or export the hash-chained audit trail');

  audit
    .command('verify')
    .description('check every event hash, link and signed checkpoint; exit code 0 only when all verify')
    .action(async () => {
      await withCli(globals(), async ({ services }) => {
        const result = await services.auditTrail.verifyAll();
        process.stdout.write(JSON.stringify(result) + '\n');
        if (!result.ok) {
          throw new CliError(`audit trail does NOT verify at seq ${result.firstBrokenSeq}: ${result.problem}`, EXIT.failed);
        }
        process.stderr.write(`audit trail verifies: ${result.eventsChecked} events, ${result.checkpointsChecked} signed checkpoints\n`);
      });
    });

  audit
    .command('export')
    .description('write the events as NDJSON to stdout, one a line from seq 1 and nothing else')
    .option('--checkpoints <file>', 'also write the signed checkpoints and the public key, as NDJSON, to this file')
    // The former flag for "events only", which is now what stdout always holds: accepted, does nothing.
    .addOption(new Option('--no-checkpoints').hideHelp())
    .action(async (opts: { checkpoints?: string | false }) => {
      await withCli(globals(), async ({ services }) => {
        const { writeAuditExport } = require('../audit/audit-export') as typeof import('../audit/audit-export');
        const file = opts.checkpoints ? createWriteStream(opts.checkpoints, { flags: 'w' }) : undefined;
        try {
          const { events, checkpoints } = await writeAuditExport(services.auditTrail, process.stdout, { checkpoints: file });
          process.stderr.write(`exported ${events} events` + (file ? `, ${checkpoints} checkpoints to ${opts.checkpoints}` : '') + '\n');
        } finally {
          if (file) await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
        }
      });
    });
}
