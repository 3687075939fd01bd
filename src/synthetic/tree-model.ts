import type { RandomSource } from '../privacy';
import { toDistribution } from './marginals';
import type { Edge } from './tree-selection';

/** A noisy marginal and the discrete Laplace scale its cells were measured with. */
export interface Measurement {
  values: number[];
  /** Noise variance per cell, up to a common factor (only ratios are used): the scale squared. */
  variance: number;
}

export interface TreeMeasurements {
  sizes: readonly number[];
  oneWay: readonly Measurement[];
  /** Row-major tables, edge [i, j] indexed a·sizes[j] + b. */
  twoWay: ReadonlyMap<string, Measurement>;
  edges: readonly Edge[];
}

/** A sampler over 0..k−1 with integer weights: exact draws from a CSPRNG, no floating point on the draw. */
class CellSampler {
  private readonly cumulative: number[];

  constructor(probabilities: readonly number[]) {
    // 2^31 in total: randomBelow stays on its 32-bit path and a cell's weight is off by < 2^-31.
    let total = 0;
    this.cumulative = probabilities.map((p) => (total += Math.floor(p * 2 ** 31)));
    if (total === 0) this.cumulative = probabilities.map((_, k) => k + 1);
  }

  draw(rng: RandomSource): number {
    const total = this.cumulative[this.cumulative.length - 1]!;
    const u = Number(rng.randomBelow(BigInt(total)));
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * The tree-shaped model rows are drawn from: the root's marginal, then each other column given
 * its parent. Everything here is post-processing of released measurements (no data, no budget).
 */
export class TreeModel {
  private constructor(
    private readonly order: readonly number[],
    private readonly parent: readonly (number | null)[],
    /** Per column: one sampler (a root), or one per cell of its parent. */
    private readonly samplers: readonly (CellSampler | CellSampler[])[],
  ) {}

  /**
   * Consistency, kept simple and stated in docs/privacy-mechanisms.md: a column's marginal is the
   * inverse-variance weighted mean of its own noisy 1-way marginal and the sums of its noisy
   * 2-way tables; every estimate is projected to non-negative values and normalized. A child's
   * distribution given its parent's cell a is row a of their table, so normalized; a row with no
   * mass left falls back to the child's marginal.
   */
  static fit(m: TreeMeasurements): TreeModel {
    const d = m.sizes.length;
    const marginals = m.sizes.map((_, i) => combinedMarginal(m, i));
    const neighbours = Array.from({ length: d }, () => [] as number[]);
    for (const [i, j] of m.edges) {
      neighbours[i]!.push(j);
      neighbours[j]!.push(i);
    }
    const parent: (number | null)[] = new Array(d).fill(null);
    const order: number[] = [];
    const seen = new Array<boolean>(d).fill(false);
    // A forest when some columns have no edge (d = 1): each component gets its own root.
    for (let root = 0; root < d; root += 1) {
      if (seen[root]) continue;
      seen[root] = true;
      const queue = [root];
      while (queue.length) {
        const node = queue.shift()!;
        order.push(node);
        for (const next of neighbours[node]!) {
          if (seen[next]) continue;
          seen[next] = true;
          parent[next] = node;
          queue.push(next);
        }
      }
    }
    const byColumn = new Array<CellSampler | CellSampler[]>(d);
    for (const node of order) {
      const p = parent[node];
      if (p === null || p === undefined) {
        byColumn[node] = new CellSampler(marginals[node]!);
        continue;
      }
      const rows: CellSampler[] = [];
      for (let a = 0; a < m.sizes[p]!; a += 1) {
        const row = conditionalRow(m, p, node, a);
        rows.push(new CellSampler(row ?? marginals[node]!));
      }
      byColumn[node] = rows;
    }
    return new TreeModel(order, parent, byColumn);
  }

  /** `rows` rows as cells, column-major: result[column][row]. */
  sample(rows: number, rng: RandomSource): Int32Array[] {
    const out = this.parent.map(() => new Int32Array(rows));
    for (let r = 0; r < rows; r += 1) {
      this.order.forEach((node) => {
        const sampler = this.samplers[node]!;
        const p = this.parent[node];
        out[node]![r] = Array.isArray(sampler) ? sampler[out[p!]![r]!]!.draw(rng) : sampler.draw(rng);
      });
    }
    return out;
  }
}

export function edgeKey(i: number, j: number): string {
  return i < j ? `${i},${j}` : `${j},${i}`;
}

function combinedMarginal(m: TreeMeasurements, i: number): number[] {
  const size = m.sizes[i]!;
  const own = m.oneWay[i]!;
  const sum = new Array<number>(size).fill(0);
  let weight = 0;
  const add = (values: readonly number[], variance: number) => {
    const w = 1 / variance;
    values.forEach((v, a) => (sum[a]! += w * v));
    weight += w;
  };
  add(own.values, own.variance);
  for (const [a, b] of m.edges) {
    if (a !== i && b !== i) continue;
    const other = a === i ? b : a;
    const table = m.twoWay.get(edgeKey(a, b))!;
    add(project(table.values, m.sizes, a, b, i), table.variance * m.sizes[other]!);
  }
  return toDistribution(sum.map((s) => s / weight));
}

/** Sums a table of edge [a, b] (a < b) onto column `onto`. */
function project(values: readonly number[], sizes: readonly number[], a: number, b: number, onto: number): number[] {
  const sizeB = sizes[b]!;
  const out = new Array<number>(sizes[onto]!).fill(0);
  values.forEach((v, k) => {
    const cell = onto === a ? Math.floor(k / sizeB) : k % sizeB;
    out[cell]! += v;
  });
  return out;
}

/** P(child | parent = a) from their noisy table, or null when the row holds no positive mass. */
function conditionalRow(m: TreeMeasurements, parent: number, child: number, a: number): number[] | null {
  const [lo, hi] = parent < child ? [parent, child] : [child, parent];
  const table = m.twoWay.get(edgeKey(lo, hi))!.values;
  const sizeHi = m.sizes[hi]!;
  const row = new Array<number>(m.sizes[child]!).fill(0);
  for (let c = 0; c < row.length; c += 1) {
    const v = parent === lo ? table[a * sizeHi + c]! : table[c * sizeHi + a]!;
    row[c] = v > 0 ? v : 0;
  }
  return row.some((v) => v > 0) ? toDistribution(row) : null;
}
