import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node.type';
import type { FederationPeerEntity } from './peer.entity';

export enum PeerStatus {
  UNKNOWN = 'UNKNOWN',
  OK = 'OK',
  UNREACHABLE = 'UNREACHABLE',
  UNAUTHORIZED = 'UNAUTHORIZED',
}

registerEnumType(PeerStatus, {
  name: 'PeerStatus',
  description: 'What the last contact with a peer showed.',
  valuesConfig: {
    UNKNOWN: { description: 'Not contacted yet.' },
    OK: { description: 'The peer answered and accepted the token.' },
    UNREACHABLE: { description: 'The peer did not answer in time, or not with a GraphQL response.' },
    UNAUTHORIZED: { description: 'The peer refused the token (revoked, expired or unknown there).' },
  },
});

/** `organization` is resolved by FederationResolver. The token is not a field: it is never shown. */
@ObjectType('FederationPeer', { implements: Node, description: 'Another Parley deployment where this organization is a partner.' })
export class FederationPeer {
  @Field(() => ID) id!: string;
  @Field({ description: 'A name for the peer, chosen by the admin who registered it.' }) name!: string;
  @Field({ description: 'GraphQL endpoint URL of the other deployment.' }) url!: string;
  @Field({ description: 'First characters of the stored token; the token itself is encrypted at rest and never shown.' })
  tokenPrefix!: string;
  @Field(() => PeerStatus, { description: 'What the last contact showed.' }) status!: PeerStatus;
  @Field(() => Date, { nullable: true, description: 'When the peer was last contacted.' }) lastCheckedAt!: Date | null;
  @Field({ description: 'When the peer was registered.' }) createdAt!: Date;
  organizationId!: string;

  static from(e: FederationPeerEntity): FederationPeer {
    return Object.assign(new FederationPeer(), {
      id: e.id,
      name: e.name,
      url: e.url,
      tokenPrefix: e.tokenPrefix,
      status: e.status as PeerStatus,
      lastCheckedAt: e.lastCheckedAt,
      createdAt: e.createdAt,
      organizationId: e.organizationId,
    });
  }
}
