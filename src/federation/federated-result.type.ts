import { Field, ID, ObjectType } from 'type-graphql';
import { AggregateGroup, AggregateResult } from '../queries/aggregate-result.type';
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
