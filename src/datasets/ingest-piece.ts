import type { ColumnSpec } from './column-spec';
import { IngestTally, RowCleaner, isBlank, linesSpanned, readHeader, type HeaderLayout, type RowError } from './csv-row-cleaner';
import type { RecordDelimiter } from './csv-record-splitter';
import { CsvSyntaxError, tokenize } from './csv-tokenizer';
import { physicalType } from './dataset-definition';

/** How rows leave a piece: COPY text for PostgreSQL, one text array per column for batched INSERTs. */
export type PieceOutput = 'copy' | 'columns';

/** One piece of an upload (whole records), with all a thread needs to parse and clean it alone. */
export interface PieceJob {
  bytes: Uint8Array;
  /** The file's first piece: a byte order mark may lead it. */
  first: boolean;
  delimiter: RecordDelimiter | null;
  /** Null until the header was read; then every piece is read through it. */
  layout: HeaderLayout | null;
  columns: ColumnSpec[];
  secret: string;
  output: PieceOutput;
  maxRecordChars: number;
}

/** What a piece yields. Lines are counted from 1 at the piece's start; the caller adds the offset. */
export interface PieceResult {
  /** The header, if this piece held it. */
  layout: HeaderLayout | null;
  /** Physical lines the piece spans. */
  lines: number;
  rowsReceived: number;
  rowsRejected: number;
  rowsStaged: number;
  valuesClamped: number;
  clampedByColumn: Record<string, number>;
  errors: RowError[];
  copy: string;
  columns: (string | null)[][] | null;
  /** Set when the piece cannot be parsed: the problem's code and line (within the piece). */
  malformed: { code: string; line: number | null } | null;
}

/**
 * Parses (csv-tokenizer.ts: BOM, CRLF, quoted commas and newlines, read as csv-parse reads them),
 * checks, cleans and pseudonymizes one piece. Pure: runs the same on the main thread and in a worker. Blank lines come through as one
 * empty field so that line numbers can be counted here; rows of the wrong width are ours to report.
 */
export function processPiece(job: PieceJob): PieceResult {
  const tally = new IngestTally(job.columns);
  const result: PieceResult = {
    layout: null,
    lines: 0,
    rowsReceived: 0,
    rowsRejected: 0,
    rowsStaged: 0,
    valuesClamped: 0,
    clampedByColumn: tally.clampedByColumn,
    errors: tally.errors,
    copy: '',
    columns: job.output === 'columns' ? job.columns.map(() => []) : null,
    malformed: null,
  };
  let records: string[][];
  try {
    // One decoding per piece (the splitter bounds its size); a record over maxRecordChars fails the upload.
    const text = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('utf8');
    records = tokenize(text, job.delimiter, job.maxRecordChars, job.first);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    result.malformed = { code: e.code, line: e.line };
    return result;
  }
  let layout = job.layout;
  let cleaner = layout ? new RowCleaner(job.columns, layout, job.secret) : null;
  const encoders = job.columns.map(copyEncoder);
  const parts: string[] = [];
  let line = 1;
  for (const record of records) {
    const at = line;
    line += linesSpanned(record);
    if (isBlank(record)) continue;
    if (cleaner === null) {
      layout = result.layout = readHeader(job.columns, record);
      cleaner = new RowCleaner(job.columns, layout, job.secret);
      continue;
    }
    const row = cleaner.clean(record, at, tally);
    if (row === null) continue;
    if (result.columns) row.forEach((v, i) => result.columns![i]!.push(v));
    else parts.push(copyLine(row, encoders));
  }
  result.copy = parts.length === 0 ? '' : parts.join('\n') + '\n';
  result.lines = line - 1;
  result.rowsReceived = tally.rowsReceived;
  result.rowsRejected = tally.rowsRejected;
  result.rowsStaged = tally.rowsStaged;
  result.valuesClamped = tally.valuesClamped;
  return result;
}

type Encoder = (v: string) => string;
const asIs: Encoder = (v) => v;

/** Only text can hold what COPY's text format must escape; numbers, booleans, dates and hex pseudonyms cannot. */
function copyEncoder(c: ColumnSpec): Encoder {
  return physicalType(c) === 'text' && c.sensitivity !== 'IDENTIFIER' ? escapeCopy : asIs;
}

function copyLine(row: readonly (string | null)[], encoders: readonly Encoder[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    const v = row[i];
    line += v === null || v === undefined ? '\\N' : encoders[i]!(v);
  }
  return line;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCopy(v: string): string {
  return SPECIAL.test(v) ? v.replace(SPECIALS, (c) => ESCAPES[c]!) : v;
}
