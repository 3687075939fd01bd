import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { PrivacyBudgetView } from './privacy-budget.view';

export type { PrivacyBudgetView } from './privacy-budget.view';

@ObjectType('PrivacyBudget')
export class PrivacyBudget {
  @Field(() => Float) epsilonTotal!: number;
  @Field(() => Float) epsilonSpent!: number;
  @Field(() => Float) epsilonRemaining!: number;
  @Field(() => Int) queriesRun!: number;
  @Field(() => Float, { description: 'Total delta per period for DP partition selection, what was spent, what is left.' }) deltaTotal!: number;
  @Field(() => Float) deltaSpent!: number;
  @Field(() => Float) deltaRemaining!: number;
  @Field() periodStartedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Null when the period is NEVER.' }) refillsAt!: Date | null;

  static from(view: PrivacyBudgetView): PrivacyBudget {
    return Object.assign(new PrivacyBudget(), {
      epsilonTotal: view.epsilonTotal,
      epsilonSpent: view.epsilonSpent,
      epsilonRemaining: view.epsilonRemaining,
      queriesRun: view.queriesRun,
      deltaTotal: view.deltaTotal,
      deltaSpent: view.deltaSpent,
      deltaRemaining: view.deltaRemaining,
      periodStartedAt: view.periodStartedAt,
      refillsAt: view.refillsAt,
    });
  }
}
