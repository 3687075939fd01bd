import type { Command } from 'commander';
import { writeAuditExport } from '../audit/audit-export';
import { CliError, EXIT, withCli, type CliGlobalOptions } from './cli-context';

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
    .description('write the trail as NDJSON to stdout: events from seq 1, then checkpoint and publicKey lines')
    .option('--no-checkpoints', 'write the event lines only')
    .action(async (opts: { checkpoints: boolean }) => {
      await withCli(globals(), async ({ services }) => {
        const { events } = await writeAuditExport(services.auditTrail, process.stdout, { checkpoints: opts.checkpoints });
        process.stderr.write(`exported ${events} events\n`);
      });
    });
}
