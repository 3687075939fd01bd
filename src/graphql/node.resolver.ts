import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { SharingAgreement } from '../agreements/agreement.type';
import { AuditEvent } from '../audit/audit-event.type';
import { ApiToken } from '../auth/api-token.type';
import { Dataset } from '../datasets/dataset.type';
import { isUuid } from '../errors/input';
import { ParleyError } from '../errors/errors';
import { FederationPeer } from '../federation/peer.type';
import { Organization } from '../organizations/organization.type';
import { User } from '../organizations/user.type';
import type { GraphQLContext } from './context';
import { Node } from './node.type';

/** Which table holds an id: one indexed probe per table, in one round trip. */
const LOCATE_SQL = `
  SELECT 'Organization' AS type FROM organizations WHERE id = $1
  UNION ALL SELECT 'User' FROM users WHERE id = $1
  UNION ALL SELECT 'ApiToken' FROM api_tokens WHERE id = $1
  UNION ALL SELECT 'Dataset' FROM datasets WHERE id = $1
  UNION ALL SELECT 'SharingAgreement' FROM agreements WHERE id = $1
  UNION ALL SELECT 'AuditEvent' FROM audit_events WHERE id = $1
  UNION ALL SELECT 'FederationPeer' FROM federation_peers WHERE id = $1
  LIMIT 1`;

type NodeType = 'Organization' | 'User' | 'ApiToken' | 'Dataset' | 'SharingAgreement' | 'AuditEvent' | 'FederationPeer';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      "Refetch any object by its id (Relay). Applies the same visibility as that type's own query: null for a malformed id, an unknown one, or one the caller may not see.",
  })
  async node(@Arg('id', () => ID, { description: 'The UUID of any object that implements Node.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    ctx.guard.user;
    if (!isUuid(id)) return null;
    const uuid = id.toLowerCase();
    const rows: { type: NodeType }[] = await ctx.services.tx.manager.query(LOCATE_SQL, [uuid]);
    const type = rows[0]?.type;
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

async function load({ guard, services }: GraphQLContext, type: NodeType, id: string): Promise<Node | null> {
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
    case 'SharingAgreement': {
      const a = await services.agreementReads.find(guard, id);
      return a && SharingAgreement.from(a, services.agreements.now());
    }
    case 'AuditEvent': {
      const event = await services.auditTrail.find(guard, id);
      return event && AuditEvent.from(event);
    }
    case 'FederationPeer': {
      const peer = await services.peers.find(guard, id);
      return peer && FederationPeer.from(peer);
    }
  }
}
