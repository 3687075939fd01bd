import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { SharingAgreement } from './agreement.type';
import { BudgetUsage, BudgetUsageDay } from './budget-usage.type';

@Resolver(() => BudgetUsage)
export class BudgetUsageResolver {
  @Query(() => [BudgetUsage], {
    description: 'All-time budget usage of every agreement whose budget the caller may read; organizationId keeps those it owns or is partner to.',
  })
  async budgetUsage(
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<BudgetUsage[]> {
    return (await services.agreementReads.usage(guard, organizationId)).map((u) =>
      Object.assign(new BudgetUsage(), {
        agreement: SharingAgreement.from(u.agreement),
        queriesRun: u.queriesRun,
        epsilonSpent: u.epsilonSpent,
        lastQueryAt: u.lastQueryAt,
        agreementView: u.agreement,
      }),
    );
  }

  @FieldResolver(() => [BudgetUsageDay], { description: 'Spends per UTC day over the life of the agreement, oldest first.' })
  async daily(@Root() usage: BudgetUsage, @Ctx() { guard, services }: GraphQLContext): Promise<BudgetUsageDay[]> {
    const days = await services.agreementReads.dailyUsage(guard, usage.agreementView);
    return days.map((d) => Object.assign(new BudgetUsageDay(), { day: d.day, queriesRun: d.queries, epsilonSpent: Number(d.spent) }));
  }
}
