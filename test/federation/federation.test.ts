import { createOrganization, createUser } from '../support/fixtures';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { freePort } from '../support/server-process';
import { VISITS } from '../queries/query-support';
import { FEDERATED, federatedInput, PEERS, REGISTER_PEER, shareVisits, type SharingDeployment } from './federation-support';

/**
 * Federated queries through the real schema and database, on one deployment that is also its own
 * peer (the peer URL points back at it, as the contract allows): organization A's analysts query A's
 * agreement here and, through the peer, B's agreement with B's analyst token.
 */
describe('federated queries on one deployment', () => {
  let t: TestApp;
  let a: SharingDeployment;
  let b: SharingDeployment;
  let peerId: string;

  const budgetOf = async (agreementId: string, token: string) =>
    ok<{ agreement: { budget: { epsilonSpent: number; queriesRun: number } } }>(
      await t.gql('query($id: ID!) { agreement(id: $id) { budget { epsilonSpent queriesRun } } }', { id: agreementId }, token),
    ).agreement.budget;

  beforeAll(async () => {
    t = await startTestApp();
    a = await shareVisits(t, 'a');
    b = await shareVisits(t, 'b');
  }, 120_000);
  afterAll(() => t.close());

  it('registers a peer for an ORG_ADMIN, checks the token once, and never shows or stores it in clear', async () => {
    const res = ok<{ registerPeer: any }>(
      await t.gql(REGISTER_PEER, { i: { name: 'peer b', url: `${t.url}/graphql`, token: b.analyst.token } }, a.partnerAdmin.token),
    );
    peerId = res.registerPeer.id;
    expect(res.registerPeer).toMatchObject({ name: 'peer b', status: 'OK', organization: { id: a.partnerOrganizationId } });
    expect(b.analyst.token.startsWith(res.registerPeer.tokenPrefix)).toBe(true);
    expect(JSON.stringify(res)).not.toContain(b.analyst.token);
    const [row] = await t.services.dataSource.query('SELECT * FROM federation_peers WHERE id = $1', [peerId]);
    expect(JSON.stringify(row)).not.toContain(b.analyst.token.slice(21));
    const events = await t.services.dataSource.query(`SELECT details FROM audit_events WHERE action = 'PEER_REGISTERED'`);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(b.analyst.token.slice(21));
  });

  it('refuses URLs and tokens that cannot work, and registers an unreachable peer as UNREACHABLE', async () => {
    const register = (url: string, token: string) => t.gql(REGISTER_PEER, { i: { name: 'x', url, token } }, a.partnerAdmin.token);
    expect(codeOf(await register('ftp://example.test/graphql', b.analyst.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await register(`http://user:pw@127.0.0.1:1/graphql`, b.analyst.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await register(`${t.url}/graphql`, 'prl_0000000000000000_notatokenatallnotatokenatallnotatokenatall'))).toBe('BAD_USER_INPUT');
    // b's admin is no ANALYST there.
    expect(codeOf(await register(`${t.url}/graphql`, b.partnerAdmin.token))).toBe('BAD_USER_INPUT');
    const down = ok<{ registerPeer: { id: string; status: string } }>(await register(`http://127.0.0.1:${await freePort()}/graphql`, b.analyst.token));
    expect(down.registerPeer.status).toBe('UNREACHABLE');
    ok(await t.gql('mutation($id: ID!) { removePeer(id: $id) { id } }', { id: down.registerPeer.id }, a.partnerAdmin.token));
  });

  it('shows peers to the organization’s admins and analysts only, in lists and through node(id)', async () => {
    const listed = async (token: string) => ok<{ peers: { id: string }[] }>(await t.gql(PEERS, {}, token)).peers.map((p) => p.id);
    expect(await listed(a.partnerAdmin.token)).toEqual([peerId]);
    expect(await listed(a.analyst.token)).toEqual([peerId]);
    expect(await listed(b.partnerAdmin.token)).toEqual([]);
    const node = async (token: string) => ok<{ node: { id: string } | null }>(await t.gql('query($id: ID!) { node(id: $id) { id ... on FederationPeer { status } } }', { id: peerId }, token)).node;
    expect(await node(a.analyst.token)).toEqual({ id: peerId, status: 'OK' });
    expect(await node(b.analyst.token)).toBeNull();
  });

  it('combines a local part and a peer part: counts and sums add, MEAN divides the summed parts', async () => {
    const input = federatedInput([
      { peerId: null, agreementId: a.agreementId },
      { peerId, agreementId: b.agreementId },
    ]);
    const r = ok<{ federatedAggregate: any }>(await t.gql(FEDERATED, { i: input }, a.analyst.token)).federatedAggregate;
    expect(r.complete).toBe(true);
    expect(r.parts.map((p: any) => [p.peer?.id ?? null, p.errorCode, p.result.cached, p.result.epsilonSpent])).toEqual([
      [null, null, false, 0.5],
      [peerId, null, false, 0.5],
    ]);
    expect(r.groups.map((g: any) => g.key)).toEqual([['a'], ['b'], ['c'], ['d']]);
    for (const [gi, g] of r.groups.entries()) {
      const [p1, p2] = r.parts.map((p: any) => p.result.groups[gi].values);
      const [count, sum, mean] = g.values;
      expect(count.value).toBe(p1[0].value + p2[0].value);
      expect(sum.value).toBe(p1[1].value + p2[1].value);
      expect(count.errorBound95).toBeGreaterThan(p1[0].errorBound95);
      expect(count.errorBound95).toBeLessThan(p1[0].errorBound95 + p2[0].errorBound95);
      expect(mean.sumPart).toBeCloseTo(p1[2].sumPart + p2[2].sumPart, 6);
      expect(mean.countPart).toBe(p1[2].countPart + p2[2].countPart);
      if (mean.countPart >= 1) expect(mean.value).toBeCloseTo(Math.min(100, Math.max(0, mean.sumPart / mean.countPart)), 6);
    }
    // Each part was an ordinary, audited query on its deployment; the federation is one more event.
    const events = await t.services.dataSource.query(`SELECT action, details, resource_id FROM audit_events WHERE action IN ('QUERY_EXECUTED', 'FEDERATED_QUERY') ORDER BY seq`);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['QUERY_EXECUTED', 'QUERY_EXECUTED', 'FEDERATED_QUERY']);
    expect(events[2].details.parts.map((p: any) => [p.peerId, p.agreementId, p.outcome])).toEqual([
      [null, a.agreementId, 'ANSWERED'],
      [peerId, b.agreementId, 'ANSWERED'],
    ]);
    expect(events[2].resource_id).toBe(r.federatedQueryId);
  });

  it('answers a retry from each part’s cache: nothing is spent twice', async () => {
    const before = [await budgetOf(a.agreementId, a.analyst.token), await budgetOf(b.agreementId, b.analyst.token)];
    const input = federatedInput([
      { peerId: null, agreementId: a.agreementId },
      { peerId, agreementId: b.agreementId },
    ]);
    const r = ok<{ federatedAggregate: any }>(await t.gql(FEDERATED, { i: input }, a.analyst.token)).federatedAggregate;
    expect(r.parts.map((p: any) => p.result.cached)).toEqual([true, true]);
    expect([await budgetOf(a.agreementId, a.analyst.token), await budgetOf(b.agreementId, b.analyst.token)]).toEqual(before);
  });

  it('refuses what cannot be combined before anything is spent, naming the part', async () => {
    const before = await budgetOf(b.agreementId, b.analyst.token);
    const parts = [
      { peerId: null, agreementId: a.agreementId },
      { peerId, agreementId: b.agreementId },
    ];
    const refused = async (input: object) => {
      const res = await t.gql(FEDERATED, { i: input }, a.analyst.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      return res.errors![0]!.message;
    };
    expect(await refused(federatedInput(parts, { aggregations: [{ function: 'QUANTILE', column: 'amount', quantile: 0.5 }] }))).toContain('QUANTILE');
    expect(await refused(federatedInput(parts, { groupBy: ['city'] }))).toContain('TEXT');
    expect(await refused(federatedInput([parts[0]!, parts[0]!]))).toContain('only once');
    expect(await refused(federatedInput(parts, { epsilon: 0 }))).toBeTruthy();

    // A peer whose dataset declares amount as FLOAT, not INTEGER.
    const c = await shareVisits(t, 'c');
    const floatVisits = { ...VISITS, name: 'visits_float', columns: VISITS.columns.map((col) => (col.name === 'amount' ? { ...col, type: 'FLOAT' } : col)) };
    const owner = await createOrganization(t, 'float-owner');
    const admin = await createUser(t, owner, 'admin@float.test', ['ORG_ADMIN' as never]);
    const ds = ok<{ createDataset: { id: string } }>(await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: floatVisits }, admin.token)).createDataset.id;
    const agreementId = ok<{ grantAgreement: { id: string } }>(
      await t.gql(
        'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
        { i: { datasetId: ds, partnerOrganizationId: c.partnerOrganizationId, purpose: 'x', columns: ['dept', 'amount'], allowedAggregations: ['COUNT', 'SUM', 'MEAN'], epsilonBudget: 5, epsilonPerQueryMax: 1 } },
        admin.token,
      ),
    ).grantAgreement.id;
    const cPeer = ok<{ registerPeer: { id: string } }>(await t.gql(REGISTER_PEER, { i: { name: 'peer c', url: `${t.url}/graphql`, token: c.analyst.token } }, a.partnerAdmin.token)).registerPeer.id;
    const message = await refused(federatedInput([...parts, { peerId: cPeer, agreementId }]));
    expect(message).toContain('part 3 (peer "peer c"');
    expect(message).toContain('"amount" as FLOAT');
    expect(await budgetOf(b.agreementId, b.analyst.token)).toEqual(before);
    const denied = await t.services.dataSource.query(`SELECT details FROM audit_events WHERE action = 'FEDERATED_QUERY' AND outcome = 'DENIED'`);
    expect(denied.map((e: any) => e.details.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });

  it('reports a failing part and combines the rest', async () => {
    const input = federatedInput([
      { peerId: null, agreementId: a.agreementId },
      { peerId, agreementId: b.agreementId },
    ], { epsilon: 5 });
    const r = ok<{ federatedAggregate: any }>(await t.gql(FEDERATED, { i: input }, a.analyst.token)).federatedAggregate;
    // ε = 5 is above both agreements' epsilonPerQueryMax: each deployment refuses its own part.
    expect(r.complete).toBe(false);
    expect(r.parts.map((p: any) => [p.errorCode, p.result])).toEqual([
      ['BAD_USER_INPUT', null],
      ['BAD_USER_INPUT', null],
    ]);
    expect(r.groups).toEqual([]);
  });

  it('is for analysts of the peer’s organization only', async () => {
    const input = federatedInput([{ peerId, agreementId: b.agreementId }]);
    expect(codeOf(await t.gql(FEDERATED, { i: input }, a.partnerAdmin.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(FEDERATED, { i: input }, b.analyst.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(FEDERATED, { i: input }, null))).toBe('UNAUTHENTICATED');
  });

  it('removes a peer for its admins only; queries through it are then NOT_FOUND', async () => {
    expect(codeOf(await t.gql('mutation($id: ID!) { removePeer(id: $id) { id } }', { id: peerId }, a.analyst.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('mutation($id: ID!) { removePeer(id: $id) { id } }', { id: peerId }, b.partnerAdmin.token))).toBe('NOT_FOUND');
    ok(await t.gql('mutation($id: ID!) { removePeer(id: $id) { id } }', { id: peerId }, a.partnerAdmin.token));
    const input = federatedInput([{ peerId, agreementId: b.agreementId }]);
    expect(codeOf(await t.gql(FEDERATED, { i: input }, a.analyst.token))).toBe('NOT_FOUND');
    expect(await t.services.dataSource.query('SELECT id FROM federation_peers WHERE id = $1', [peerId])).toEqual([]);
  });
});
