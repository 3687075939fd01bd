import type { PrivacyBudgetView } from '../agreements/privacy-budget.view';
import type { QueryResultView } from '../queries/query.service';
import type { StoredValue } from '../queries/query-model';
import type { PartGroup, PartValue } from './combiner';
import type { RemoteNoise, RemoteResult } from './peer-documents';
import type { LatticeNoise } from '../privacy';

/**
 * One part's answer as plain data, whichever deployment released it; the resolver maps it to the
 * API's AggregateResult (federated-result.type.ts).
 */
export interface PartResult {
  queryId: string;
  agreementId: string;
  datasetVersion: number;
  epsilonSpent: number;
  deltaSpent: number;
  budget: PrivacyBudgetView;
  groups: PartGroup[];
  suppressedGroups: number;
  cached: boolean;
  executedAt: Date;
  /** Released on a peer: its agreement is not an object of this deployment. */
  releasedOnPeer: boolean;
}

/** A local part's answer, its values in the order the caller asked for them (as privateAggregate). */
export function localResult(r: QueryResultView): PartResult {
  return {
    queryId: r.queryId,
    agreementId: r.agreementId,
    datasetVersion: r.datasetVersion,
    epsilonSpent: r.epsilonSpent,
    deltaSpent: r.deltaSpent,
    budget: r.budget,
    groups: r.result.groups.map((g) => ({
      key: g.key,
      values: r.requestOrder.flatMap((index) => g.values.filter((v) => v.aggregation === index)).map(storedValue),
    })),
    suppressedGroups: r.result.suppressedGroups,
    cached: r.cached,
    executedAt: r.executedAt,
    releasedOnPeer: false,
  };
}

function storedValue(v: StoredValue): PartValue {
  return {
    function: v.function,
    column: v.column,
    quantile: v.quantile,
    bin: v.bin,
    value: v.value,
    errorBound95: v.errorBound95,
    mechanism: v.mechanism,
    sumPart: v.sumPart ?? null,
    countPart: v.countPart ?? null,
    centre: v.centre ?? null,
    noise: v.noise ? { granularity: v.noise.granularity, scale: v.noise.scale } : null,
    countNoise: v.countNoise ? { granularity: v.countNoise.granularity, scale: v.countNoise.scale } : null,
  };
}

/** A peer's answer, checked; anything malformed throws (the part is then unusable). */
export function remoteResult(r: RemoteResult): PartResult {
  const b = r.budget;
  const budget: PrivacyBudgetView = {
    epsilonTotal: Number(b.epsilonTotal),
    epsilonSpent: Number(b.epsilonSpent),
    epsilonRemaining: Number(b.epsilonRemaining),
    queriesRun: Number(b.queriesRun),
    deltaTotal: Number(b.deltaTotal),
    deltaSpent: Number(b.deltaSpent),
    deltaRemaining: Number(b.deltaRemaining),
    periodStartedAt: date(b.periodStartedAt),
    refillsAt: b.refillsAt === null ? null : date(b.refillsAt),
  };
  const groups = r.groups.map((g) => ({
    key: g.key.map((k) => (k === null ? null : String(k))),
    values: g.values.map((v) => ({
      function: v.function,
      column: v.column,
      quantile: v.quantile,
      bin: v.bin,
      value: finite(v.value),
      errorBound95: finite(v.errorBound95),
      mechanism: String(v.mechanism),
      sumPart: v.sumPart,
      countPart: v.countPart,
      centre: v.centre,
      noise: noiseOf(v.noise),
      countNoise: noiseOf(v.countNoise),
    })),
  }));
  return {
    queryId: String(r.queryId),
    agreementId: String(r.agreementId),
    datasetVersion: Number(r.datasetVersion),
    epsilonSpent: finite(r.epsilonSpent),
    deltaSpent: finite(r.deltaSpent),
    budget,
    groups,
    suppressedGroups: Number(r.suppressedGroups),
    cached: Boolean(r.cached),
    executedAt: date(r.executedAt),
    releasedOnPeer: true,
  };
}

/** The values of a result as the combiner reads them. */
export function partGroups(result: PartResult): PartGroup[] {
  return result.groups;
}

/** A combined value: no single noise distribution of its own (it is a sum of the parts'). */
export function combinedGroup(key: (string | null)[], values: PartValue[]): PartGroup {
  return { key, values: values.map((v) => ({ ...v, noise: null, countNoise: null })) };
}

function noiseOf(n: RemoteNoise | null): LatticeNoise | null {
  if (!n) return null;
  if (n.family !== 'discrete-laplace' || !(n.granularity > 0) || !(n.scale > 0)) throw new Error('unknown noise distribution');
  return { granularity: n.granularity, scale: n.scale };
}

function finite(x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error('not a finite number');
  return x;
}

function date(x: unknown): Date {
  const d = new Date(String(x));
  if (Number.isNaN(d.getTime())) throw new Error('not a date');
  return d;
}
