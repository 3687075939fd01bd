import { sampleExponentialMechanism, splitEpsilon, type RandomSource } from '../privacy';

export type Edge = readonly [number, number];

export interface TreeSelectionInput {
  /** Number of columns. */
  columns: number;
  /**
   * Utility of an edge: an integer that changes by at most `sensitivity` when one privacy unit
   * is added or removed (MST's L1 error of the independent estimate, see mst-synthesizer.ts).
   */
  utility: (i: number, j: number) => bigint;
  sensitivity: bigint;
  epsilon: number;
  rng: RandomSource;
}

/**
 * MST's private maximum spanning tree (McKenna, Miklau & Sheldon 2021, Algorithm 2): Kruskal's
 * algorithm where each of the d − 1 edges is drawn by the exponential mechanism, at ε/(d − 1)
 * each, among the pairs that join two different components. Which pairs are candidates depends
 * only on the edges already released, so the rounds compose sequentially to ε.
 */
export function selectTree({ columns, utility, sensitivity, epsilon, rng }: TreeSelectionInput): Edge[] {
  if (columns < 2) return [];
  const [share] = splitEpsilon(epsilon, columns - 1);
  const component = Array.from({ length: columns }, (_, i) => i);
  const find = (i: number): number => (component[i] === i ? i : (component[i] = find(component[i]!)));
  const cache = new Map<string, bigint>();
  const utilityOf = (i: number, j: number) => {
    const key = `${i},${j}`;
    if (!cache.has(key)) cache.set(key, utility(i, j));
    return cache.get(key)!;
  };
  const edges: Edge[] = [];
  while (edges.length < columns - 1) {
    const candidates: Edge[] = [];
    for (let i = 0; i < columns; i += 1) for (let j = i + 1; j < columns; j += 1) if (find(i) !== find(j)) candidates.push([i, j]);
    const chosen = candidates[sampleExponentialMechanism(candidates.map(([i, j]) => utilityOf(i, j)), share!, sensitivity, rng)]!;
    component[find(chosen[0])] = find(chosen[1]);
    edges.push(chosen);
  }
  return edges;
}
