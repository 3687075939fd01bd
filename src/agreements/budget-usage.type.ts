import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { AgreementView } from './agreement.view';
import { SharingAgreement } from './agreement.type';

@ObjectType('BudgetUsageDay', { description: 'Budget spent on one UTC day.' })
export class BudgetUsageDay {
  @Field({ description: '00:00 UTC of the day.' }) day!: Date;
  @Field(() => Int) queriesRun!: number;
  @Field(() => Float) epsilonSpent!: number;
}

/** All-time usage of one agreement (the current period is in `agreement.budget`). */
@ObjectType('BudgetUsage')
export class BudgetUsage {
  @Field(() => SharingAgreement) agreement!: SharingAgreement;
  @Field(() => Int, { description: 'Queries that spent budget, over the life of the agreement.' }) queriesRun!: number;
  @Field(() => Float, { description: 'ε spent over the life of the agreement, across all budget periods.' }) epsilonSpent!: number;
  @Field(() => Date, { nullable: true }) lastQueryAt!: Date | null;
  /** Resolved by BudgetUsageResolver.daily. */
  agreementView!: AgreementView;
}
