import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { SharingAgreement } from '../agreements/agreement.type';
import { AuditEvent } from '../audit/audit-event.type';
import { ApiToken } from '../auth/api-token.type';
import { Dataset } from '../datasets/dataset.type';
import type { LocatedKind } from '../db/id-locator.store';
import { isUuid } from '../errors/input';
import { ParleyError } from '../errors/errors';
import { FederationPeer } from '../federation/peer.type';
import { Organization } from '../organizations/organization.type';
import { User } from '../organizations/user.type';
import { SyntheticDataset } from '../synthetic/synthetic-dataset.type';
import type { GraphQLContext } from './context';
import { Node } from './node.type';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Refetch any object by its id (Relay). Applies the same visibility as that type's own query: null for a malformed id, an unknown one, or one the caller may not see.",
  })
  async node(@Arg('id', () => ID, { description: 'The UUID of any object that implements Node.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    ctx.guard.requireUser();
    if (!isUuid(id)) return null;
    const uuid = id.toLowerCase();
    const type = await ctx.services.ids.kindOf(ctx.services.tx.manager, uuid);
    if (!type) return null;
    try {
      return await load(ctx, type, uuid);
    } catch (e) {
      // The type's own single-object reads answer NOT_FOUND for what the caller may not see: node is nullable.
      if (e instanceof ParleyError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }
}

async function load({ guard, services }: GraphQLContext, type: LocatedKind, id: string): Promise<Node | null> {
  switch (type) {
    case 'Organization':
      return Organization.from(await services.organizations.get(guard, id));
    case 'User':
      return User.from(await services.users.get(guard, id));
    case 'ApiToken': {
      const token = await services.apiTokens.find(guard, id);
      return token && ApiToken.from(token);
    }
    case 'Dataset':
      return Dataset.from(await services.datasets.get(guard, id));
    case 'Agreement': {
      const a = await services.agreementReads.find(guard, id);
      return a && SharingAgreement.from(a);
    }
    case 'AuditEvent': {
      const event = await services.auditTrail.find(guard, id);
      return event && AuditEvent.from(event);
    }
    case 'SyntheticDataset': {
      const s = await services.syntheticData.find(guard, id);
      return s && SyntheticDataset.from(s);
    }
    case 'FederationPeer': {
      const peer = await services.peers.find(guard, id);
      return peer && FederationPeer.from(peer);
    }
  }
}
