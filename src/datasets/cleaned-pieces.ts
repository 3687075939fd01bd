import { BadUserInputError } from '../errors/errors';
import type { ColumnSpec } from './column-spec';
import type { HeaderLayout, IngestTally } from './csv-row-cleaner';
import { RecordSplitter } from './csv-record-splitter';
import { processPiece, type PieceJob, type PieceOutput, type PieceResult } from './ingest-piece';
import type { IngestWorkers } from './ingest-workers';

export interface PieceSetup {
  columns: ColumnSpec[];
  secret: string;
  output: PieceOutput;
  maxRecordChars: number;
  workers: IngestWorkers;
  /** Pieces are cut at the first record end after this many bytes. */
  pieceBytes: number;
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a character follows a closing quote',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field',
};

/**
 * A CSV byte stream as cleaned pieces, in file order, each counted into `tally` before it is
 * yielded. Pieces are cleaned concurrently on the workers but taken in order, so line numbers add
 * up and the first errors reported are the first in the file. The piece holding the header is
 * cleaned on this thread: every later piece is read through that header. At most two pieces per
 * worker are in flight, which bounds memory whatever the file size.
 */
export async function* cleanedPieces(source: AsyncIterable<Buffer | string>, setup: PieceSetup, tally: IngestTally): AsyncGenerator<PieceResult> {
  const { workers, maxRecordChars } = setup;
  // A record of maxRecordChars characters takes at most 4 bytes each, plus quotes and commas.
  const splitter = new RecordSplitter(setup.pieceBytes, 8 * maxRecordChars + 1024);
  const inFlight: Promise<PieceResult>[] = [];
  const maxInFlight = 2 * Math.max(1, workers.size);
  let layout: HeaderLayout | null = null;
  let first = true;
  let linesBefore = 0;

  const counted = (piece: PieceResult): PieceResult => {
    if (piece.malformed) throw malformed(piece.malformed.code, piece.malformed.line, linesBefore, maxRecordChars);
    tally.absorb(piece, linesBefore);
    linesBefore += piece.lines;
    return piece;
  };
  /** Starts a piece; returns the pieces now due, in order. */
  const submit = async (bytes: Buffer): Promise<PieceResult[]> => {
    const { columns, secret, output } = setup;
    const job: PieceJob = { bytes, first, delimiter: splitter.delimiter, layout, columns, secret, output, maxRecordChars };
    first = false;
    if (layout === null) {
      const piece = processPiece(job);
      layout = piece.layout;
      return [counted(piece)];
    }
    const running = workers.run(job);
    running.catch(() => undefined); // awaited in order; a failure ahead of it ends the upload first
    inFlight.push(running);
    return inFlight.length >= maxInFlight ? [counted(await inFlight.shift()!)] : [];
  };

  for await (const chunk of source) {
    for (const bytes of splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8'))) yield* await submit(bytes);
    if (splitter.tooLarge) {
      while (inFlight.length > 0) yield counted(await inFlight.shift()!);
      throw malformed('CSV_MAX_RECORD_SIZE', 1, linesBefore, maxRecordChars);
    }
  }
  const rest = splitter.end();
  if (rest.length > 0) yield* await submit(rest);
  while (inFlight.length > 0) yield counted(await inFlight.shift()!);
  if (layout === null) throw new BadUserInputError('the CSV has no header row', 'csv');
}

function malformed(code: string, lineInPiece: number | null, linesBefore: number, maxRecordChars: number): BadUserInputError {
  const what = code === 'CSV_MAX_RECORD_SIZE' ? `a record is larger than ${maxRecordChars} characters` : (CSV_PROBLEMS[code] ?? 'the CSV cannot be parsed');
  const at = lineInPiece ? ` at line ${linesBefore + lineInPiece}` : '';
  return new BadUserInputError(`malformed CSV${at}: ${what}`, 'csv');
}
