import { AggregateFunction } from '../agreements/aggregate-function';
import {
  applyNoise,
  clampRelease,
  drawNoise,
  releaseMean,
  releaseQuantile,
  selectPartitions,
  type NoisePlan,
  type RandomSource,
  type Release,
} from '../privacy';
import { keyId } from './group-keys';
import type { AggregationPlan, QueryPlan } from './noise-planner';
import type { NoiseShape, StoredGroup, StoredResult, StoredValue, ValidatedQuery } from './query-model';

export type Row = Record<string, unknown>;
/** Pre-drawn noise: [group][aggregation][draw]. */
export type NoiseTable = number[][][];

/** How many Laplace draws one group needs for an aggregation (QUANTILE samples from the data). */
function drawCount(a: AggregationPlan): number {
  switch (a.noise.kind) {
    case 'laplace':
      return a.bins ? a.bins.length : 1;
    case 'mean':
      return 2;
    case 'quantile':
      return 0;
  }
}

export function totalDraws(plan: QueryPlan, groups: number): number {
  return groups * plan.aggregations.reduce((n, a) => n + drawCount(a), 0);
}

/** Laplace noise for every value of every group, drawn without looking at any data. */
export function drawNoiseTable(plan: QueryPlan, groups: number, rng: RandomSource): NoiseTable {
  const table: NoiseTable = [];
  for (let g = 0; g < groups; g += 1) {
    table.push(
      plan.aggregations.map((a) => {
        const draws: number[] = [];
        for (let d = 0; d < drawCount(a); d += 1) draws.push(drawOne(a, d, rng));
        return draws;
      }),
    );
  }
  return table;
}

function drawOne(a: AggregationPlan, d: number, rng: RandomSource): number {
  if (a.noise.kind === 'mean') return drawNoise(d === 0 ? a.noise.plan.sum : a.noise.plan.count, rng);
  if (a.noise.kind === 'laplace') return drawNoise(a.noise.plan, rng);
  throw new Error('QUANTILE draws no Laplace noise');
}

/** The groups whose keys are known before the data are read; null when partition selection decides. */
export function knownGroups(q: ValidatedQuery): (string | null)[][] | null {
  if (q.groupKeys.kind === 'none') return [[]];
  if (q.groupKeys.kind === 'public') return q.groupKeys.keys;
  return null;
}

/**
 * Turns the statement's exact rows into the released result: noise added to every value of every
 * released group, each value clamped into the range its truth lies in, then suppressBelow applied
 * to the released counts (post-processing, no budget). Only groups withheld by suppressBelow are
 * counted in suppressedGroups: how many partitions selection dropped is never told.
 * With public keys the noise was drawn up front and every key is released, empty or not; with
 * partition selection the surviving partitions are chosen here and their noise drawn afterwards.
 */
export function buildRelease(
  q: ValidatedQuery,
  plan: QueryPlan,
  rows: Row[],
  keyCount: number,
  preDrawn: NoiseTable | null,
  rng: RandomSource,
): StoredResult {
  const byKey = new Map(rows.map((r) => [keyId(keyOf(r, keyCount)), r]));
  let released: { key: (string | null)[]; row: Row | undefined; noisyUnits: number | null }[];
  let noise: NoiseTable;
  const known = knownGroups(q);
  if (known) {
    released = known.map((key) => ({ key, row: byKey.get(keyId(key)), noisyUnits: null }));
    noise = preDrawn ?? drawNoiseTable(plan, known.length, rng);
  } else {
    const candidates = rows.map((row) => ({ key: keyOf(row, keyCount), distinctUnits: Number(row.pu) }));
    const selected = selectPartitions(candidates, plan.partitionEpsilon!, q.delta, q.contributionBound, rng);
    selected.sort((a, b) => compareKeys(a.key, b.key));
    released = selected.map((s) => ({ key: s.key, row: byKey.get(keyId(s.key)), noisyUnits: s.noisyUnits }));
    noise = drawNoiseTable(plan, released.length, rng);
  }
  const groups: StoredGroup[] = [];
  let suppressedGroups = 0;
  released.forEach(({ key, row, noisyUnits }, g) => {
    const counts: number[] = [];
    const values = plan.aggregations.flatMap((a) => releaseValues(a, row, noise[g]![a.index]!, rng, counts));
    const noisyCount = counts[0] ?? noisyUnits;
    if (q.suppressBelow !== null && noisyCount !== null && noisyCount !== undefined && noisyCount < q.suppressBelow) {
      suppressedGroups += 1;
      return;
    }
    groups.push({ key, values });
  });
  return { groups, suppressedGroups };
}

