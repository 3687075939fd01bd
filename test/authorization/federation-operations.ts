import { Role } from '../../src/organizations/role';
import { ok } from '../support/test-app';
import { grid, type CaseContext, type Operation } from './operation-table';
import type { World } from './world';

/*
 * Rows of the authorization matrix for federation peers and federated queries. Relations: `own` =
 * a peer registered for home (the caller's organization), `outsider` = one registered for the
 * outsider organization. Every peer points back at the test server itself with the token of
 * home's standing analyst, so federated queries through it really run.
 */

const REGISTER = 'mutation($i: RegisterPeerInput!) { registerPeer(input: $i) { id } }';

function peerInput(world: World, url: string) {
  return { name: `matrix peer ${Date.now()}`, url: `${url}/graphql`, token: world.targets.own.token };
}

/** A new peer of the relation's organization, registered by that organization's admin. */
async function freshPeer(ctx: CaseContext): Promise<string> {
  const admin = ctx.relation === 'outsider' ? ctx.world.data.admins.outsider : ctx.world.callers[Role.ORG_ADMIN];
  return ok<{ registerPeer: { id: string } }>(await ctx.t.gql(REGISTER, { i: peerInput(ctx.world, ctx.t.url) }, admin.token)).registerPeer.id;
}

const standing = new WeakMap<World, Map<string, Promise<string>>>();
/** One peer per relation for the cases that do not change it. */
function standingPeer(ctx: CaseContext): Promise<string> {
  let peers = standing.get(ctx.world);
  if (!peers) standing.set(ctx.world, (peers = new Map()));
  if (!peers.has(ctx.relation)) peers.set(ctx.relation, freshPeer(ctx));
  return peers.get(ctx.relation)!;
}

const PEER_VISIBILITY = `
                    own     outsider
  PLATFORM_ADMIN    hidden  hidden
  ORG_ADMIN         listed  hidden
  ANALYST           listed  hidden
  AUDITOR           hidden  hidden
  PLATFORM_AUDITOR  hidden  hidden
`;

export const FEDERATION_OPERATIONS: Operation[] = [
  {
    name: 'peers',
    document: '{ peers { id name url tokenPrefix status organization { id } } }',
    prepare: async (ctx) => ({ variables: {}, targetId: await standingPeer(ctx) }),
    ids: (data) => data.peers.map((p: { id: string }) => p.id),
    expected: grid(PEER_VISIBILITY),
  },
  {
    name: 'node',
    variant: 'FederationPeer',
    document: 'query($id: ID!) { node(id: $id) { id ... on FederationPeer { status } } }',
    prepare: async (ctx) => ({ variables: { id: await standingPeer(ctx) } }),
    single: (data) => data.node,
    check: (data) => expect(data.node.status).toBe('OK'),
    expected: grid(`
                        own   outsider
      PLATFORM_ADMIN    null  null
      ORG_ADMIN         ok    null
      ANALYST           ok    null
      AUDITOR           null  null
      PLATFORM_AUDITOR  null  null
    `),
  },
  {
    name: 'registerPeer',
    document: 'mutation($i: RegisterPeerInput!) { registerPeer(input: $i) { id status organization { id } } }',
    prepare: async (ctx) => ({ variables: { i: peerInput(ctx.world, ctx.t.url) } }),
    check: (data, ctx) => expect(data.registerPeer).toMatchObject({ status: 'OK', organization: { id: ctx.world.orgs.home } }),
    expected: grid(`
                        none
      PLATFORM_ADMIN    FORBIDDEN
      ORG_ADMIN         ok
      ANALYST           FORBIDDEN
      AUDITOR           FORBIDDEN
      PLATFORM_AUDITOR  FORBIDDEN
    `),
  },
  {
    name: 'removePeer',
    document: 'mutation($id: ID!) { removePeer(id: $id) { id } }',
    prepare: async (ctx) => ({ variables: { id: await freshPeer(ctx) } }),
    expected: grid(`
                        own        outsider
      PLATFORM_ADMIN    NOT_FOUND  NOT_FOUND
      ORG_ADMIN         ok         NOT_FOUND
      ANALYST           FORBIDDEN  NOT_FOUND
      AUDITOR           NOT_FOUND  NOT_FOUND
      PLATFORM_AUDITOR  NOT_FOUND  NOT_FOUND
    `),
  },
  {
    name: 'federatedAggregate',
    document: 'mutation($i: FederatedAggregateInput!) { federatedAggregate(input: $i) { complete parts { errorCode } groups { values { value } } } }',
    // Through the peer, home's analyst queries the partner's agreement with home.
    prepare: async (ctx) => ({
      variables: {
        i: { parts: [{ peerId: await standingPeer(ctx), agreementId: ctx.world.data.agreements.partner }], aggregations: [{ function: 'COUNT' }], epsilon: 0.1 },
      },
    }),
    check: (data) => expect(data.federatedAggregate.parts).toEqual([{ errorCode: null }]),
    expected: grid(`
                        own        outsider
      PLATFORM_ADMIN    FORBIDDEN  FORBIDDEN
      ORG_ADMIN         FORBIDDEN  FORBIDDEN
      ANALYST           ok         NOT_FOUND
      AUDITOR           FORBIDDEN  FORBIDDEN
      PLATFORM_AUDITOR  FORBIDDEN  FORBIDDEN
    `),
  },
];
