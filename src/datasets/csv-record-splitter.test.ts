import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { RecordSplitter } from './csv-record-splitter';

/** Feeds `csv` in chunks of `chunk` bytes; returns the pieces (the rest at the end included). */
function split(csv: string, pieceBytes: number, chunk: number, maxRecordBytes = 1 << 20) {
  const splitter = new RecordSplitter(pieceBytes, maxRecordBytes);
  const bytes = Buffer.from(csv, 'utf8');
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) pieces.push(...splitter.push(bytes.subarray(at, at + chunk)));
  const rest = splitter.end();
  if (rest.length > 0) pieces.push(rest);
  return { pieces, delimiter: splitter.delimiter, tooLarge: splitter.tooLarge };
}

const parseAll = (bytes: Buffer, delimiter?: string | null) =>
  parse(bytes, { relax_column_count: true, skip_empty_lines: false, ...(delimiter ? { record_delimiter: delimiter } : {}) }) as string[][];

/** Fields that need every RFC 4180 rule: commas, doubled quotes, CR, LF and CR LF inside quotes, multi-byte text. */
const field = fc.oneof(
  fc.constantFrom('', 'a', 'é€', '12'),
  fc
    .array(fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', ' ', 'ü', '😀'), { maxLength: 6 })
    .map((parts) => `"${parts.join('').replace(/"/g, '""')}"`),
);
const csvFile = fc.record({
  delimiter: fc.constantFrom('\n', '\r\n', '\r'),
  records: fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
  trailing: fc.boolean(),
});

describe('RecordSplitter', () => {
  it('cuts only between records: the pieces parse to the records of the whole file, in order', () => {
    fc.assert(
      fc.property(csvFile, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 17 }), ({ delimiter, records, trailing }, pieceBytes, chunk) => {
        const csv = records.map((r) => r.join(',')).join(delimiter) + (trailing ? delimiter : '');
        const whole = parseAll(Buffer.from(csv));
        const { pieces, delimiter: found } = split(csv, pieceBytes, chunk);
        expect(Buffer.concat(pieces).toString('utf8')).toBe(csv);
        // The delimiter is the first line break outside quotes, as csv-parse detects it; before one is
        // known (a lone final CR may still turn out to be CR LF) nothing is cut.
        if (found !== null) expect(found).toBe(delimiter);
        else expect(pieces.length).toBeLessThanOrEqual(1);
        expect(pieces.flatMap((p) => parseAll(p, found))).toEqual(whole);
      }),
      { seed: 4180, numRuns: 400 },
    );
  });

  it('waits for the byte after a CR before deciding between CR LF and CR', () => {
    expect(split('a,b\r\nc,d\r\n', 1, 4).delimiter).toBe('\r\n');
    expect(split('a,b\rc,d\r', 1, 4).delimiter).toBe('\r');
    expect(split('a\r', 1, 2).delimiter).toBeNull(); // only the parser of the whole file decides
  });

  it('treats a lone LF in a CR LF file as data, as csv-parse does', () => {
    const { pieces } = split('h\r\na\nb\r\nc\r\n', 1, 1);
    expect(pieces.map(String)).toEqual(['h\r\n', 'a\nb\r\n', 'c\r\n']);
  });

  it('gives up on a record that outgrows the limit instead of buffering it', () => {
    const r = split(`h\n"${'x'.repeat(5000)}`, 64, 512, 1000);
    expect(r.tooLarge).toBe(true);
    expect(r.pieces[0]!.toString()).toBe('h\n');
  });

  it('cuts a large chunk into pieces of about the piece size', () => {
    const csv = 'h\n' + 'row,1\n'.repeat(10_000);
    const { pieces } = split(csv, 1000, csv.length);
    expect(pieces.length).toBeGreaterThan(50);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1006);
  });
});
