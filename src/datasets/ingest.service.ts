import { PassThrough, type Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { Guard } from '../auth/guard';
import type { AuditLog } from '../audit/audit-log';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import { cleanedPieces } from './cleaned-pieces';
import { IngestTally } from './csv-row-cleaner';
import type { IngestSlots } from './ingest-slots';
import type { IngestWorkers } from './ingest-workers';
import type { DatasetEntity } from './dataset.entity';
import { datasetResource } from './dataset-subject';
import type { DatasetService } from './dataset.service';
import type { DatasetStore } from './dataset.store';
import { StagingTable } from './staging-table';

export type IngestVia = 'graphql' | 'http' | 'cli';

export interface IngestLimits {
  slots: IngestSlots;
  /** An upload body silent for this long fails (and nothing of it is loaded). */
  idleMs: number;
  maxRecordChars: number;
  /** Threads that clean pieces (size 0: the calling thread does). */
  workers: IngestWorkers;
}

/** Pieces are cut at the first record end after this many bytes: small enough that the records parsed from one die young (memory stays flat), big enough that handing it to a worker costs little. */
const PIECE_BYTES = 32 * 1024;

export interface IngestOptions {
  mode: 'APPEND' | 'REPLACE';
  strict: boolean;
  via: IngestVia;
}

/** The stored and returned report (JSON-safe: `finishedAt` is an ISO string). */
export interface IngestReportData {
  [key: string]: unknown;
  datasetVersion: number;
  rowsReceived: number;
  rowsAccepted: number;
  rowsRejected: number;
  duplicatesRemoved: number;
  valuesClamped: number;
  columnStats: Record<string, unknown>;
  errors: { line: number; column: string | null; message: string }[];
  finishedAt: string;
}

/**
 * The one ingest pipeline behind the mutation, the PUT endpoint and the CLI: the CSV is cut into
 * pieces of whole records; worker threads parse, check, clean and pseudonymize them; the rows go
 * in order to an unlogged staging table (COPY); one statement writes them deduplicated and ranked
 * into a second table, and one short transaction makes that the data table (REPLACE, by rename) or
 * appends it. Memory stays flat: a few pieces per upload are in flight.
 * Duplicates are exact duplicate rows within one upload (after cleaning); rows already in the
 * dataset are never compared against, so APPEND keeps its cost proportional to the upload.
 */
export class IngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactor,
    private readonly store: DatasetStore,
    private readonly datasets: DatasetService,
    private readonly audit: AuditLog,
    private readonly secret: string,
    /** COPY FROM STDIN on PostgreSQL; batched INSERTs on the embedded database. */
    private readonly useCopy: boolean,
    private readonly limits: IngestLimits,
    private readonly now: () => Date,
  ) {}

  /** Stops the worker threads (at shutdown, after the last upload). */
  close(): Promise<void> {
    return this.limits.workers.close();
  }

  async ingest(guard: Guard, datasetId: string, source: Readable, opts: IngestOptions): Promise<IngestReportData> {
    const { dataset, shape } = await this.datasets.readable(guard, datasetId, 'datasetId');
    guard.ensure('ingest', 'Dataset', shape, 'dataset');
    return this.run(dataset, guard.requireUser(), source, opts);
  }

  /** The operator CLI: full access, audited as the operator identity the CLI runs as. */
  async ingestAsOperator(datasetId: string, source: Readable, opts: IngestOptions, operator: Actor): Promise<IngestReportData> {
    const dataset = await this.store.findById(this.tx.manager, requireUuid(datasetId, 'datasetId'));
    if (!dataset) throw new NotFoundError('dataset');
    return this.run(dataset, operator, source, opts);
  }

  private async run(dataset: DatasetEntity, actor: Actor | null, source: Readable, opts: IngestOptions): Promise<IngestReportData> {
    const release = this.limits.slots.acquire(dataset.ownerOrganizationId);
    const tally = new IngestTally(dataset.columns);
    try {
      return await this.load(dataset, actor, source, opts, tally);
    } catch (e) {
      // Recorded after the staging connection went back: a failure needs no second connection either.
      await this.recordFailure(dataset, actor, opts, tally, e);
      throw e;
    } finally {
      release();
    }
  }

  private async load(dataset: DatasetEntity, actor: Actor | null, source: Readable, opts: IngestOptions, tally: IngestTally): Promise<IngestReportData> {
    const staging = await StagingTable.create(this.dataSource, dataset.tableName, dataset.columns, this.useCopy);
    let failed = true;
    try {
      await this.stage(dataset, detached(source, this.limits.idleMs), staging, tally);
      if (opts.strict && tally.rowsRejected > 0) {
        const first = tally.errors[0]!;
        throw new BadUserInputError(
          `strict ingest refused: ${tally.rowsRejected} of ${tally.rowsReceived} rows were rejected ` +
            `(first at line ${first.line}${first.column ? `, column ${first.column}` : ''}: ${first.message}); nothing was loaded`,
          'csv',
        );
      }
      const replace = opts.mode === 'REPLACE';
      const accepted = await staging.prepare(replace, dataset.privacyUnitColumn);
      const columnStats = await staging.stats(tally.clampedByColumn, dataset.privacyUnitColumn);
      const report = await staging.transaction(this.tx, async (m) => {
        const locked = await this.store.lockById(m, dataset.id);
        if (!locked) throw new NotFoundError('dataset');
        await this.store.loadPrepared(m, locked, staging.preparedName, replace);
        const version = locked.version + (accepted > 0 || replace ? 1 : 0);
        const report: IngestReportData = {
          datasetVersion: version,
          rowsReceived: tally.rowsReceived,
          rowsAccepted: accepted,
          rowsRejected: tally.rowsRejected,
          duplicatesRemoved: tally.rowsStaged - accepted,
          valuesClamped: tally.valuesClamped,
          columnStats,
          errors: tally.errors,
          finishedAt: this.now().toISOString(),
        };
        await this.store.recordIngest(m, locked.id, version, (replace ? 0 : locked.rowCount) + accepted, report, this.now());
        // No row counts: PLATFORM_AUDITOR and partners' auditors read this event, and an exact count
        // per upload is what differential privacy exists to withhold. The owner has them in the report.
        const details = { mode: opts.mode, strict: opts.strict, version, via: opts.via };
        await this.audit.success(m, actor, 'DATA_INGESTED', datasetResource(locked), details);
        return report;
      });
      failed = false;
      return report;
    } finally {
      await staging.dispose(failed);
    }
  }

  /** Source → cleaned pieces → staging table; resolves once every row is stored. */
  private async stage(dataset: DatasetEntity, source: Readable, staging: StagingTable, tally: IngestTally): Promise<void> {
    const sink = staging.open();
    const { workers, maxRecordChars } = this.limits;
    const setup = { columns: dataset.columns, secret: this.secret, output: staging.output, maxRecordChars, workers, pieceBytes: PIECE_BYTES };
    for await (const piece of cleanedPieces(source, setup, tally)) await sink.write(piece);
    await sink.end();
  }

  /** The dataset is untouched; the attempt still belongs in the trail. */
  private async recordFailure(dataset: DatasetEntity, actor: Actor | null, opts: IngestOptions, tally: IngestTally, error: unknown): Promise<void> {
    const reason = error instanceof BadUserInputError || error instanceof NotFoundError ? error.code : 'STREAM_OR_DATABASE_ERROR';
    await this.tx
      .run((m) =>
        this.audit.error(m, actor, 'DATA_INGEST_FAILED', datasetResource(dataset), {
          mode: opts.mode,
          strict: opts.strict,
          via: opts.via,
          reason,
        }),
      )
      .catch(() => undefined);
  }
}

/**
 * The pipeline destroys every stream when it fails; the caller's source (an HTTP request) must
 * survive that, so that a 400 can still be sent. A source that breaks, ends early or goes silent for
 * `idleMs` fails the load: a silent upload would otherwise hold its connection forever.
 */
function detached(source: Readable, idleMs: number): Readable {
  const through = new PassThrough();
  let timer: NodeJS.Timeout | undefined;
  const stopTimer = () => clearTimeout(timer);
  const fail = (e?: Error) => {
    stopTimer();
    through.destroy(e ?? new Error('the upload ended before it was complete'));
  };
  const arm = () => {
    stopTimer();
    timer = setTimeout(() => {
      source.unpipe(through);
      fail(new BadUserInputError(`the upload sent nothing for ${Math.round(idleMs / 1000)} seconds; nothing was loaded`, 'csv'));
    }, idleMs);
    timer.unref();
  };
  arm();
  source.on('data', arm);
  source.once('end', stopTimer);
  through.once('close', () => {
    stopTimer();
    source.off('data', arm);
  });
  source.once('error', fail);
  source.once('aborted', () => fail());
  source.once('close', () => {
    if (!source.readableEnded) fail();
  });
  source.pipe(through);
  return through;
}
