import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { AggregateFunction } from './aggregate-function';
import { BudgetPeriod } from './agreement.type';

@InputType('GrantAgreementInput')
export class GrantAgreementInput {
  @Field(() => ID) datasetId!: string;
  @Field(() => ID) partnerOrganizationId!: string;
  @Field() purpose!: string;
  @Field(() => [String]) columns!: string[];
  @Field(() => [AggregateFunction]) allowedAggregations!: AggregateFunction[];
  @Field(() => Float) epsilonBudget!: number;
  @Field(() => Float) epsilonPerQueryMax!: number;
  @Field(() => Float, { defaultValue: 0 }) delta!: number;
  @Field(() => Float, { nullable: true, description: 'Total delta per period; default 10 x delta.' }) deltaBudget?: number | null;
  @Field(() => [String], { nullable: true, defaultValue: [] }) joinColumns?: string[] | null;
  @Field(() => Boolean, { defaultValue: false }) allowSynthetic!: boolean;
  @Field(() => BudgetPeriod, { defaultValue: BudgetPeriod.NEVER }) budgetPeriod!: BudgetPeriod;
  @Field(() => Int, { nullable: true }) suppressBelow?: number | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
}

/** Absent (or null) fields keep their current value. */
@InputType('AmendAgreementInput')
export class AmendAgreementInput {
  @Field(() => ID) agreementId!: string;
  @Field(() => Float, { nullable: true }) epsilonBudget?: number | null;
  @Field(() => Float, { nullable: true }) epsilonPerQueryMax?: number | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => Int, { nullable: true }) suppressBelow?: number | null;
  @Field(() => Float, { nullable: true }) deltaBudget?: number | null;
}
