import type { ColumnSpec } from '../datasets/column-spec';
import { seededRandomSource } from '../privacy';
import { twoWayMarginal, type CellTuple } from './marginals';
import { independenceError } from './mst-synthesizer';
import { csvChunks, csvField, csvHeader, ROWS_PER_CHUNK } from './synthetic-csv';
import { domainOf, integerRangeOfBin, unsupportedReason, valueOf } from './synthetic-domain';
import { selectTree } from './tree-selection';

const spec = (c: Partial<ColumnSpec> & Pick<ColumnSpec, 'name' | 'type'>): ColumnSpec => ({
  sensitivity: 'SENSITIVE',
  nullable: true,
  lowerBound: null,
  upperBound: null,
  categories: null,
  ...c,
});

describe('synthetic domains', () => {
  it('come from the schema alone, with a NULL cell for nullable columns', () => {
    expect(domainOf(spec({ name: 'c', type: 'CATEGORY', categories: ['x', 'y'] })).size).toBe(3);
    expect(domainOf(spec({ name: 'b', type: 'BOOLEAN', nullable: false })).size).toBe(2);
    expect(domainOf(spec({ name: 'small', type: 'INTEGER', lowerBound: 1, upperBound: 5, nullable: false }))).toMatchObject({ size: 5, exact: true });
    expect(domainOf(spec({ name: 'wide', type: 'FLOAT', lowerBound: 0, upperBound: 1 }))).toMatchObject({ size: 11, bins: 10, exact: false });
  });

  it('refuse columns without a public domain', () => {
    expect(unsupportedReason(spec({ name: 't', type: 'TEXT' }))).toMatch(/free text/);
    expect(unsupportedReason(spec({ name: 'd', type: 'DATE' }))).toMatch(/DATE/);
    expect(unsupportedReason(spec({ name: 'i', type: 'INTEGER', sensitivity: 'IDENTIFIER', lowerBound: 0, upperBound: 9 }))).toMatch(/identifier/);
    expect(unsupportedReason(spec({ name: 'n', type: 'INTEGER' }))).toMatch(/bounds/);
    const many = Array.from({ length: 300 }, (_, i) => `c${i}`);
    expect(unsupportedReason(spec({ name: 'c', type: 'CATEGORY', categories: many }))).toMatch(/more than 256/);
    expect(() => domainOf(spec({ name: 't', type: 'TEXT' }))).toThrow(RangeError);
  });

  it('decode every integer of a binned range back into its own bin', () => {
    const d = domainOf(spec({ name: 'age', type: 'INTEGER', lowerBound: 0, upperBound: 120, nullable: false }));
    if (d.kind !== 'INTEGER') throw new Error('expected an INTEGER domain');
    for (let v = 0; v <= 120; v += 1) {
      const bin = Math.min(d.bins - 1, Math.floor(((v - d.lower) / (d.upper - d.lower)) * d.bins));
      const [lo, hi] = integerRangeOfBin(d, bin);
      expect({ v, inside: v >= lo && v <= hi }).toEqual({ v, inside: true });
    }
    const rng = seededRandomSource('decode');
    for (let bin = 0; bin < d.bins; bin += 1) {
      const [lo, hi] = integerRangeOfBin(d, bin);
      for (let k = 0; k < 20; k += 1) {
        const v = Number(valueOf(d, bin, rng));
        expect(Number.isInteger(v) && v >= lo && v <= hi).toBe(true);
      }
    }
  });

  it('write NULL as an empty field and floats inside their bin', () => {
    const rng = seededRandomSource('floats');
    const d = domainOf(spec({ name: 'score', type: 'FLOAT', lowerBound: -1, upperBound: 1 }));
    expect(valueOf(d, d.size - 1, rng)).toBe('');
    for (let k = 0; k < 50; k += 1) {
      const v = Number(valueOf(d, 3, rng));
      expect(v >= -1 + 0.2 * 3 - 1e-9 && v <= -1 + 0.2 * 4 + 1e-9).toBe(true);
    }
  });
});

describe('synthetic CSV', () => {
  it('quotes only where RFC 4180 needs it, and splits rows into chunks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvHeader(['a', 'b c'])).toBe('a,b c\n');
    const d = domainOf(spec({ name: 'c', type: 'CATEGORY', categories: ['x,1', 'y'], nullable: false }));
    const cells = [Int32Array.from({ length: ROWS_PER_CHUNK + 5 }, (_, i) => i % 2)];
    const chunks = csvChunks([d], cells, seededRandomSource('csv'));
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toBe(Array.from({ length: 5 }, (_, i) => ((ROWS_PER_CHUNK + i) % 2 ? 'y' : '"x,1"')).join('\n') + '\n');
  });
});

describe('private tree selection', () => {
  it('returns a spanning tree: d − 1 edges joining every column', () => {
    const rng = seededRandomSource('tree');
    for (let d = 1; d <= 7; d += 1) {
      const edges = selectTree({ columns: d, utility: (i, j) => BigInt((i * 7 + j * 3) % 11), sensitivity: 1n, epsilon: 1, rng });
      expect(edges).toHaveLength(Math.max(0, d - 1));
      const reached = new Set([0]);
      for (let pass = 0; pass < d; pass += 1) for (const [i, j] of edges) if (reached.has(i) || reached.has(j)) reached.add(i).add(j);
      expect(reached.size).toBe(d);
    }
  });

  it('uses an edge utility that one unit of m rows moves by at most m', () => {
    // Neighbours: D and D plus one unit whose m rows fall anywhere. Seeded, exhaustive over 200 draws.
    const rng = seededRandomSource('utility-sensitivity');
    const below = (n: number) => Number(rng.randomBelow(BigInt(n)));
    const [si, sj] = [4, 3];
    for (let trial = 0; trial < 200; trial += 1) {
      const m = 1 + below(4);
      const tuples: CellTuple[] = Array.from({ length: 12 }, () => ({ cells: [below(si), below(sj)], count: below(30) }));
      const added: CellTuple[] = Array.from({ length: m }, () => ({ cells: [below(si), below(sj)], count: 1 }));
      const pi = [0.1, 0.2, 0.3, 0.4];
      const pj = [0.5, 0.25, 0.25];
      const total = 150 + below(200);
      const before = independenceError(twoWayMarginal(tuples, 0, 1, si, sj), total, pi, pj);
      const after = independenceError(twoWayMarginal([...tuples, ...added], 0, 1, si, sj), total, pi, pj);
      const change = before > after ? before - after : after - before;
      expect(change <= BigInt(m)).toBe(true);
    }
  });
});
