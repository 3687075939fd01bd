import { PrivacyBudget } from '../agreements/privacy-budget.type';
import { AggregateGroup, AggregateResult, NoiseDistribution, NoisyValue } from '../queries/aggregate-result.type';
import type { QueryResultView } from '../queries/query.service';
import type { PartValue } from './combiner';
import type { RemoteNoise, RemoteResult } from './peer-documents';

/** An answer released on a peer: its agreement is not an object of this deployment. */
export class PeerAggregateResult extends AggregateResult {
  readonly releasedOnPeer = true;
}

/** A local part's answer, as privateAggregate would return it. */
export function localResult(r: QueryResultView): AggregateResult {
  return Object.assign(new AggregateResult(), {
    queryId: r.queryId,
    agreementId: r.agreementId,
    datasetVersion: r.datasetVersion,
    epsilonSpent: r.epsilonSpent,
    deltaSpent: r.deltaSpent,
    budget: PrivacyBudget.from(r.budget),
    groups: r.result.groups.map((g) => AggregateGroup.from(g, r.requestOrder)),
    suppressedGroups: r.result.suppressedGroups,
    cached: r.cached,
    executedAt: r.executedAt,
  });
}

/** A peer's answer as this deployment's types; anything malformed throws (the part is then unusable). */
export function remoteResult(r: RemoteResult): AggregateResult {
  const b = r.budget;
  const budget = Object.assign(new PrivacyBudget(), {
    epsilonTotal: Number(b.epsilonTotal),
    epsilonSpent: Number(b.epsilonSpent),
    epsilonRemaining: Number(b.epsilonRemaining),
    queriesRun: Number(b.queriesRun),
    deltaTotal: Number(b.deltaTotal),
    deltaSpent: Number(b.deltaSpent),
    deltaRemaining: Number(b.deltaRemaining),
    periodStartedAt: date(b.periodStartedAt),
    refillsAt: b.refillsAt === null ? null : date(b.refillsAt),
  });
  const groups = r.groups.map((g) =>
    Object.assign(new AggregateGroup(), {
      key: g.key.map((k) => (k === null ? null : String(k))),
      values: g.values.map((v) =>
        Object.assign(new NoisyValue(), {
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
        }),
      ),
    }),
  );
  return Object.assign(new PeerAggregateResult(), {
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
  });
}

/** The values of a result as the combiner reads them. */
export function partGroups(result: AggregateResult): { key: (string | null)[]; values: PartValue[] }[] {
  return result.groups.map((g) => ({
    key: g.key,
    values: g.values.map((v) => ({
      function: v.function,
      column: v.column,
      quantile: v.quantile,
      bin: v.bin,
      value: v.value,
      errorBound95: v.errorBound95,
      mechanism: v.mechanism,
      sumPart: v.sumPart,
      countPart: v.countPart,
      centre: v.centre,
      noise: v.noise && { granularity: v.noise.granularity, scale: v.noise.scale },
      countNoise: v.countNoise && { granularity: v.countNoise.granularity, scale: v.countNoise.scale },
    })),
  }));
}

/** A combined value: no single noise distribution of its own (it is a sum of the parts'). */
export function combinedGroup(key: (string | null)[], values: PartValue[]): AggregateGroup {
  return Object.assign(new AggregateGroup(), {
    key,
    values: values.map((v) =>
      Object.assign(new NoisyValue(), { ...v, function: v.function, noise: null, countNoise: null }),
    ),
  });
}

function noiseOf(n: RemoteNoise | null): NoiseDistribution | null {
  if (!n) return null;
  if (n.family !== 'discrete-laplace' || !(n.granularity > 0) || !(n.scale > 0)) throw new Error('unknown noise distribution');
  return Object.assign(new NoiseDistribution(), { family: n.family, granularity: n.granularity, scale: n.scale });
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
