import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { SharingAgreement } from '../agreements/agreement.type';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import type { GraphQLContext } from '../graphql/context';
import { AggregateResult, PastQuery } from './aggregate-result.type';

/**
 * The agreement an answer was released under, read after the release: a normalized client cache
 * (Apollo, urql graphcache, Relay) merges it into SharingAgreement:<id>, so the agreement's
 * budget everywhere in the UI shows what this query left.
 */
async function agreementOf({ guard, services }: GraphQLContext, agreementId: string): Promise<SharingAgreement> {
  const a = await services.agreementReads.find(guard, agreementId);
  // The caller just queried under it (or lists its history under it), so it can read it; if it no
  // longer can, the contract's answer for something it may not see is NOT_FOUND.
  if (!a) throw new NotFoundError('agreement');
  return SharingAgreement.from(a);
}

@Resolver(() => AggregateResult)
export class AggregateResultAgreementResolver {
  @FieldResolver(() => ID, {
    description: 'Identity of this released answer for normalized caches: equals queryId (a cached answer keeps the id of its first release).',
  })
  id(@Root() result: AggregateResult): string {
    return result.queryId;
  }

  @FieldResolver(() => SharingAgreement, { description: 'The agreement the answer was released under, with its budget after this query.' })
  agreement(@Root() result: AggregateResult, @Ctx() ctx: GraphQLContext): Promise<SharingAgreement> {
    // A federated part answered by a peer: the agreement is an object of that deployment.
    if ((result as { releasedOnPeer?: boolean }).releasedOnPeer) {
      return Promise.reject(new BadUserInputError('this answer was released by a peer; its agreement lives there (read agreementId and budget)'));
    }
    return agreementOf(ctx, result.agreementId);
  }
}

@Resolver(() => PastQuery)
export class PastQueryAgreementResolver {
  @FieldResolver(() => SharingAgreement, { description: 'The agreement the answer was released under, as it is now.' })
  agreement(@Root() past: PastQuery, @Ctx() ctx: GraphQLContext): Promise<SharingAgreement> {
    return agreementOf(ctx, past.agreementId);
  }
}
