import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { Organization } from '../organizations/organization.type';
import { FederatedPart, FederatedResult, aggregateGroupOf, aggregateResultOf } from './federated-result.type';
import { FederatedAggregateInput, RegisterPeerInput } from './federation.input';
import { FederationPeer } from './peer.type';

@Resolver(() => FederationPeer)
export class FederationResolver {
  @Query(() => [FederationPeer], { description: "Peers of the caller's organization (ORG_ADMIN and ANALYST)." })
  async peers(@Ctx() { guard, services }: GraphQLContext): Promise<FederationPeer[]> {
    return (await services.peers.list(guard)).map(FederationPeer.from);
  }

  @Mutation(() => FederationPeer, { description: 'ORG_ADMIN: register another Parley deployment where this organization is a partner.' })
  async registerPeer(@Arg('input', () => RegisterPeerInput, { description: 'The peer: its name, GraphQL URL and the token issued there.' }) input: RegisterPeerInput, @Ctx() { guard, services }: GraphQLContext): Promise<FederationPeer> {
    return FederationPeer.from(await services.peers.register(guard, input));
  }

  @Mutation(() => FederationPeer, { description: 'ORG_ADMIN: remove a peer; its stored token is deleted with it.' })
  async removePeer(@Arg('id', () => ID, { description: 'Id of the peer.' }) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<FederationPeer> {
    return FederationPeer.from(await services.peers.remove(guard, id));
  }

  @Mutation(() => FederatedResult, {
    description: 'One query over agreements on this deployment (peerId null) and on peers; each part spends its own budget.',
  })
  async federatedAggregate(
    @Arg('input', () => FederatedAggregateInput, { description: 'The parts and the one query each of them runs.' }) input: FederatedAggregateInput,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<FederatedResult> {
    const r = await services.federatedQueries.run(guard, input);
    return Object.assign(new FederatedResult(), {
      federatedQueryId: r.federatedQueryId,
      groups: r.groups.map(aggregateGroupOf),
      parts: r.parts.map((p) =>
        Object.assign(new FederatedPart(), {
          peer: p.peer && FederationPeer.from(p.peer),
          agreementId: p.agreementId,
          result: p.result && aggregateResultOf(p.result),
          errorCode: p.errorCode,
          errorMessage: p.errorMessage,
        }),
      ),
      complete: r.complete,
      executedAt: r.executedAt,
    });
  }

  @FieldResolver(() => Organization, { description: 'The local organization whose analysts query through this peer.' })
  async organization(@Root() peer: FederationPeer, @Ctx() { guard, services }: GraphQLContext): Promise<Organization> {
    return Organization.from(await services.organizations.get(guard, peer.organizationId));
  }
}
