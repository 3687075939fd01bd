import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import type { ColumnSpec } from './column-spec';
import { cleanedPieces } from './cleaned-pieces';
import { IngestTally, MAX_REPORTED_ERRORS } from './csv-row-cleaner';
import type { PieceOutput } from './ingest-piece';
import { IngestWorkers } from './ingest-workers';
import { pseudonymize } from './pseudonymizer';

const SECRET = 'k'.repeat(32);
const spec = (over: Partial<ColumnSpec> & Pick<ColumnSpec, 'name'>): ColumnSpec => ({
  type: 'TEXT',
  sensitivity: 'SENSITIVE',
  nullable: true,
  lowerBound: null,
  upperBound: null,
  categories: null,
  ...over,
});
const columns: ColumnSpec[] = [
  spec({ name: 'id', sensitivity: 'IDENTIFIER', nullable: false }),
  spec({ name: 'n', type: 'INTEGER', lowerBound: 0, upperBound: 10 }),
  spec({ name: 'note', sensitivity: 'PUBLIC' }),
];

const inline = new IngestWorkers(0);
const threads = new IngestWorkers(2);
afterAll(() => threads.close());

interface Options {
  pieceBytes?: number;
  chunk?: number;
  workers?: IngestWorkers;
  output?: PieceOutput;
  maxRecordChars?: number;
}

/** Runs the pipeline; rows come back decoded from COPY text (or the column arrays). */
async function run(csv: string | Buffer, o: Options = {}) {
  const bytes = Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8');
  const chunk = o.chunk ?? bytes.length + 1;
  async function* source() {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  const tally = new IngestTally(columns);
  const rows: (string | null)[][] = [];
  const setup = {
    columns,
    secret: SECRET,
    output: o.output ?? 'copy',
    maxRecordChars: o.maxRecordChars ?? 1 << 20,
    workers: o.workers ?? inline,
    pieceBytes: o.pieceBytes ?? 1 << 20,
  };
  for await (const piece of cleanedPieces(source(), setup, tally)) {
    if (piece.columns) piece.columns[0]!.forEach((_, r) => rows.push(piece.columns!.map((c) => c[r]!)));
    else if (piece.copy) rows.push(...piece.copy.slice(0, -1).split('\n').map(fromCopy));
  }
  return { tally, rows };
}

function fromCopy(line: string): (string | null)[] {
  return line.split('\t').map((v) => (v === '\\N' ? null : v.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c)));
}

const summary = ({ tally, rows }: Awaited<ReturnType<typeof run>>) => ({ ...tally, rows });

