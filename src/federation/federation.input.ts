import { Field, Float, ID, InputType } from 'type-graphql';
import { AggregationInput, FilterInput } from '../queries/aggregate-query.input';

@InputType('RegisterPeerInput', { description: 'A peer deployment and the token its analysts were issued there.' })
export class RegisterPeerInput {
  @Field({ description: 'A name to recognise the peer by, 1 to 200 characters.' }) name!: string;
  @Field({ description: 'GraphQL endpoint URL of the other deployment (http or https), e.g. https://parley.example.org/graphql.' })
  url!: string;
  @Field({ description: 'A token issued on the peer to an ANALYST of a partner organization there.' }) token!: string;
}

@InputType('FederatedPartInput', { description: 'One agreement the federated query runs under.' })
export class FederatedPartInput {
  @Field(() => ID, { nullable: true, description: 'Null: an agreement of this deployment.' }) peerId?: string | null;
  @Field(() => ID, { description: 'The agreement, on this deployment or on the peer.' }) agreementId!: string;
}

@InputType('FederatedAggregateInput', { description: 'One privateAggregate sent to every part; the answers are combined.' })
export class FederatedAggregateInput {
  @Field(() => [FederatedPartInput], { description: 'The parts, 1 to 16, each agreement at most once.' }) parts!: FederatedPartInput[];
  @Field(() => [AggregationInput], { description: 'COUNT, COUNT_DISTINCT_UNITS, SUM, MEAN or HISTOGRAM; QUANTILE cannot be combined.' })
  aggregations!: AggregationInput[];
  @Field(() => [String], { nullable: true, description: 'Columns to group by; not TEXT columns (their groups differ per part).' })
  groupBy?: string[] | null;
  @Field(() => [FilterInput], { nullable: true, description: 'Filters applied on every part.' }) filters?: FilterInput[] | null;
  @Field(() => Float, { description: 'Epsilon each part spends on its own agreement.' }) epsilon!: number;
}
