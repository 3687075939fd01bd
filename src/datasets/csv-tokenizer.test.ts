import { CsvError, parse } from 'csv-parse/sync';
import fc from 'fast-check';
import type { RecordDelimiter } from './csv-record-splitter';
import { CsvSyntaxError, tokenize } from './csv-tokenizer';

/** csv-parse with the options ingest used before this tokenizer: the reference. */
function reference(text: string, delimiter: RecordDelimiter | null, bom: boolean): { records: string[][] } | { code: string; line: number } {
  try {
    const records = parse(text, { bom, relax_column_count: true, skip_empty_lines: false, ...(delimiter ? { record_delimiter: delimiter } : {}) }) as string[][];
    return { records };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { code: e.code, line: (e as unknown as { lines: number }).lines };
  }
}

function ours(text: string, delimiter: RecordDelimiter | null, bom: boolean, max = 1 << 20): { records: string[][] } | { code: string; line: number } {
  try {
    return { records: tokenize(text, delimiter, max, bom) };
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    return { code: e.code, line: e.line };
  }
}

describe('tokenize', () => {
  it('reads hostile CSV exactly as csv-parse does: the same records, or the same error at the same line', () => {
    const piece = fc.constantFrom('a', 'b', ' ', ',', '"', '""', '\n', '\r', '\r\n', 'é', '€', '😀', '\ufeff', '\t', '\\', '\u0000');
    const input = fc.record({
      text: fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
      delimiter: fc.constantFrom<RecordDelimiter | null>(null, '\n', '\r\n', '\r'),
      bom: fc.boolean(),
    });
    fc.assert(
      fc.property(input, ({ text, delimiter, bom }) => {
        const expected = reference(text, delimiter, bom);
        const got = ours(text, delimiter, bom);
        // csv-parse counts a CR LF inside quotes as two lines, ingest (linesSpanned) as one: lines are
        // compared where the two agree on what a line is.
        if ('code' in expected && 'code' in got && /\r\n/.test(text)) expect(got.code).toBe(expected.code);
        else expect(got).toEqual(expected);
      }),
      { seed: 4180, numRuns: 10_000 },
    );
  });

  it('reads well-formed records with quoted delimiters, quotes and line breaks', () => {
    const text = '\ufeffid,note\r\np1,"line one\r\nline two, with comma"\r\np2,"say ""hi"""\r\n\r\n"",x\r\n';
    expect(tokenize(text, '\r\n', 1000, true)).toEqual([['id', 'note'], ['p1', 'line one\r\nline two, with comma'], ['p2', 'say "hi"'], [''], ['', 'x']]);
    expect(tokenize(text, '\r\n', 1000, false)[0]![0]).toBe('\ufeffid');
    expect(tokenize('', null, 10, true)).toEqual([]);
    expect(tokenize('a,\nb', null, 10, false)).toEqual([['a', ''], ['b']]);
  });

  it('fails a record whose fields hold more than the cap, at the line where it starts', () => {
    expect(tokenize('a,bb\nccc\n', '\n', 3, false)).toEqual([['a', 'bb'], ['ccc']]);
    expect(() => tokenize('a,bb\n"x\ny",cc\n', '\n', 3, false)).toThrow(expect.objectContaining({ code: 'CSV_MAX_RECORD_SIZE', line: 2 }));
  });
});
