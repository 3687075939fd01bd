import { midpointOf, noiseSumBound, releaseMean, type LatticeNoise } from '../privacy';

/** One released value of a part, as privateAggregate answers it (here or on a peer). */
export interface PartValue {
  function: string;
  column: string | null;
  quantile: number | null;
  bin: string | null;
  value: number;
  errorBound95: number;
  mechanism: string;
  sumPart: number | null;
  countPart: number | null;
  centre: number | null;
  noise: LatticeNoise | null;
  countNoise: LatticeNoise | null;
}

export interface PartGroup {
  key: (string | null)[];
  values: PartValue[];
}

export interface PartAnswer {
  groups: PartGroup[];
  /** The declared [lowerBound, upperBound] of each column a MEAN is taken over, on that part. */
  bounds: ReadonlyMap<string, readonly [number, number]>;
}

export interface CombinedGroup {
  key: (string | null)[];
  values: PartValue[];
}

export interface Combination {
  groups: CombinedGroup[];
  /** Answers that could not be combined with the first one, by index, with the reason. */
  rejected: Map<number, string>;
}

const ADDITIVE = new Set(['COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'HISTOGRAM']);

/**
 * Combines the parts' released answers; pure post-processing of values already released, so it
 * costs no budget. COUNT, COUNT_DISTINCT_UNITS, SUM and HISTOGRAM bins add; MEAN is Σ sumPart ÷
 * Σ countPart. A group is combined when every answer released it (a group one part withheld,
 * by suppressBelow or partition selection, would otherwise silently lack that part's share).
 *
 * errorBound95 of an added value is the 95% half-width of the sum of the parts' independent
 * noises, by convolution (noiseSumBound: exact on a common lattice, else a stated upper bound).
 * For MEAN with the same centre on every part, the ratio bound of releaseMean is applied to the
 * summed centred sums and counts, with 97.5% bounds of their summed noises; parts with different
 * centres get the trivial bound, the width of the combined clamping range.
 */
export function combineAnswers(answers: readonly PartAnswer[]): Combination {
  const rejected = new Map<number, string>();
  const reference = answers.findIndex((a) => answerProblem(a, a) === null);
  answers.forEach((a, i) => {
    const problem = reference < 0 ? answerProblem(a, a) ?? 'no answer to compare with' : answerProblem(answers[reference]!, a);
    if (problem) rejected.set(i, problem);
  });
  const used = answers.filter((_, i) => !rejected.has(i));
  if (used.length === 0) return { groups: [], rejected };
  const byKey = used.map((a) => new Map(a.groups.map((g) => [JSON.stringify(g.key), g])));
  const bounds = BOUNDS;
  const groups: CombinedGroup[] = [];
  for (const g of used[0]!.groups) {
    const id = JSON.stringify(g.key);
    const all = byKey.map((m) => m.get(id));
    if (all.some((x) => x === undefined)) continue;
    const values = g.values.map((v, j) => combineValue(all.map((x) => x!.values[j]!), used, v.column, bounds));
    groups.push({ key: g.key, values });
  }
  return { groups, rejected };
}

/** Why `answer` cannot be added to `reference` value by value, or null when it can. */
function answerProblem(reference: PartAnswer, answer: PartAnswer): string | null {
  const shape = (a: PartAnswer) => a.groups[0]?.values.map((v) => `${v.function}/${v.column ?? ''}/${v.bin ?? ''}`).join(',') ?? null;
  for (const g of answer.groups) {
    for (const v of g.values) {
      if (!ADDITIVE.has(v.function) && v.function !== 'MEAN') return `${v.function} cannot be combined`;
      if (!v.noise) return 'the answer does not state its noise distribution (a Parley version without federation?)';
      if (v.function === 'MEAN' && (v.sumPart === null || v.countPart === null || v.centre === null || !v.countNoise)) {
        return 'the MEAN answer lacks its sumPart and countPart';
      }
      if (v.function === 'MEAN' && !answer.bounds.has(v.column ?? '')) return `no bounds for column ${v.column}`;
    }
  }
  const a = shape(answer);
  const r = shape(reference);
  if (a !== null && r !== null && a !== r) return 'its values do not line up with the other parts (different aggregations or bins)';
  return null;
}

function combineValue(values: PartValue[], answers: PartAnswer[], column: string | null, cache: Cache): PartValue {
  const first = values[0]!;
  const n = values.length;
  const base = { function: first.function, column: first.column, quantile: first.quantile, bin: first.bin, noise: null, countNoise: null };
  if (first.function !== 'MEAN') {
    const { bound, exact } = cache.bound(values.map((v) => v.noise!), 0.05);
    return {
      ...base,
      value: values.reduce((s, v) => s + v.value, 0),
      errorBound95: bound,
      mechanism: `sum of ${n} parts' releases; errorBound95 ${exact ? 'exact' : 'an upper bound'} for the sum of their independent noises (convolution)`,
      sumPart: null,
      countPart: null,
      centre: null,
    };
  }
  const sumPart = values.reduce((s, v) => s + v.sumPart!, 0);
  const countPart = values.reduce((s, v) => s + v.countPart!, 0);
  const ranges = answers.map((a) => a.bounds.get(column!)!);
  const lower = Math.min(...ranges.map((r) => r[0]));
  const upper = Math.max(...ranges.map((r) => r[1]));
  const centre = first.centre!;
  if (values.every((v) => v.centre === centre) && midpointOf(lower, upper) === centre) {
    const centred = values.reduce((s, v) => s + (v.sumPart! - centre * v.countPart!), 0);
    const sumNoise = cache.bound(values.map((v) => v.noise!), 0.025);
    const countNoise = cache.bound(values.map((v) => v.countNoise!), 0.025);
    // The centred sums were rounded to their grids before the noise was added: ≤ g/2 each.
    const rounding = values.reduce((s, v) => s + v.noise!.granularity / 2, 0);
    const release = releaseMean(
      { value: centred, errorBound95: 0, mechanism: '', errorBound975: sumNoise.bound + rounding },
      { value: countPart, errorBound95: 0, mechanism: '', errorBound975: countNoise.bound },
      lower,
      upper,
    );
    return {
      ...base,
      value: release.value,
      errorBound95: release.errorBound95,
      mechanism: `Σ sumPart / Σ countPart over ${n} parts, clamped to [${lower}, ${upper}]; errorBound95 from 97.5% bounds of the summed noises (convolution) and a union bound`,
      sumPart,
      countPart,
      centre,
    };
  }
  const value = Math.min(upper, Math.max(lower, sumPart / Math.max(countPart, 1)));
  return {
    ...base,
    value,
    errorBound95: upper - lower,
    mechanism: `Σ sumPart / Σ countPart over ${n} parts with different centres, clamped to [${lower}, ${upper}]; errorBound95 is the width of that range`,
    sumPart,
    countPart,
    centre: null,
  };
}

/**
 * The same parts' noises recur in every group, and in every query with the same plans: one
 * convolution per distinct list of noises (public quantities only), kept for later queries.
 */
class Cache {
  private readonly known = new Map<string, { bound: number; exact: boolean }>();

  constructor(private readonly capacity: number) {}

  bound(noises: LatticeNoise[], alpha: number): { bound: number; exact: boolean } {
    const key = JSON.stringify([alpha, noises.map((n) => [n.granularity, n.scale])]);
    let hit = this.known.get(key);
    if (!hit) {
      hit = noiseSumBound(noises, alpha);
      if (this.known.size >= this.capacity) this.known.clear();
      this.known.set(key, hit);
    }
    return hit;
  }
}

const BOUNDS = new Cache(1024);
