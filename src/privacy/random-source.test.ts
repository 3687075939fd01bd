import { createCipheriv, createHash } from 'node:crypto';
import { cryptoRandomSource, seededRandomSource, type RandomSource } from './random-source';
import { chiSquareCriticalValue } from './testing/chi-square';
import { SEEDED_ALPHA, UNSEEDED_ALPHA } from './testing/sampling';

/** χ² of draws below n grouped into `cells` equal slices of [0, n). */
function uniformity(rng: RandomSource, n: bigint, cells: number, draws: number): number {
  const counts = new Array<number>(cells).fill(0);
  for (let i = 0; i < draws; i += 1) {
    const x = rng.randomBelow(n);
    if (x < 0n || x >= n) throw new Error(`out of range: ${x}`);
    counts[Number((x * BigInt(cells)) / n)] += 1;
  }
  // Slices of a non-multiple n differ in size by one value; use the exact cell sizes.
  return counts.reduce((s, observed, c) => {
    const k = BigInt(cells);
    const firstValueOf = (cell: bigint) => (cell * n + k - 1n) / k; // ⌈cell·n/k⌉
    const size = firstValueOf(BigInt(c) + 1n) - firstValueOf(BigInt(c));
    const expected = (draws * Number(size)) / Number(n);
    return s + (observed - expected) ** 2 / expected;
  }, 0);
}

const BOUNDS = [6n, 2n ** 32n - 1n, 2n ** 32n + 15n, 3n * 2n ** 61n + 5n];

describe('seededRandomSource', () => {
  it('is the AES-256-CTR keystream under sha256(seed)', () => {
    const rng = seededRandomSource('parley');
    const key = createHash('sha256').update('parley').digest();
    // The first keystream block of CTR mode is AES_k(counter block 0).
    const block = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(Buffer.alloc(16));
    const bytes = Array.from({ length: 16 }, () => Number(rng.randomBelow(256n)));
    expect(bytes).toEqual([...block]);
  });

  it('replays the same stream for the same seed and a different one otherwise', () => {
    const sequence = (seed: string) => {
      const rng = seededRandomSource(seed);
      return Array.from({ length: 50 }, () => rng.randomBelow(10n ** 30n));
    };
    expect(sequence('a')).toEqual(sequence('a'));
    expect(sequence('a')).not.toEqual(sequence('b'));
  });
});

describe.each([
  ['seeded', seededRandomSource('uniformity'), SEEDED_ALPHA],
  ['CSPRNG (α = 1e-11)', cryptoRandomSource, UNSEEDED_ALPHA],
] as const)('randomBelow with the %s source', (_name, rng, alpha) => {
  it.each(BOUNDS)('is uniform below %p', (n) => {
    const cells = n < 16n ? Number(n) : 16;
    expect(uniformity(rng, n, cells, 40_000)).toBeLessThan(chiSquareCriticalValue(cells - 1, alpha));
  });

  it('returns 0 below 1 and rejects bounds below 1', () => {
    expect(rng.randomBelow(1n)).toBe(0n);
    expect(() => rng.randomBelow(0n)).toThrow(RangeError);
    expect(() => rng.randomBelow(-5n)).toThrow(RangeError);
  });
});
