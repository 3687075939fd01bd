import { Field, Float, ID, InputType } from 'type-graphql';
import { AggregateFunction } from '../agreements/aggregate-function';
import type { AggregateQueryRequest, AggregationRequest, FilterRequest } from './aggregate-query';
import { FilterOp } from './filter-op';

@InputType('FilterInput')
export class FilterInput implements FilterRequest {
  @Field() column!: string;
  @Field(() => FilterOp) op!: FilterOp;
  @Field(() => String, {
    nullable: true,
    description: "Scalar operand (string form of the column's type); absent for IS_NULL / NOT_NULL.",
  })
  value?: string | null;
  @Field(() => [String], { nullable: true, description: 'Operand list for IN.' })
  values?: string[] | null;
}

@InputType('AggregationInput')
export class AggregationInput implements AggregationRequest {
  @Field(() => AggregateFunction) function!: AggregateFunction;
  @Field(() => String, {
    nullable: true,
    description: 'Required for SUM, MEAN, QUANTILE, HISTOGRAM; absent for COUNT and COUNT_DISTINCT_UNITS.',
  })
  column?: string | null;
  @Field(() => Float, { nullable: true, description: 'For QUANTILE: in (0, 1).' })
  quantile?: number | null;
  @Field(() => [Float], { nullable: true, description: 'For HISTOGRAM over a numeric column: ascending bin edges.' })
  bins?: number[] | null;
}

@InputType('JoinInput')
export class JoinInput {
  @Field(() => ID, { description: "A dataset owned by the caller's organization." }) datasetId!: string;
  @Field({ description: "Names the joined dataset's columns as alias.column; [a-z][a-z0-9_]*." }) alias!: string;
  @Field({ description: "IDENTIFIER column of the agreement's dataset, listed in the agreement's joinColumns." }) on!: string;
  @Field({ description: 'IDENTIFIER column of the joined dataset.' }) otherOn!: string;
}

@InputType('AggregateQueryInput')
export class AggregateQueryInput implements AggregateQueryRequest {
  @Field(() => ID) agreementId!: string;
  @Field(() => [AggregationInput]) aggregations!: AggregationInput[];
  @Field(() => [String], { nullable: true }) groupBy?: string[] | null;
  @Field(() => [FilterInput], { nullable: true }) filters?: FilterInput[] | null;
  @Field(() => Float, { description: "Total epsilon this query may spend; at most the agreement's epsilonPerQueryMax." })
  epsilon!: number;
  @Field(() => Float, {
    nullable: true,
    description: "Delta for partition selection, at most the agreement's delta; default: the agreement's when the query needs selection, else 0.",
  })
  delta?: number | null;
  @Field(() => JoinInput, {
    nullable: true,
    description: "Join a dataset of the caller's own organization (clean-room join); its columns are named alias.column.",
  })
  join?: JoinInput | null;
}
