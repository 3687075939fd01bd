import { BadUserInputError } from '../errors/errors';
import type { ColumnSpec } from './column-spec';
import { Rejected, valueReader, type Clamped, type ReadValue } from './csv-value-cleaner';
import { lineBreaks } from './csv-tokenizer';
import { Pseudonymizer } from './pseudonymizer';

export const MAX_REPORTED_ERRORS = 100;

export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

/** What parsing and cleaning counted; duplicates and the final counts come from the database. */
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

  /** Adds a piece's counts; its error lines count from its own start, `linesBefore` lines into the file. */
  absorb(piece: PieceCounts, linesBefore: number): void {
    this.rowsReceived += piece.rowsReceived;
    this.rowsRejected += piece.rowsRejected;
    this.rowsStaged += piece.rowsStaged;
    this.valuesClamped += piece.valuesClamped;
    for (const [name, n] of Object.entries(piece.clampedByColumn)) this.clampedByColumn[name] = (this.clampedByColumn[name] ?? 0) + n;
    for (const e of piece.errors) {
      if (this.errors.length >= MAX_REPORTED_ERRORS) break;
      this.errors.push({ ...e, line: e.line + linesBefore });
    }
  }
}

/** The counts of one piece of an upload (see ingest-piece.ts). */
export interface PieceCounts {
  rowsReceived: number;
  rowsRejected: number;
  rowsStaged: number;
  valuesClamped: number;
  clampedByColumn: Record<string, number>;
  errors: readonly RowError[];
}

/** Where each column of the data table is found in a CSV record; from the header. */
export interface HeaderLayout {
  /** Per data-table column, its field index in the record (null: left out, all nulls). */
  positions: (number | null)[];
  /** Fields a record must have. */
  width: number;
}

/**
 * The first record is the header: it names columns in any order; a nullable column may be left
 * out (all nulls), anything unknown or a required column missing fails the whole upload.
 */
export function readHeader(columns: readonly ColumnSpec[], header: readonly string[]): HeaderLayout {
  const broken = undecodable(header);
  if (broken) throw new BadUserInputError(`the CSV header is unreadable: ${broken.replace('the row ', '')}`, 'csv');
  const names = header.map((h) => h.trim().toLowerCase());
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!columns.some((c) => c.name === name)) {
      throw new BadUserInputError(`the CSV header names an unknown column "${name.slice(0, 64)}"`, 'csv');
    }
    if (index.has(name)) throw new BadUserInputError(`the CSV header names column "${name}" twice`, 'csv');
    index.set(name, i);
  });
  const positions = columns.map((c) => {
    const at = index.get(c.name);
    if (at === undefined && !c.nullable) {
      throw new BadUserInputError(`the CSV header lacks the required column "${c.name}"`, 'csv');
    }
    return at ?? null;
  });
  return { positions, width: names.length };
}

/**
 * Turns one parsed CSV record into a row for the data table, in the table's column order, as
 * PostgreSQL text values (null = NULL), or rejects it into the tally (counted and reported, never
 * returned).
 */
export class RowCleaner {
  private readonly cleaners: ((raw: string | undefined) => ReadValue)[];
  private readonly identifier: boolean[];
  /** Per identifier column, the last value and its pseudonym: a person's rows often come together. */
  private readonly last: (readonly [string, string] | null)[];
  private readonly pseudonymizer: Pseudonymizer;

  constructor(
    private readonly columns: readonly ColumnSpec[],
    private readonly layout: HeaderLayout,
    secret: string,
  ) {
    this.pseudonymizer = new Pseudonymizer(secret);
    this.cleaners = columns.map(valueReader);
    this.identifier = columns.map((c) => c.sensitivity === 'IDENTIFIER');
    this.last = columns.map(() => null);
  }

  private pseudonym(column: number, value: string): string {
    const last = this.last[column];
    if (last && last[0] === value) return last[1];
    const pseudonym = this.pseudonymizer.pseudonymize(value);
    this.last[column] = [value, pseudonym];
    return pseudonym;
  }

  clean(record: readonly string[], line: number, tally: IngestTally): (string | null)[] | null {
    tally.rowsReceived++;
    const broken = undecodable(record);
    if (broken) {
      tally.reject({ line, column: null, message: broken });
      return null;
    }
    if (record.length !== this.layout.width) {
      tally.reject({ line, column: null, message: `expected ${this.layout.width} fields, found ${record.length}` });
      return null;
    }
    const row: (string | null)[] = new Array(this.columns.length);
    let clamped: string[] | null = null;
    for (let i = 0; i < this.columns.length; i++) {
      const at = this.layout.positions[i]!;
      let value = this.cleaners[i]!(at === null ? undefined : record[at]);
      if (typeof value !== 'string' && value !== null) {
        if (value instanceof Rejected) {
          tally.reject({ line, column: this.columns[i]!.name, message: value.message });
          return null;
        }
        (clamped ??= []).push(this.columns[i]!.name);
        value = (value as Clamped).value;
      }
      row[i] = value !== null && this.identifier[i] ? this.pseudonym(i, value) : value;
    }
    if (clamped) {
      for (const name of clamped) tally.clampedByColumn[name]!++;
      tally.valuesClamped += clamped.length;
    }
    tally.rowsStaged++;
    return row;
  }
}

/** A blank line: the tokenizer hands it over as one empty field, as csv-parse does (so that lines can be counted). */
export function isBlank(record: readonly string[]): boolean {
  return record.length === 1 && record[0] === '';
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

/** Physical lines a record occupies: one, plus the line breaks inside its quoted fields (CR LF is one). */
export function linesSpanned(record: readonly string[]): number {
  let lines = 1;
  for (const field of record) {
    if (field.length < 1 || (field.indexOf('\n') < 0 && field.indexOf('\r') < 0)) continue;
    lines += lineBreaks(field, 0, field.length);
  }
  return lines;
}
