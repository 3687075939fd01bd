import { PassThrough, type Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { Guard } from '../auth/guard';
import type { AuditLog } from '../audit/audit-log';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import { IngestTally, type HeaderLayout } from './csv-row-cleaner';
import { RecordSplitter } from './csv-record-splitter';
import { processPiece, type PieceJob, type PieceResult } from './ingest-piece';
import type { IngestSlots } from './ingest-slots';
import type { IngestWorkers } from './ingest-workers';
import type { DatasetEntity } from './dataset.entity';
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

/** Pieces are cut at the first record end after this many bytes: big enough to keep threads busy, small for memory. */
const PIECE_BYTES = 256 * 1024;

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

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a character follows a closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a character follows a closing quote',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field',
  CSV_MAX_RECORD_SIZE: 'a record is too large',
};

/**
 * The one ingest pipeline behind the mutation, the PUT endpoint and the CLI: the CSV is cut into
 * pieces of whole records; worker threads parse, check, clean and pseudonymize them; the rows go
 * in order to an unlogged staging table (COPY); one short transaction then moves them, without
 * duplicates, into the data table. Memory stays flat: a few pieces per upload are in flight.
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
    return this.run(dataset, guard.user, source, opts);
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
      const columnStats = await staging.stats(tally.clampedByColumn);
      const report = await staging.transaction(this.tx, async (m) => {
        const locked = await this.store.lockById(m, dataset.id);
        if (!locked) throw new NotFoundError('dataset');
        const replace = opts.mode === 'REPLACE';
        const loaded = await this.store.loadFromStaging(m, locked, staging.name, replace);
        locked.columns.forEach((c, i) => (columnStats[c.name]!.nulls = loaded.nulls[i]!));
        const accepted = loaded.rows;
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
        await this.audit.append(m, {
          actor,
          action: 'DATA_INGESTED',
          resourceType: 'Dataset',
          resourceId: locked.id,
          resourceOrganizationId: locked.ownerOrganizationId,
          outcome: 'SUCCESS',
          // No row counts: PLATFORM_AUDITOR and partners' auditors read this event, and an exact count
          // per upload is what differential privacy exists to withhold. The owner has them in the report.
          details: { mode: opts.mode, strict: opts.strict, version, via: opts.via },
        });
        return report;
      });
      failed = false;
      return report;
    } finally {
      await staging.dispose(failed);
    }
  }

  /**
   * Source → pieces → cleaned rows → staging table. Pieces are cleaned concurrently but taken in
   * order, so line numbers add up and the first errors reported are the first in the file. The
   * piece holding the header is cleaned here: every later piece is read through that header.
   */
  private async stage(dataset: DatasetEntity, source: Readable, staging: StagingTable, tally: IngestTally): Promise<void> {
    const { workers, maxRecordChars } = this.limits;
    // A record of maxRecordChars characters takes at most 4 bytes each, plus quotes and commas.
    const splitter = new RecordSplitter(PIECE_BYTES, 8 * maxRecordChars + 1024);
    const sink = staging.open();
    const inFlight: Promise<PieceResult>[] = [];
    const maxInFlight = 2 * Math.max(1, workers.size);
    let layout: HeaderLayout | null = null;
    let first = true;
    let linesBefore = 0;

    const take = async (piece: PieceResult) => {
      if (piece.malformed) throw malformed(piece.malformed.code, piece.malformed.line, linesBefore, maxRecordChars);
      tally.absorb(piece, linesBefore);
      linesBefore += piece.lines;
      await sink.write(piece);
    };
    const submit = async (bytes: Buffer) => {
      const job: PieceJob = {
        bytes,
        first,
        delimiter: splitter.delimiter,
        layout,
        columns: dataset.columns,
        secret: this.secret,
        output: staging.output,
        maxRecordChars,
      };
      first = false;
      if (layout === null) {
        const piece = processPiece(job);
        layout = piece.layout;
        return take(piece);
      }
      const running = workers.run(job);
      running.catch(() => undefined); // awaited in order below; a failure ahead of it ends the upload first
      inFlight.push(running);
      if (inFlight.length >= maxInFlight) await take(await inFlight.shift()!);
    };

    for await (const chunk of source) {
      for (const piece of splitter.push(chunk as Buffer)) await submit(piece);
      if (splitter.tooLarge) {
        while (inFlight.length > 0) await take(await inFlight.shift()!);
        throw malformed('CSV_MAX_RECORD_SIZE', 1, linesBefore, maxRecordChars);
      }
    }
    const rest = splitter.end();
    if (rest.length > 0) await submit(rest);
    while (inFlight.length > 0) await take(await inFlight.shift()!);
    if (layout === null) throw new BadUserInputError('the CSV has no header row', 'csv');
    await sink.end();
  }

  /** The dataset is untouched; the attempt still belongs in the trail. */
  private async recordFailure(dataset: DatasetEntity, actor: Actor | null, opts: IngestOptions, tally: IngestTally, error: unknown): Promise<void> {
    const reason = error instanceof BadUserInputError || error instanceof NotFoundError ? error.code : 'STREAM_OR_DATABASE_ERROR';
    await this.tx
      .run((m) =>
        this.audit.append(m, {
          actor,
          action: 'DATA_INGEST_FAILED',
          resourceType: 'Dataset',
          resourceId: dataset.id,
          resourceOrganizationId: dataset.ownerOrganizationId,
          outcome: 'ERROR',
          details: { mode: opts.mode, strict: opts.strict, via: opts.via, reason },
        }),
      )
      .catch(() => undefined);
  }
}

function malformed(code: string, lineInPiece: number | null, linesBefore: number, maxRecordChars: number): BadUserInputError {
  const what = code === 'CSV_MAX_RECORD_SIZE' ? `a record is larger than ${maxRecordChars} characters` : (CSV_PROBLEMS[code] ?? 'the CSV cannot be parsed');
  const at = lineInPiece ? ` at line ${linesBefore + lineInPiece}` : '';
  return new BadUserInputError(`malformed CSV${at}: ${what}`, 'csv');
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
