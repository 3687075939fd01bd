import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AggregateFunction } from './aggregate-function';
import type { AgreementView } from './agreement.view';
import { Node } from '../graphql/node.type';

export enum AgreementStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

export enum BudgetPeriod {
  NEVER = 'NEVER',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
}

registerEnumType(AgreementStatus, { name: 'AgreementStatus' });
registerEnumType(BudgetPeriod, {
  name: 'BudgetPeriod',
  valuesConfig: { NEVER: { description: 'the budget never refills' } },
});

/** `dataset`, `owner`, `partner`, `grantedBy` and `budget` are resolved by AgreementResolver. */
@ObjectType('SharingAgreement', { implements: Node })
export class SharingAgreement {
  @Field(() => ID) id!: string;
  @Field(() => AgreementStatus) status!: AgreementStatus;
  @Field({ description: 'Why the partner may use the data (purpose limitation).' }) purpose!: string;
  @Field(() => [String], { description: 'Columns the partner may name in aggregations, group-bys and filters.' })
  columns!: string[];
  @Field(() => [AggregateFunction]) allowedAggregations!: AggregateFunction[];
  @Field(() => Float, { description: 'Total ε per budget period (the same figure as budget.epsilonTotal).' })
  epsilonBudget!: number;
  @Field(() => Float) epsilonPerQueryMax!: number;
  @Field(() => Float, { description: 'Delta available to DP partition selection (TEXT group-bys); 0 forbids them.' })
  delta!: number;
  @Field(() => [String], { description: 'IDENTIFIER columns the partner may join its own datasets on; empty forbids joins.' })
  joinColumns!: string[];
  @Field(() => Boolean, { description: 'Whether the partner may generate DP synthetic data from this dataset.' })
  allowSynthetic!: boolean;
  @Field(() => BudgetPeriod) budgetPeriod!: BudgetPeriod;
  @Field(() => Int, {
    nullable: true,
    description: 'Groups whose noisy count falls below this are suppressed (post-processing, costs no budget).',
  })
  suppressBelow!: number | null;
  @Field() validFrom!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;

  /** Not a GraphQL field: the view it maps, whose keys the field resolvers pass on. */
  view!: AgreementView;

  static from(e: AgreementView): SharingAgreement {
    return Object.assign(new SharingAgreement(), {
      id: e.id,
      status: e.status as AgreementStatus,
      purpose: e.purpose,
      columns: e.columns,
      allowedAggregations: e.allowedAggregations as AggregateFunction[],
      epsilonBudget: Number(e.epsilonBudget),
      epsilonPerQueryMax: Number(e.epsilonPerQueryMax),
      delta: e.delta,
      joinColumns: e.joinColumns ?? [],
      allowSynthetic: e.allowSynthetic,
      budgetPeriod: e.budgetPeriod as BudgetPeriod,
      suppressBelow: e.suppressBelow,
      validFrom: e.validFrom,
      expiresAt: e.expiresAt,
      createdAt: e.createdAt,
      revokedAt: e.revokedAt,
      view: e,
    });
  }
}
