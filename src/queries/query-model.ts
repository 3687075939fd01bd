import type { AggregateFunction } from '../agreements/aggregate-function';
import type { ColumnSpec } from '../datasets/column-spec';
import type { FilterOp } from './filter-op';

/** An aggregation in canonical form: absent options are null, never undefined. */
export interface NormalizedAggregation {
  function: AggregateFunction;
  column: string | null;
  quantile: number | null;
  bins: number[] | null;
}

/**
 * A filter in canonical form: `values` holds the operands as canonical strings of the column's type
 * (one for scalar operators, sorted and distinct for IN, none for IS_NULL / NOT_NULL).
 */
export interface NormalizedFilter {
  column: string;
  op: FilterOp;
  values: string[];
}

/**
 * A clean-room join in canonical form. The joined dataset's version is part of it, so a new upload
 * of the partner's own table is a new query for the cache.
 */
export interface NormalizedJoin {
  datasetId: string;
  datasetVersion: number;
  alias: string;
  on: string;
  otherOn: string;
}

/** What "the same query" means for the cache: order-free where the contract says so. */
export interface NormalizedQuery {
  agreementId: string;
  datasetVersion: number;
  aggregations: NormalizedAggregation[];
  filters: NormalizedFilter[];
  groupBy: string[];
  epsilon: number;
  /** δ this query spends: > 0 only with partition selection. Part of the cache key. */
  delta: number;
  /** Absent (not null) without a join, so that the cache keys of other queries stay as they were. */
  join?: NormalizedJoin;
}

/** What the compiler needs of a join: the joined table and the pair of IDENTIFIER columns. */
export interface JoinPlan {
  tableName: string;
  alias: string;
  /** IDENTIFIER column of the shared dataset. */
  on: string;
  /** IDENTIFIER column of the joined dataset. */
  otherOn: string;
}

/**
 * How the groups of a result are chosen. Public keys (CATEGORY and BOOLEAN domains) are released in
 * full, empty groups included; any other key goes through DP partition selection.
 */
export type GroupKeys = { kind: 'none' } | { kind: 'public'; keys: (string | null)[][] } | { kind: 'selected' };

export interface ValidatedQuery {
  normalized: NormalizedQuery;
  /** For each aggregation as the caller listed it, its index in `normalized.aggregations`. */
  requestOrder: number[];
  tableName: string;
  /** Keyed by the name the query uses: `column` for the shared dataset, `alias.column` for the joined one (spec.name likewise). */
  columns: ReadonlyMap<string, ColumnSpec>;
  /** Null (or absent) without a join. */
  join?: JoinPlan | null;
  /** Null when each row is one person. */
  unitColumn: string | null;
  /** Whether every row of the table carries its rank within its unit (datasets/unit-rank.ts). */
  unitRanked: boolean;
  /** m: the most rows one privacy unit contributes to the query (1 without a unit column). */
  contributionBound: number;
  groupKeys: GroupKeys;
  /** The query's δ (normalized.delta): the agreement's by default, 0 without partition selection. */
  delta: number;
  suppressBelow: number | null;
}

/** One released number as stored in query_results and served again on a cache hit. */
export interface StoredValue {
  /** Index into the normalized aggregations. */
  aggregation: number;
  function: AggregateFunction;
  column: string | null;
  quantile: number | null;
  bin: string | null;
  value: number;
  errorBound95: number;
  mechanism: string;
  /**
   * The distribution of the noise in `value` (for MEAN: in the centred sum), so that a federated
   * combination can bound the sum of several parts' noises. Public: it follows from the plan.
   * Absent from answers stored before it was recorded, and for QUANTILE.
   */
  noise?: NoiseShape;
  /** MEAN only: the noisy sum and count the value was computed from, their centre and the count's noise. */
  sumPart?: number;
  countPart?: number;
  centre?: number;
  countNoise?: NoiseShape;
}

/** granularity × DLap(scale), the scale in grid steps (see NoisePlan). */
export interface NoiseShape {
  granularity: number;
  scale: number;
}

export interface StoredGroup {
  key: (string | null)[];
  values: StoredValue[];
}

export interface StoredResult {
  groups: StoredGroup[];
  suppressedGroups: number;
}

/** The public plan of one aggregation: its ε share, sensitivity and accuracy, known before any data is read. */
export interface PlannedAggregation {
  index: number;
  spec: NormalizedAggregation;
  epsilon: number;
  sensitivity: number;
  errorBound95: number;
  mechanism: string;
  /** HISTOGRAM: the label of each released bin, in order. */
  bins: string[] | null;
}