describe('cleanedPieces', () => {
  it('maps header names in any order, pseudonymizes identifiers and fills left-out nullable columns', async () => {
    const { rows } = await run('N,ID\n3,alice\n');
    expect(rows).toEqual([[pseudonymize(SECRET, 'alice'), '3', null]]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reports the starting line of records with %s line ends and quoted newlines, however the file is cut', async (_, nl) => {
    const csv = ['id,note', 'a,"x\r\ny"', '', ',"p\nq\r\nr"', 'b,ok', ',last'].join(nl) + nl;
    for (const pieceBytes of [1, 3, 7, 1 << 20]) {
      for (const chunk of [1, 3, 1000]) {
        const { tally } = await run(csv, { pieceBytes, chunk });
        expect([pieceBytes, chunk, tally.errors.map((e) => e.line)]).toEqual([pieceBytes, chunk, [5, 9]]);
        expect(tally.rowsReceived).toBe(4);
      }
    }
  });

  it('gives the same rows, counts and errors for any cut, on this thread or on workers, as COPY text or arrays', async () => {
    const value = fc.oneof(
      fc.constantFrom('', ' 7 ', '11', '-3', 'x', 'a,b', 'é', '\u0000', '\ufffd'),
      fc.array(fc.constantFrom('a', ',', '"', '\n', '\r\n', '\t', '\\', ' '), { maxLength: 5 }).map((p) => `"${p.join('').replace(/"/g, '""')}"`),
    );
    const file = fc.record({
      nl: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
      rows: fc.array(fc.array(value, { minLength: 2, maxLength: 4 }), { maxLength: 30 }),
    });
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 50 }), async ({ nl, bom, rows }, pieceBytes, chunk) => {
        const csv = (bom ? '\ufeff' : '') + ['id,n,note', ...rows.map((r) => r.slice(0, 3).join(','))].join(nl) + nl;
        const whole = summary(await run(csv));
        expect(summary(await run(csv, { pieceBytes, chunk }))).toEqual(whole);
        expect(summary(await run(csv, { pieceBytes, chunk, workers: threads }))).toEqual(whole);
        expect(summary(await run(csv, { pieceBytes, chunk, output: 'columns' }))).toEqual(whole);
      }),
      { seed: 21, numRuns: 150 },
    );
  });

  it('reports a malformed record with the line csv-parse gives for the whole file, however far into it', async () => {
    const good = Array.from({ length: 3000 }, (_, i) => `p${i},1,"two\nlines"`).join('\n');
    for (const [bad, message, line] of [
      ['q,1,"never closed', 'a quoted field is never closed', 6003], // found at the end of the file
      ['q,1,"closed"x', 'a character follows a closing quote', 6002],
      ['q,1,ab"c', 'a quote appears inside an unquoted field', 6002],
    ] as const) {
      const csv = `id,n,note\n${good}\n${bad}\nz,2,ok\n`;
      expect(() => parse(csv, { relax_column_count: true, skip_empty_lines: false })).toThrow(expect.objectContaining({ lines: line }));
      for (const workers of [inline, threads]) {
        const running = run(csv, { pieceBytes: 4096, chunk: 1000, workers });
        await expect(running).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: `malformed CSV at line ${line}: ${message}` });
      }
    }
  });

  it('fails a record over the size cap, and one that never ends, without buffering it', async () => {
    await expect(run(`id,note\np1,x\np2,${'y'.repeat(5000)}\n`, { maxRecordChars: 1000, pieceBytes: 512 })).rejects.toMatchObject({
      message: 'malformed CSV at line 3: a record is larger than 1000 characters',
    });
    await expect(run(`id,note\np1,x\np2,"${'y'.repeat(20_000)}`, { maxRecordChars: 1000, pieceBytes: 512, chunk: 256 })).rejects.toMatchObject({
      message: 'malformed CSV at line 3: a record is larger than 1000 characters',
    });
  });

  it('keeps at most the first 100 errors but counts them all, across pieces', async () => {
    const csv = 'id,n\n' + Array.from({ length: 150 }, (_, i) => `x${i},bad`).join('\n');
    const { tally } = await run(csv, { pieceBytes: 64, workers: threads });
    expect(tally.rowsRejected).toBe(150);
    expect(tally.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(tally.errors.map((e) => e.line)).toEqual(Array.from({ length: MAX_REPORTED_ERRORS }, (_, i) => i + 2));
  });

  it('counts clamped values per column', async () => {
    const { tally, rows } = await run('id,n\na,-4\nb,11\nc,5\n', { pieceBytes: 4, workers: threads });
    expect(rows.map((r) => r[1])).toEqual(['0', '10', '5']);
    expect(tally.valuesClamped).toBe(2);
    expect(tally.clampedByColumn).toEqual({ id: 0, n: 2, note: 0 });
  });

  it('skips blank lines before the header and refuses a stream without one', async () => {
    const { tally, rows } = await run('\n\nid\na\n', { pieceBytes: 1 });
    expect(rows).toHaveLength(1);
    expect(tally.rowsReceived).toBe(1);
    await expect(run('')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'the CSV has no header row' });
    await expect(run('\n\n\n', { pieceBytes: 1 })).rejects.toMatchObject({ message: 'the CSV has no header row' });
  });
});