/**
 * Released values of one aggregation in one group. `counts` collects the noisy counts usable for
 * suppressBelow, best first: COUNT, COUNT_DISTINCT_UNITS, then the count inside a MEAN.
 */
function releaseValues(a: AggregationPlan, row: Row | undefined, draws: number[], rng: RandomSource, counts: number[]): StoredValue[] {
  const i = a.index;
  const value = (release: Release, bin: string | null = null, extra: Partial<StoredValue> = {}): StoredValue => ({
    aggregation: i,
    function: a.spec.function,
    column: a.spec.column,
    quantile: a.spec.quantile,
    bin,
    value: release.value,
    errorBound95: release.errorBound95,
    mechanism: a.mechanism,
    ...extra,
  });
  const n = (field: string) => (row ? Number(row[field] ?? 0) : 0);
  switch (a.noise.kind) {
    case 'laplace': {
      const { plan, range } = a.noise;
      const noisy = (trueValue: number, draw: number) => clampRelease(applyNoise(trueValue, plan, draw), range[0], range[1]);
      const noise = { noise: shapeOf(plan) };
      if (a.bins) return a.bins.map((bin, j) => value(noisy(n(`a${i}_b${j}`), draws[j]!), bin, noise));
      const release = noisy(n(`a${i}`), draws[0]!);
      if (a.spec.function === AggregateFunction.COUNT) counts.unshift(release.value);
      else if (a.spec.function === AggregateFunction.COUNT_DISTINCT_UNITS) counts.push(release.value);
      return [value(release, null, noise)];
    }
    case 'mean': {
      const { plan, lower, upper } = a.noise;
      // a{i}_s is the exact sum of (x − midpoint) over the clamped values (see sql-compiler).
      const sum = applyNoise(n(`a${i}_s`), plan.sum, draws[0]!);
      const count = applyNoise(n(`a${i}_n`), plan.count, draws[1]!);
      counts.push(count.value);
      // Released as they are: the value is a function of them, so showing them costs nothing more.
      const centre = plan.midpoint;
      const parts = { sumPart: centre * count.value + sum.value, countPart: count.value, centre, noise: shapeOf(plan.sum), countNoise: shapeOf(plan.count) };
      return [value(releaseMean(sum, count, lower, upper), null, parts)];
    }
    case 'quantile': {
      const { lower, upper, buckets, q } = a.noise;
      const bucketCounts = new Array<number>(buckets).fill(0);
      const stored = (row?.[`a${i}`] ?? null) as Record<string, number | string> | null;
      for (const [bucket, c] of Object.entries(stored ?? {})) bucketCounts[Number(bucket) - 1] = Number(c);
      return [value(releaseQuantile(bucketCounts, lower, upper, q, a.epsilon, a.sensitivity, rng))];
    }
  }
}

function shapeOf(plan: NoisePlan): NoiseShape {
  return { granularity: plan.granularity, scale: Number(plan.scale.num) / Number(plan.scale.den) };
}

function keyOf(row: Row, keyCount: number): (string | null)[] {
  const key: (string | null)[] = [];
  for (let k = 0; k < keyCount; k += 1) {
    const v = row[`k${k}`];
    key.push(v === null || v === undefined ? null : String(v));
  }
  return key;
}

/** Released partitions are listed in key order, never in the database's row order. */
function compareKeys(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
