import { drawNoise, planLaplace, splitEpsilon, type RandomSource } from '../privacy';
import { oneWayMarginal, toDistribution, twoWayMarginal, type CellTuple } from './marginals';
import type { ColumnDomain } from './synthetic-domain';
import { TreeModel, edgeKey, type Measurement } from './tree-model';
import { selectTree, type Edge } from './tree-selection';

export interface SynthesisInput {
  domains: readonly ColumnDomain[];
  /** The contribution-bounded rows, counted per combination of cells. */
  tuples: readonly CellTuple[];
  epsilon: number;
  /** Rows one privacy unit may contribute after bounding (m). */
  contributionBound: number;
  rows: number;
  rng: RandomSource;
}

export interface Synthesis {
  /** Cells of the synthetic rows, column-major. */
  cells: Int32Array[];
  edges: Edge[];
  /** What was measured and how, for SyntheticDataset.method. */
  method: string;
}

/**
 * MST (McKenna, Miklau & Sheldon, "Winning the NIST Contest", JPC 2021) with pure ε-DP discrete
 * Laplace measurements instead of zCDP Gaussian ones. ε is split in three equal parts:
 *  1. every 1-way marginal, discrete Laplace of scale d·m/ε₁ per cell (one unit moves each of the
 *     d marginals by at most m in L1, so the whole set by d·m);
 *  2. a spanning tree, d − 1 exponential-mechanism rounds at ε₂/(d − 1), utility of a pair = L1
 *     distance between its true 2-way marginal and the independent estimate from step 1, rounded
 *     down (sensitivity m: the estimate is already public);
 *  3. the 2-way marginal of every tree edge, discrete Laplace of scale (d − 1)·m/ε₃ per cell.
 * The rest — consistency, the tree model and the rows — is post-processing. A single column uses
 * all of ε for its 1-way marginal.
 */
export function synthesizeMst(input: SynthesisInput): Synthesis {
  const { domains, tuples, rng } = input;
  const d = domains.length;
  if (d < 1) throw new RangeError('synthesis needs at least one column');
  const m = input.contributionBound;
  const sizes = domains.map((c) => c.size);
  const [eps1, eps2, eps3] = d === 1 ? [input.epsilon, 0, 0] : splitEpsilon(input.epsilon, 3);

  const oneWay = domains.map((_, i) => measure(oneWayMarginal(tuples, i, sizes[i]!), d * m, eps1!, rng));

  // Public: the noisy total and the independent estimate of each pair, as integers.
  const total = Math.max(0, oneWay.reduce((s, x) => s + x.values.reduce((a, v) => a + v, 0), 0) / d);
  const p = oneWay.map((x) => toDistribution(x.values));
  const edges =
    d === 1
      ? []
      : selectTree({
          columns: d,
          sensitivity: BigInt(m),
          epsilon: eps2!,
          rng,
          utility: (i, j) => independenceError(twoWayMarginal(tuples, i, j, sizes[i]!, sizes[j]!), total, p[i]!, p[j]!),
        });

  const twoWay = new Map<string, Measurement>();
  for (const [i, j] of edges) {
    twoWay.set(edgeKey(i, j), measure(twoWayMarginal(tuples, i, j, sizes[i]!, sizes[j]!), (d - 1) * m, eps3!, rng));
  }
  const model = TreeModel.fit({ sizes, oneWay, twoWay, edges });
  return { cells: model.sample(input.rows, rng), edges, method: describe(domains, edges, input.epsilon, m) };
}

/**
 * MST's edge utility: Σ |C[a, b] − round(n̂·p_i[a]·p_j[b])| over the pair's true counts C. The
 * estimate is built from released values only, and the counts are integers, so adding or removing
 * one unit (≤ m rows, each in one cell) moves the utility by at most m.
 */
export function independenceError(truth: readonly number[], total: number, pi: readonly number[], pj: readonly number[]): bigint {
  let error = 0;
  truth.forEach((count, k) => {
    const estimate = Math.round(total * pi[Math.floor(k / pj.length)]! * pj[k % pj.length]!);
    error += Math.abs(count - estimate);
  });
  return BigInt(error);
}

/** Integer counts plus discrete Laplace noise of scale sensitivity/ε, cell by cell. */
function measure(counts: number[], sensitivity: number, epsilon: number, rng: RandomSource): Measurement {
  const plan = planLaplace(sensitivity, epsilon, true);
  const scale = Number(plan.scale.num) / Number(plan.scale.den);
  return { values: counts.map((c) => c + drawNoise(plan, rng)), variance: scale * scale };
}

function describe(domains: readonly ColumnDomain[], edges: readonly Edge[], epsilon: number, m: number): string {
  const names = domains.map((c) => c.name);
  const tree = edges.length ? `; 2-way marginals on a private maximum spanning tree: ${edges.map(([i, j]) => `${names[i]}–${names[j]}`).join(', ')}` : '';
  const split = edges.length ? ' (split in thirds: 1-way, tree selection by the exponential mechanism, 2-way)' : '';
  return `MST (discrete Laplace, ε = ${epsilon}${split}, contribution bound ${m}): 1-way marginals of ${names.join(', ')}${tree}`;
}
