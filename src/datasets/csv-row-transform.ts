import { Transform, type TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import { BadUserInputError } from '../errors/errors';
import type { ColumnSpec } from './column-spec';
import { valueCleaner, type CleanedValue } from './csv-value-cleaner';
import { pseudonymize } from './pseudonymizer';

export const MAX_REPORTED_ERRORS = 100;

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

/** What the parse-and-clean stage counted; the loader adds duplicates and the final counts. */
export class IngestTally {
  rowsReceived = 0;
  rowsRejected = 0;
  /** Rows that passed cleaning and went to the staging table (duplicates included). */
  rowsStaged = 0;
  valuesClamped = 0;
  readonly clampedByColumn: Record<string, number> = {};
  readonly errors: RowError[] = [];

  constructor(columns: readonly ColumnSpec[]) {
    for (const c of columns) this.clampedByColumn[c.name] = 0;
  }

  reject(error: RowError): void {
    this.rowsRejected++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(error);
  }
}

/**
 * The CSV reader: BOM, CRLF, quoted commas and newlines; rows of the wrong width are ours to report.
 * Blank lines come through as one empty field so that line numbers can be counted here (csv-parse's
 * own `info` halves its speed and miscounts CR LF inside quotes).
 */
export function csvParser(maxRecordChars = 1024 * 1024): Parser {
  // The record cap bounds memory: without it one endless quoted field is buffered whole.
  return parse({ bom: true, relax_column_count: true, skip_empty_lines: false, max_record_size: maxRecordChars });
}

/**
 * NUL cannot be stored in a PostgreSQL text value, and U+FFFD is what the UTF-8 decoder puts in
 * place of bytes that are not UTF-8: both mean the row is not what its owner meant, so it is
 * rejected rather than silently altered. (A correctly encoded U+FFFD is rejected too: in data
 * files it is almost always the trace of an earlier broken conversion.)
 */
function undecodable(record: readonly string[]): string | null {
  for (const field of record) {
    if (field.indexOf('\u0000') >= 0) return 'the row contains a NUL byte';
    if (field.indexOf('\ufffd') >= 0) return 'the row is not valid UTF-8';
  }
  return null;
}


/**
 * Turns parsed CSV records into rows for the data table, in the table's column order, as PostgreSQL
 * text values (null = NULL). The first record is the header: it names columns in any order; a
 * nullable column may be left out (all nulls), anything unknown or a required column missing fails
 * the whole upload. Rejected rows are counted and reported, never emitted.
 */
export class CsvRowTransform extends Transform {
  private positions: (number | null)[] | null = null;
  private width = 0;
  /** Line where the next record starts (1-based). */
  private nextLine = 1;
  private readonly cleaners: ((raw: string | undefined) => CleanedValue)[];

  constructor(
    private readonly columns: readonly ColumnSpec[],
    private readonly secret: string,
    readonly tally: IngestTally,
  ) {
    super({ objectMode: true, highWaterMark: 256 });
    this.cleaners = columns.map(valueCleaner);
  }

  override _transform(record: string[], _enc: BufferEncoding, done: TransformCallback): void {
    try {
      const line = this.nextLine;
      this.nextLine += linesSpanned(record);
      if (record.length === 1 && record[0] === '') return done(); // a blank line
      if (this.positions === null) {
        this.positions = this.readHeader(record);
      } else {
        const row = this.cleanRow(record, line);
        if (row) this.push(row);
      }
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.positions === null) done(new BadUserInputError('the CSV has no header row', 'csv'));
    else done();
  }

  get headerSeen(): boolean {
    return this.positions !== null;
  }

  private readHeader(header: string[]): (number | null)[] {
    const broken = undecodable(header);
    if (broken) throw new BadUserInputError(`the CSV header is unreadable: ${broken.replace('the row ', '')}`, 'csv');
    const names = header.map((h) => h.trim().toLowerCase());
    this.width = names.length;
    const index = new Map<string, number>();
    names.forEach((name, i) => {
      if (!this.columns.some((c) => c.name === name)) {
        throw new BadUserInputError(`the CSV header names an unknown column "${name.slice(0, 64)}"`, 'csv');
      }
      if (index.has(name)) throw new BadUserInputError(`the CSV header names column "${name}" twice`, 'csv');
      index.set(name, i);
    });
    return this.columns.map((c) => {
      const at = index.get(c.name);
      if (at === undefined && !c.nullable) {
        throw new BadUserInputError(`the CSV header lacks the required column "${c.name}"`, 'csv');
      }
      return at ?? null;
    });
  }

  private cleanRow(record: string[], line: number): (string | null)[] | null {
    const tally = this.tally;
    tally.rowsReceived++;
    const expected = this.width;
    const broken = undecodable(record);
    if (broken) {
      tally.reject({ line, column: null, message: broken });
      return null;
    }
    if (record.length !== expected) {
      tally.reject({ line, column: null, message: `expected ${expected} fields, found ${record.length}` });
      return null;
    }
    const row: (string | null)[] = new Array(this.columns.length);
    const clamped: string[] = [];
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const at = this.positions![i]!;
      const result = this.cleaners[i]!(at === null ? undefined : record[at]);
      if (!result.ok) {
        tally.reject({ line, column: column.name, message: result.message });
        return null;
      }
      if (result.clamped) clamped.push(column.name);
      row[i] = result.value !== null && column.sensitivity === 'IDENTIFIER' ? pseudonymize(this.secret, result.value) : result.value;
    }
    for (const name of clamped) tally.clampedByColumn[name]!++;
    tally.valuesClamped += clamped.length;
    tally.rowsStaged++;
    return row;
  }
}

/** Physical lines a record occupies: one, plus the line breaks inside its quoted fields (CR LF is one). */
function linesSpanned(record: readonly string[]): number {
  let lines = 1;
  for (const field of record) {
    if (field.length < 1 || (field.indexOf('\n') < 0 && field.indexOf('\r') < 0)) continue;
    for (let i = 0; i < field.length; i++) {
      const ch = field.charCodeAt(i);
      if (ch === 10) lines++;
      else if (ch === 13) {
        lines++;
        if (field.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return lines;
}
