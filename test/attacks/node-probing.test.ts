// An outsider who learned ids (from logs, URLs, a former partner) probes them through the Relay
// node(id:) field: it must learn nothing, not even which type an id belongs to.
import { createQueryWorld, grantOn, type QueryWorld } from '../queries/query-support';
import { ok, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let w: QueryWorld;
let secrets: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  w = await createQueryWorld(t);
  const agreementId = await grantOn(t, w);
  const tokens = ok<{ apiTokens: { id: string }[] }>(await t.gql('{ apiTokens { id } }', {}, w.users.ownerAdmin.token)).apiTokens;
  const events = ok<{ auditEvents: { edges: { node: { id: string } }[] } }>(
    await t.gql('{ auditEvents(filter: { actions: ["AGREEMENT_GRANTED"] }) { edges { node { id } } } }', {}, w.users.ownerAuditor.token),
  ).auditEvents.edges;
  secrets = {
    dataset: w.datasetId,
    agreement: agreementId,
    ownerToken: tokens.find(Boolean)!.id,
    ownerAdminUser: w.users.ownerAdmin.id,
    grantEvent: events[0]!.node.id,
  };
});
afterAll(() => t.close());

describe('node(id:) probing by an outsider', () => {
  it.each(['outsiderAdmin', 'outsiderAnalyst', 'outsiderAuditor'] as const)('%s gets null for every id of the owner, same as for an unknown id', async (who) => {
    for (const [what, id] of Object.entries(secrets)) {
      const res = await t.gql<{ node: unknown }>('query($id: ID!) { node(id: $id) { __typename id } }', { id }, w.users[who].token);
      expect({ what, errors: res.errors, node: res.data?.node }).toEqual({ what, errors: undefined, node: null });
    }
  });

  it('the partner sees the shared dataset and its agreement, but not the owner’s tokens or audit events', async () => {
    const probe = async (id: string) =>
      ok<{ node: { __typename: string } | null }>(await t.gql('query($id: ID!) { node(id: $id) { __typename } }', { id }, w.users.partnerAnalyst.token)).node;
    expect(await probe(secrets.dataset!)).toEqual({ __typename: 'Dataset' });
    expect(await probe(secrets.agreement!)).toEqual({ __typename: 'SharingAgreement' });
    expect(await probe(secrets.ownerToken!)).toBeNull();
    expect(await probe(secrets.grantEvent!)).toBeNull();
  });
});
