import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { ColumnSpec } from './column-spec';
import { CsvRowTransform, IngestTally, MAX_REPORTED_ERRORS, csvParser } from './csv-row-transform';
import { pseudonymize } from './pseudonymizer';

const columns: ColumnSpec[] = [
  { name: 'id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false, lowerBound: null, upperBound: null, categories: null },
  { name: 'n', type: 'INTEGER', sensitivity: 'SENSITIVE', nullable: true, lowerBound: 0, upperBound: 10, categories: null },
  { name: 'note', type: 'TEXT', sensitivity: 'PUBLIC', nullable: true, lowerBound: null, upperBound: null, categories: null },
];

async function run(csv: string, chunkSize = 0) {
  const tally = new IngestTally(columns);
  const rows: (string | null)[][] = [];
  const chunks = chunkSize ? Array.from({ length: Math.ceil(csv.length / chunkSize) }, (_, i) => Buffer.from(csv.slice(i * chunkSize, (i + 1) * chunkSize))) : [Buffer.from(csv)];
  await pipeline(
    Readable.from(chunks),
    csvParser(),
    new CsvRowTransform(columns, 'k'.repeat(32), tally),
    new Writable({ objectMode: true, write: (row, _e, done) => (rows.push(row), done()) }),
  );
  return { tally, rows };
}

describe('CsvRowTransform', () => {
  it('maps header names in any order, pseudonymizes identifiers and fills left-out nullable columns', async () => {
    const { rows } = await run('N,ID\n3,alice\n');
    expect(rows).toEqual([[pseudonymize('k'.repeat(32), 'alice'), '3', null]]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reports the starting line of records with %s line ends and quoted newlines', async (_, nl) => {
    const csv = ['id,note', 'a,"x\r\ny"', '', ',"p\nq\r\nr"', 'b,ok', ',last'].join(nl) + nl;
    for (const chunk of [0, 1, 3]) {
      const { tally } = await run(csv, chunk);
      expect(tally.errors.map((e) => e.line)).toEqual([5, 9]);
      expect(tally.rowsReceived).toBe(4);
    }
  });

  it('keeps at most the first 100 errors but counts them all', async () => {
    const csv = 'id,n\n' + Array.from({ length: 150 }, () => 'x,bad').join('\n');
    const { tally } = await run(csv);
    expect(tally.rowsRejected).toBe(150);
    expect(tally.errors).toHaveLength(MAX_REPORTED_ERRORS);
  });

  it('counts clamped values per column', async () => {
    const { tally, rows } = await run('id,n\na,-4\nb,11\nc,5\n');
    expect(rows.map((r) => r[1])).toEqual(['0', '10', '5']);
    expect(tally.valuesClamped).toBe(2);
    expect(tally.clampedByColumn).toEqual({ id: 0, n: 2, note: 0 });
  });

  it('refuses a stream without a header', async () => {
    await expect(run('')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
