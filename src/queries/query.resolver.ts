import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { PrivacyBudget } from '../agreements/privacy-budget.type';
import type { GraphQLContext } from '../graphql/context';
import { AggregateQueryInput } from './aggregate-query.input';
import { AggregateGroup, AggregatePreview, AggregateResult, ExpectedError } from './aggregate-result.type';

@Resolver()
export class QueryResolver {
  @Query(() => AggregatePreview, {
    description: 'Dry run of privateAggregate: validates the query against the agreement and reports its cost and accuracy.',
  })
  async previewAggregate(@Arg('input', () => AggregateQueryInput) input: AggregateQueryInput, @Ctx() { guard, services }: GraphQLContext): Promise<AggregatePreview> {
    const p = await services.queries.preview(guard, input);
    return Object.assign(new AggregatePreview(), {
      epsilonCost: p.epsilonCost,
      wouldBeCached: p.wouldBeCached,
      budget: PrivacyBudget.from(p.budget),
      remainingQueriesAtThisCost: p.remainingQueriesAtThisCost,
      expectedErrors: p.requestOrder.map((i) => ExpectedError.from(p.plan.aggregations[i]!)),
    });
  }

  @Mutation(() => AggregateResult, { description: 'Run a differentially private aggregate query. Spends budget, so it is a mutation.' })
  async privateAggregate(@Arg('input', () => AggregateQueryInput) input: AggregateQueryInput, @Ctx() { guard, services }: GraphQLContext): Promise<AggregateResult> {
    const r = await services.queries.run(guard, input);
    return Object.assign(new AggregateResult(), {
      queryId: r.queryId,
      agreementId: r.agreementId,
      datasetVersion: r.datasetVersion,
      epsilonSpent: r.epsilonSpent,
      budget: PrivacyBudget.from(r.budget),
      groups: r.result.groups.map((g) => AggregateGroup.from(g, r.requestOrder)),
      suppressedGroups: r.result.suppressedGroups,
      cached: r.cached,
      executedAt: r.executedAt,
    });
  }
}
