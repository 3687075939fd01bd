import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Dataset } from '../datasets/dataset.type';
import type { GraphQLContext } from '../graphql/context';
import { SharingAgreement } from './agreement.type';

/** Adds `Dataset.agreements`: the agreements on the dataset that the caller may see, filtered in SQL. */
@Resolver(() => Dataset)
export class DatasetAgreementsResolver {
  @FieldResolver(() => [SharingAgreement], { description: 'Agreements on this dataset that the caller may see.' })
  async agreements(@Root() dataset: Dataset, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement[]> {
    return (await services.agreementReads.list(guard, null, dataset.id)).map((a) => SharingAgreement.from(a));
  }
}
