import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '../support/fixtures';
import { ADMIN_TOKEN, graphqlClient, type GqlClient } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { ok } from '../support/test-app';
import { copyEmbeddedTemplate, openTestDatabase, usingPostgres, type TestDatabase } from '../support/test-database';
import { FEDERATED, federatedInput, PEERS, REGISTER_PEER, shareVisits, type SharingDeployment } from './federation-support';

/**
 * The federated setting as operators run it: three Parley processes on one machine, each with its
 * own database and its own secret. The coordinator's research organization has a local agreement
 * and is a partner on both peers; its analysts ask one question over all three, and nothing but
 * released aggregates crosses between the processes.
 */
describe('a federated query over three deployments', () => {
  /** Every server started, in start order (for cleanup); `deployments` is coordinator, peer 1, peer 2. */
  const servers: ServerProcess[] = [];
  let deployments: ServerProcess[];
  const cleanups: (() => Promise<void> | void)[] = [];
  let coordinator: GqlClient;
  let peers: GqlClient[];
  let local: SharingDeployment;
  let remote: SharingDeployment[];
  let peerIds: string[];
  let silent: Server;
  const sockets = new Set<Socket>();

  /** A fresh database per server: a PostgreSQL database of its own, or its own embedded data dir. */
  async function startDeployment(n: number): Promise<ServerProcess> {
    const env: Record<string, string> = {
      PARLEY_SECRET: `federation-test-secret-of-deployment-${n}-0123456789`,
      PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      PARLEY_RATE_LIMIT_POINTS: '100000',
      PARLEY_ADDRESS_RATE_LIMIT_POINTS: '1000000',
      PARLEY_AUTH_FAILURE_LIMIT: '100000',
      PARLEY_TOKEN_ISSUE_LIMIT: '100000',
      PARLEY_FEDERATION_TIMEOUT_MS: '3000',
    };
    if (usingPostgres) {
      const db: TestDatabase = await openTestDatabase();
      await db.dataSource.destroy();
      cleanups.push(() => db.close());
      env.DATABASE_URL = db.url;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'parley-fed-'));
      copyEmbeddedTemplate(join(dir, 'data'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env.PARLEY_DATA_DIR = join(dir, 'data');
    }
    const server = await startServerProcess(env);
    servers.push(server);
    return server;
  }

  const budgetOn = async (t: GqlClient, d: SharingDeployment) =>
    ok<{ agreement: { budget: { epsilonSpent: number; queriesRun: number } } }>(
      await t.gql('query($id: ID!) { agreement(id: $id) { budget { epsilonSpent queriesRun } } }', { id: d.agreementId }, d.analyst.token),
    ).agreement.budget;
  const allParts = () => [
    { peerId: null, agreementId: local.agreementId },
    { peerId: peerIds[0]!, agreementId: remote[0]!.agreementId },
    { peerId: peerIds[1]!, agreementId: remote[1]!.agreementId },
  ];
  const run = async (input: object) => ok<{ federatedAggregate: any }>(await coordinator.gql(FEDERATED, { i: input }, local.analyst.token)).federatedAggregate;
  const peerStatus = async () => ok<{ peers: { id: string; status: string }[] }>(await coordinator.gql(PEERS, {}, local.analyst.token)).peers;

  beforeAll(async () => {
    deployments = await Promise.all([0, 1, 2].map(startDeployment));
    [coordinator, ...peers] = deployments.map((s) => graphqlClient(s.url));
    local = await shareVisits(coordinator, 'coordinator');
    // The second peer's agreement allows one query of ε = 0.5 and no more.
    remote = [await shareVisits(peers[0]!, 'peer-one'), await shareVisits(peers[1]!, 'peer-two', { epsilonBudget: 0.6, epsilonPerQueryMax: 0.5 })];
    peerIds = [];
    for (const [i, d] of remote.entries()) {
      const peer = ok<{ registerPeer: { id: string; status: string } }>(
        await coordinator.gql(REGISTER_PEER, { i: { name: `peer ${i + 1}`, url: `${deployments[i + 1]!.url}/graphql`, token: d.analyst.token } }, local.partnerAdmin.token),
      ).registerPeer;
      expect(peer.status).toBe('OK');
      peerIds.push(peer.id);
    }
    // A peer that accepts connections and never answers: only the request's deadline ends the wait.
    silent = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    if (silent) await new Promise((resolve) => silent.close(resolve));
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? s.stop() : undefined)));
    for (const clean of cleanups) await clean();
  }, 60_000);

  it('combines the three parts, each spent and audited on its own deployment', async () => {
    const r = await run(federatedInput(allParts()));
    expect(r.complete).toBe(true);
    expect(r.parts.map((p: any) => [p.errorCode, p.result.cached, p.result.epsilonSpent])).toEqual([
      [null, false, 0.5],
      [null, false, 0.5],
      [null, false, 0.5],
    ]);
    for (const [gi, g] of r.groups.entries()) {
      const parts = r.parts.map((p: any) => p.result.groups[gi].values);
      expect(g.values[0].value).toBe(parts.reduce((s: number, v: any) => s + v[0].value, 0));
      expect(g.values[2].countPart).toBe(parts.reduce((s: number, v: any) => s + v[2].countPart, 0));
    }
    for (const [i, d] of remote.entries()) expect(await budgetOn(peers[i]!, d)).toEqual({ epsilonSpent: 0.5, queriesRun: 1 });
    expect(await budgetOn(coordinator, local)).toEqual({ epsilonSpent: 0.5, queriesRun: 1 });
  });

  it('answers a retry from each part’s cache: no part’s budget is spent twice', async () => {
    const r = await run(federatedInput(allParts()));
    expect(r.complete).toBe(true);
    expect(r.parts.map((p: any) => [p.result.cached, p.result.epsilonSpent])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
    for (const [i, d] of remote.entries()) expect(await budgetOn(peers[i]!, d)).toEqual({ epsilonSpent: 0.5, queriesRun: 1 });
  });

  it('reports a part whose budget is exhausted and combines the others', async () => {
    const r = await run(federatedInput(allParts(), { filters: [{ column: 'amount', op: 'GE', value: '10' }] }));
    expect(r.complete).toBe(false);
    expect(r.parts.map((p: any) => p.errorCode)).toEqual([null, null, 'BUDGET_EXHAUSTED']);
    expect(r.parts[2].result).toBeNull();
    for (const [gi, g] of r.groups.entries()) {
      expect(g.values[0].value).toBe(r.parts[0].result.groups[gi].values[0].value + r.parts[1].result.groups[gi].values[0].value);
    }
    expect(await budgetOn(peers[1]!, remote[1]!)).toEqual({ epsilonSpent: 0.5, queriesRun: 1 });
  });

  it('reports a revoked peer token as UNAUTHENTICATED and marks the peer UNAUTHORIZED', async () => {
    const tokens = ok<{ apiTokens: { id: string; user: { id: string } }[] }>(await peers[0]!.gql('{ apiTokens { id user { id } } }'));
    const id = tokens.apiTokens.find((x) => x.user.id === remote[0]!.analyst.id)!.id;
    ok(await peers[0]!.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id }));
    const r = await run(federatedInput(allParts().slice(0, 2)));
    expect(r.parts.map((p: any) => p.errorCode)).toEqual([null, 'UNAUTHENTICATED']);
    expect(r.complete).toBe(false);
    expect(r.groups.length).toBe(4);
    expect((await peerStatus()).find((p) => p.id === peerIds[0])!.status).toBe('UNAUTHORIZED');
  });

  it('reports a peer that is down as PEER_UNREACHABLE, and one that never answers after the deadline', async () => {
    const silentPeer = ok<{ registerPeer: { id: string; status: string } }>(
      await coordinator.gql(
        REGISTER_PEER,
        { i: { name: 'silent', url: `http://127.0.0.1:${(silent.address() as { port: number }).port}/graphql`, token: remote[1]!.analyst.token } },
        local.partnerAdmin.token,
      ),
    ).registerPeer;
    expect(silentPeer.status).toBe('UNREACHABLE');
    await deployments[2]!.stop();
    const started = Date.now();
    const r = await run(federatedInput([...allParts().filter((_, i) => i !== 1), { peerId: silentPeer.id, agreementId: remote[1]!.agreementId }]));
    expect(r.parts.map((p: any) => p.errorCode)).toEqual([null, 'PEER_UNREACHABLE', 'PEER_UNREACHABLE']);
    expect(r.parts[2].errorMessage).toBe('the peer did not answer within 3000 ms');
    // Parts run concurrently: one deadline, not one per part.
    expect(Date.now() - started).toBeLessThan(9000);
    expect(r.groups.length).toBe(4);
    expect((await peerStatus()).find((p) => p.id === peerIds[1])!.status).toBe('UNREACHABLE');
  });

  it('audits one FEDERATED_QUERY event per federated query, listing each part’s outcome, and never the tokens', async () => {
    const auditor = await createUser(coordinator, local.partnerOrganizationId, 'auditor@coordinator.test', ['AUDITOR' as never]);
    const events = ok<{ auditEvents: { edges: { node: { outcome: string; details: any } }[] } }>(
      await coordinator.gql('{ auditEvents(filter: { actions: ["FEDERATED_QUERY"] }, first: 50) { edges { node { outcome details } } } }', {}, auditor.token),
    ).auditEvents.edges.map((e) => e.node);
    expect(events.map((e) => e.details.parts.map((p: any) => p.errorCode ?? p.outcome))).toEqual([
      ['ANSWERED', 'ANSWERED', 'ANSWERED'],
      ['CACHED', 'CACHED', 'CACHED'],
      ['ANSWERED', 'ANSWERED', 'BUDGET_EXHAUSTED'],
      ['CACHED', 'UNAUTHENTICATED'],
      ['CACHED', 'PEER_UNREACHABLE', 'PEER_UNREACHABLE'],
    ]);
    const everything = JSON.stringify(
      ok(await coordinator.gql('{ auditEvents(first: 500) { edges { node { action details } } } }', {}, auditor.token)),
    );
    for (const d of remote) expect(everything).not.toContain(d.analyst.token.slice(21));
    for (const s of servers) for (const d of remote) expect(s.output()).not.toContain(d.analyst.token.slice(21));
  });
});
