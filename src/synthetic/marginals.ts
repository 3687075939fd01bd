/**
 * Contingency counts of the bounded rows, as the database returns them: one entry per distinct
 * combination of cells with how many kept rows have it. Marginals are sums over these.
 */
export interface CellTuple {
  cells: readonly number[];
  count: number;
}

/** Counts per cell of column i (size cells). */
export function oneWayMarginal(tuples: readonly CellTuple[], i: number, size: number): number[] {
  const out = new Array<number>(size).fill(0);
  for (const t of tuples) out[t.cells[i]!]! += t.count;
  return out;
}

/** Counts per pair of cells of columns i and j, row-major: index a·sizeJ + b. */
export function twoWayMarginal(tuples: readonly CellTuple[], i: number, j: number, sizeI: number, sizeJ: number): number[] {
  const out = new Array<number>(sizeI * sizeJ).fill(0);
  for (const t of tuples) out[t.cells[i]! * sizeJ + t.cells[j]!]! += t.count;
  return out;
}

/** Non-negative and summing to 1: negative noisy counts become 0; an all-zero vector becomes uniform. */
export function toDistribution(values: readonly number[]): number[] {
  const clipped = values.map((v) => (v > 0 ? v : 0));
  const total = clipped.reduce((s, v) => s + v, 0);
  return total > 0 ? clipped.map((v) => v / total) : clipped.map(() => 1 / clipped.length);
}

/** Total-variation distance between two distributions given as counts or probabilities. */
export function totalVariation(a: readonly number[], b: readonly number[]): number {
  const p = toDistribution(a);
  const q = toDistribution(b);
  return p.reduce((s, v, k) => s + Math.abs(v - q[k]!), 0) / 2;
}
