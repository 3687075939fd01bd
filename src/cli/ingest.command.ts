import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import type { Command } from 'commander';
import { CliError, EXIT, type CliGlobalOptions } from './cli-context';
import { withCli } from './with-cli';

/** `parley ingest <datasetId> <file>`: streams a CSV file through the ingest pipeline as the operator. */
export function registerIngestCommand(program: Command, globals: () => CliGlobalOptions): void {
  program
    .command('ingest <datasetId> <file>')
    .description('load a CSV file into a dataset (streamed; prints the ingest report as JSON)')
    .option('--mode <mode>', 'APPEND or REPLACE', 'APPEND')
    .option('--strict', 'fail the whole upload if any row is rejected', false)
    .option('--no-progress', 'no progress bar')
    .action(async (datasetId: string, file: string, opts: { mode: string; strict: boolean; progress: boolean }) => {
      const mode = opts.mode.toUpperCase();
      if (mode !== 'APPEND' && mode !== 'REPLACE') throw new CliError('--mode must be APPEND or REPLACE', EXIT.usage);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new CliError(`cannot read ${file}`, EXIT.usage);
      }
      await withCli(globals(), async ({ services }) => {
        const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
        const { ParleyError } = require('../errors/errors') as typeof import('../errors/errors');
        const { requireOperator } = require('./operator') as typeof import('./operator');
        const operator = await requireOperator(services);
        const bar = opts.progress ? new SingleBar({ stream: process.stderr, format: 'ingest [{bar}] {percentage}% | {value}/{total} bytes' }, Presets.shades_classic) : null;
        bar?.start(size, 0);
        let read = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            read += chunk.length;
            bar?.update(read);
            done(null, chunk);
          },
        });
        try {
          const raw = createReadStream(file);
          raw.once('error', (e) => counter.destroy(e));
          const source = raw.pipe(counter);
          const report = await services.ingest.ingestAsOperator(datasetId, source, { mode, strict: opts.strict, via: 'cli' }, operator);
          bar?.update(size);
          bar?.stop();
          process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        } catch (e) {
          bar?.stop();
          if (e instanceof ParleyError) throw new CliError(`${e.code}: ${e.message}`, e.code === 'BAD_USER_INPUT' ? EXIT.usage : EXIT.failed);
          throw e;
        }
      });
    });
}
