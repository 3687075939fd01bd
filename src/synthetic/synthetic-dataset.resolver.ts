import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SharingAgreement } from '../agreements/agreement.type';
import { NotFoundError } from '../errors/errors';
import type { GraphQLContext } from '../graphql/context';
import { SyntheticDataset, SynthesizeInput } from './synthetic-dataset.type';

@Resolver(() => SyntheticDataset)
export class SyntheticDatasetResolver {
  @Query(() => [SyntheticDataset])
  async syntheticDatasets(
    @Arg('agreementId', () => ID, { nullable: true }) agreementId: string | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<SyntheticDataset[]> {
    return (await services.syntheticData.list(guard, agreementId)).map(SyntheticDataset.from);
  }

  @Mutation(() => SyntheticDataset, { description: 'Generate DP synthetic rows under an agreement that allows it; spends epsilon.' })
  async synthesizeDataset(@Arg('input') input: SynthesizeInput, @Ctx() { guard, services }: GraphQLContext): Promise<SyntheticDataset> {
    return SyntheticDataset.from(await services.syntheticData.synthesize(guard, input));
  }

  @FieldResolver(() => SharingAgreement)
  async agreement(@Root() s: SyntheticDataset, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement> {
    const a = await services.agreementReads.find(guard, s.entity.agreementId);
    // Everyone who may read a synthetic dataset may read its agreement; if that ever changes, hide it.
    if (!a) throw new NotFoundError('agreement');
    return SharingAgreement.from(a);
  }
}
