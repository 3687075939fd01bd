import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { AggregateFunction } from '../agreements/aggregate-function';
import { PrivacyBudget } from '../agreements/privacy-budget.type';
import type { NoiseShape, PlannedAggregation, StoredGroup, StoredValue } from './query-model';

@ObjectType('NoiseDistribution', {
  description: 'The public distribution of a released noise: granularity × discrete Laplace(scale). It follows from the query plan, so it costs no budget.',
})
export class NoiseDistribution {
  @Field({ description: 'The distribution family: discrete-laplace.' }) family!: string;
  @Field(() => Float, { description: 'The grid the noise lives on: 1 for counts, a power of two for real-valued sums.' }) granularity!: number;
  @Field(() => Float, { description: 'The discrete Laplace scale in grid steps: P(k) ∝ exp(−|k|/scale).' }) scale!: number;

  static from(n: NoiseShape | undefined): NoiseDistribution | null {
    return n ? Object.assign(new NoiseDistribution(), { family: 'discrete-laplace', granularity: n.granularity, scale: n.scale }) : null;
  }
}

@ObjectType('NoisyValue')
export class NoisyValue {
  @Field(() => AggregateFunction) function!: AggregateFunction;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => Float, { nullable: true }) quantile!: number | null;
  @Field(() => String, { nullable: true, description: 'For HISTOGRAM: the bin or category this value counts.' })
  bin!: string | null;
  @Field(() => Float) value!: number;
  @Field(() => Float, {
    description:
      'Half-width of a 95% interval for the noise added to this value. Clamping the value into the range its true value lies in (counts at 0, MEAN and QUANTILE into the column bounds) only moves it closer to the truth, so the bound still holds.',
  })
  errorBound95!: number;
  @Field({ description: 'Mechanism used, e.g. discrete-laplace, exponential, and any clamping applied as post-processing.' }) mechanism!: string;
  @Field(() => Float, {
    nullable: true,
    description:
      'For MEAN: the noisy sum the value was computed from (centre × countPart + the noisy centred sum; already released, no extra cost). In a federated result: the sum of the parts’ sumPart.',
  })
  sumPart!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'For MEAN: the noisy count the value was computed from (already released, no extra cost). In a federated result: the sum of the parts’ countPart.',
  })
  countPart!: number | null;
  @Field(() => NoiseDistribution, {
    nullable: true,
    description:
      'The distribution of the noise added to this value; for MEAN, of the noise in the centred sum sumPart − centre × countPart. Null for QUANTILE and for combined values.',
  })
  noise!: NoiseDistribution | null;
  @Field(() => NoiseDistribution, { nullable: true, description: 'For MEAN: the distribution of the noise in countPart.' })
  countNoise!: NoiseDistribution | null;
  @Field(() => Float, { nullable: true, description: 'For MEAN: the centre (L + U)/2 the values were summed around.' })
  centre!: number | null;

  static from(v: StoredValue): NoisyValue {
    return Object.assign(new NoisyValue(), {
      function: v.function,
      column: v.column,
      quantile: v.quantile,
      bin: v.bin,
      value: v.value,
      errorBound95: v.errorBound95,
      mechanism: v.mechanism,
      sumPart: v.sumPart ?? null,
      countPart: v.countPart ?? null,
      noise: NoiseDistribution.from(v.noise),
      countNoise: NoiseDistribution.from(v.countNoise),
      centre: v.centre ?? null,
    });
  }
}

@ObjectType('AggregateGroup')
export class AggregateGroup {
  @Field(() => [String], { nullable: 'items', description: 'Values of the groupBy columns, in order (null for a null key).' })
  key!: (string | null)[];
  @Field(() => [NoisyValue]) values!: NoisyValue[];

  /** `order` lists the stored aggregation indexes in the order the caller asked for them. */
  static from(g: StoredGroup, order: readonly number[]): AggregateGroup {
    const values = order.flatMap((index) => g.values.filter((v) => v.aggregation === index));
    return Object.assign(new AggregateGroup(), { key: g.key, values: values.map(NoisyValue.from) });
  }
}

@ObjectType('AggregateResult')
export class AggregateResult {
  @Field(() => ID) queryId!: string;
  @Field(() => ID) agreementId!: string;
  @Field(() => Int) datasetVersion!: number;
  @Field(() => Float) epsilonSpent!: number;
  @Field(() => Float) deltaSpent!: number;
  @Field(() => PrivacyBudget) budget!: PrivacyBudget;
  @Field(() => [AggregateGroup]) groups!: AggregateGroup[];
  @Field(() => Int, {
    description:
      "How many groups were withheld because their released count fell below the agreement's suppressBelow. Groups that partition selection did not release are never counted: their number would disclose how many partitions exist.",
  })
  suppressedGroups!: number;
  @Field({
    description:
      'True when this exact query on this dataset version was answered before: the same noisy answer is returned and no budget is spent.',
  })
  cached!: boolean;
  @Field() executedAt!: Date;
}

@ObjectType('ExpectedError')
export class ExpectedError {
  @Field(() => AggregateFunction) function!: AggregateFunction;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => Float, { nullable: true }) quantile!: number | null;
  @Field(() => Float, {
    description: 'Half-width of the 95% noise interval each released value of this aggregation will have.',
  })
  errorBound95!: number;
  @Field() mechanism!: string;

  static from(p: PlannedAggregation): ExpectedError {
    return Object.assign(new ExpectedError(), {
      function: p.spec.function,
      column: p.spec.column,
      quantile: p.spec.quantile,
      errorBound95: p.errorBound95,
      mechanism: p.mechanism,
    });
  }
}

@ObjectType('AggregatePreview', {
  description:
    'What a query would cost and how accurate it would be, computed from public information only (no data is read, no budget is spent).',
})
export class AggregatePreview {
  @Field(() => Float) epsilonCost!: number;
  @Field(() => Float) deltaCost!: number;
  @Field({ description: 'True when the same query on the current dataset version was answered before: running it again is free.' })
  wouldBeCached!: boolean;
  @Field(() => PrivacyBudget) budget!: PrivacyBudget;
  @Field(() => Int, { description: 'How many more queries of this cost the remaining budget allows.' })
  remainingQueriesAtThisCost!: number;
  @Field(() => [ExpectedError]) expectedErrors!: ExpectedError[];
}

@ObjectType('PastQuery', { description: "One of the caller's released answers, as it was released." })
export class PastQuery {
  @Field(() => ID) queryId!: string;
  @Field(() => ID) agreementId!: string;
  @Field(() => Int) datasetVersion!: number;
  @Field(() => Float) epsilonSpent!: number;
  @Field() executedAt!: Date;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The normalized query: aggregations, groupBy, filters, epsilon, and the join if any.' })
  query!: unknown;
  @Field(() => [AggregateGroup]) groups!: AggregateGroup[];
  @Field(() => Int, { description: 'How many groups suppressBelow withheld (see AggregateResult.suppressedGroups).' })
  suppressedGroups!: number;
}
