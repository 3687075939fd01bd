import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { PrivacyBudget } from '../agreements/privacy-budget.type';
import type { GraphQLContext } from '../graphql/context';
import { AggregateQueryInput } from './aggregate-query.input';
import { AggregateGroup, AggregatePreview, AggregateResult, ExpectedError, PastQuery } from './aggregate-result.type';

@Resolver()
export class QueryResolver {
  @Query(() => AggregatePreview, {
    description: 'Dry run of privateAggregate: validates the query against the agreement and reports its cost and accuracy.',
  })
  async previewAggregate(@Arg('input', () => AggregateQueryInput) input: AggregateQueryInput, @Ctx() { guard, services }: GraphQLContext): Promise<AggregatePreview> {
    const p = await services.queries.preview(guard, input);
    return Object.assign(new AggregatePreview(), {
      epsilonCost: p.epsilonCost,
      deltaCost: p.deltaCost,
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
      deltaSpent: r.deltaSpent,
      budget: PrivacyBudget.from(r.budget),
      groups: r.result.groups.map((g) => AggregateGroup.from(g, r.requestOrder)),
      suppressedGroups: r.result.suppressedGroups,
      cached: r.cached,
      executedAt: r.executedAt,
    });
  }

  @Query(() => [PastQuery], { description: "The caller's own released answers, newest first (at most 200), under agreements it may still query." })
  async queryHistory(
    @Arg('agreementId', () => ID, { nullable: true }) agreementId: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<PastQuery[]> {
    const rows = await services.queryHistory.list(guard, agreementId, first);
    return rows.map((r) =>
      Object.assign(new PastQuery(), {
        queryId: r.id,
        agreementId: r.agreementId,
        datasetVersion: r.datasetVersion,
        epsilonSpent: r.epsilon,
        executedAt: r.createdAt,
        query: r.query,
        groups: r.result.groups.map((g) => AggregateGroup.from(g, g.values.map((v) => v.aggregation).filter((x, i, all) => all.indexOf(x) === i))),
        suppressedGroups: r.result.suppressedGroups,
      }),
    );
  }
}
