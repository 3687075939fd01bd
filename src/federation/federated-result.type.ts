import { Field, ID, ObjectType } from 'type-graphql';
import type { AggregateFunction } from '../agreements/aggregate-function';
import { PrivacyBudget } from '../agreements/privacy-budget.type';
import { AggregateGroup, AggregateResult, NoiseDistribution, NoisyValue } from '../queries/aggregate-result.type';
import type { LatticeNoise } from '../privacy';
import type { PartGroup } from './combiner';
import type { PartResult } from './part-answer';
import { FederationPeer } from './peer.type';

@ObjectType('FederatedPart', { description: "One part's outcome: its own deployment's answer, or why it has none." })
export class FederatedPart {
  @Field(() => FederationPeer, { nullable: true, description: 'The peer the part ran on; null for this deployment.' })
  peer!: FederationPeer | null;
  @Field(() => ID, { description: 'The agreement the part ran under, on its deployment.' }) agreementId!: string;
  @Field(() => AggregateResult, {
    nullable: true,
    description: "Null when this part failed. For a peer's part, `agreement` is not available here (it lives on the peer): read agreementId and budget.",
  })
  result!: AggregateResult | null;
  @Field(() => String, {
    nullable: true,
    description: "The part's error code: the contract code its deployment answered (e.g. BUDGET_EXHAUSTED, UNAUTHENTICATED), PEER_UNREACHABLE, or INCOMPATIBLE_ANSWER.",
  })
  errorCode!: string | null;
  @Field(() => String, { nullable: true, description: 'What went wrong, as the deployment explained it.' }) errorMessage!: string | null;
}

@ObjectType('FederatedResult', { description: 'A federated query: the parts’ answers and their combination.' })
export class FederatedResult {
  @Field(() => ID, { description: 'Identifies this federated query in the audit trail (FEDERATED_QUERY event).' }) federatedQueryId!: string;
  @Field(() => [AggregateGroup], { description: 'Combined over the parts that answered.' }) groups!: AggregateGroup[];
  @Field(() => [FederatedPart], { description: 'Every part, in the order given.' }) parts!: FederatedPart[];
  @Field({ description: 'True when every part answered.' }) complete!: boolean;
  @Field({ description: 'When the combination was made.' }) executedAt!: Date;
}

/** An answer released on a peer: its agreement is not an object of this deployment. */
export class PeerAggregateResult extends AggregateResult {
  readonly releasedOnPeer = true;
}

/** A part's answer as the API's AggregateResult. */
export function aggregateResultOf(r: PartResult): AggregateResult {
  return Object.assign(r.releasedOnPeer ? new PeerAggregateResult() : new AggregateResult(), {
    queryId: r.queryId,
    agreementId: r.agreementId,
    datasetVersion: r.datasetVersion,
    epsilonSpent: r.epsilonSpent,
    deltaSpent: r.deltaSpent,
    budget: PrivacyBudget.from(r.budget),
    groups: r.groups.map(aggregateGroupOf),
    suppressedGroups: r.suppressedGroups,
    cached: r.cached,
    executedAt: r.executedAt,
  });
}

export function aggregateGroupOf(g: PartGroup): AggregateGroup {
  return Object.assign(new AggregateGroup(), {
    key: g.key,
    values: g.values.map((v) =>
      Object.assign(new NoisyValue(), { ...v, function: v.function as AggregateFunction, noise: noiseOf(v.noise), countNoise: noiseOf(v.countNoise) }),
    ),
  });
}

function noiseOf(n: LatticeNoise | null): NoiseDistribution | null {
  return n && Object.assign(new NoiseDistribution(), { family: 'discrete-laplace', granularity: n.granularity, scale: n.scale });
}
