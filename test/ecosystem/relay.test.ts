import { ADMIN_TOKEN, codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createQueryWorld, grantOn, type QueryWorld } from '../queries/query-support';

/** Every id a caller can list through each type's own query, by type. */
const LISTS = `{
  organizations { id } users { id } apiTokens { id } datasets { id } agreements { id }
}`;
const AUDIT = `query($first: Int, $after: String, $last: Int, $before: String) {
  auditEvents(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id seq } }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
  }
}`;
const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;

interface Listed {
  organizations: { id: string }[];
  users: { id: string }[];
  apiTokens: { id: string }[];
  datasets: { id: string }[];
  agreements: { id: string }[];
}

let t: TestApp;
let w: QueryWorld;

beforeAll(async () => {
  t = await startTestApp();
  w = await createQueryWorld(t);
  const agreementId = await grantOn(t, w);
  // A second dataset with a revoked agreement: the partner must lose sight of both.
  const hidden = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation { createDataset(input: { name: "hidden", columns: [{ name: "n", type: INTEGER, lowerBound: 0, upperBound: 9 }] }) { id } }', {}, w.users.ownerAdmin.token),
  ).createDataset.id;
  const revoked = await grantOn(t, { ...w, datasetId: hidden }, { columns: ['n'], allowedAggregations: ['COUNT'] });
  ok(await t.gql('mutation($id: ID!) { revokeAgreement(id: $id) { id } }', { id: revoked }, w.users.ownerAdmin.token));
  expect(agreementId).toBeTruthy();
});
afterAll(() => t.close());

async function listedBy(token: string): Promise<Map<string, string>> {
  const data = ok<Listed>(await t.gql(LISTS, {}, token));
  const seen = new Map<string, string>();
  for (const [field, type] of [
    ['organizations', 'Organization'],
    ['users', 'User'],
    ['apiTokens', 'ApiToken'],
    ['datasets', 'Dataset'],
    ['agreements', 'SharingAgreement'],
  ] as const) {
    for (const { id } of data[field]) seen.set(id, type);
  }
  const audit = await t.gql<{ auditEvents: { edges: { node: { id: string } }[] } }>(AUDIT, { first: 500 }, token);
  for (const e of audit.data?.auditEvents.edges ?? []) seen.set(e.node.id, 'AuditEvent');
  return seen;
}

describe('Query.node(id:)', () => {
  it("finds exactly what each caller's own queries show it, with the right type, and null for the rest", async () => {
    // Every object there is: what the platform admin and the platform auditor can list.
    const everything = new Map([...(await listedBy(ADMIN_TOKEN)), ...(await listedBy(w.users.platformAuditor.token))]);
    expect(new Set(everything.values())).toEqual(new Set(['Organization', 'User', 'ApiToken', 'Dataset', 'SharingAgreement', 'AuditEvent']));
    const callers = [w.users.ownerAdmin, w.users.partnerAnalyst, w.users.partnerAuditor, w.users.outsiderAdmin, w.users.ownerAuditor, w.users.outsiderAnalyst];
    for (const caller of callers) {
      const visible = await listedBy(caller.token);
      let hiddenChecked = 0;
      for (const [id, type] of everything) {
        const found = ok<{ node: { __typename: string; id: string } | null }>(await t.gql(NODE, { id }, caller.token)).node;
        if (visible.has(id)) expect(found).toEqual({ __typename: type, id });
        else {
          expect(found).toBeNull();
          hiddenChecked += 1;
        }
      }
      expect(hiddenChecked).toBeGreaterThan(0);
    }
  });

  it('answers null for a malformed or unknown id, and UNAUTHENTICATED without a token', async () => {
    expect(ok<{ node: unknown }>(await t.gql(NODE, { id: 'not-a-uuid' })).node).toBeNull();
    expect(ok<{ node: unknown }>(await t.gql(NODE, { id: '00000000-0000-4000-8000-000000000000' })).node).toBeNull();
    expect(codeOf(await t.gql(NODE, { id: w.owner }, null))).toBe('UNAUTHENTICATED');
  });

  it('resolves type-specific fields through fragments (Relay refetch)', async () => {
    const data = ok<{ node: { name: string; version: number } }>(
      await t.gql('query($id: ID!) { node(id: $id) { ... on Dataset { name version } } }', { id: w.datasetId }, w.users.partnerAnalyst.token),
    );
    expect(data.node).toEqual({ name: 'visits', version: 1 });
  });
});

describe('auditEvents pages both ways', () => {
  type Page = { edges: { cursor: string; node: { seq: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null } };
  const page = async (vars: Record<string, unknown>) => ok<{ auditEvents: Page }>(await t.gql(AUDIT, vars, w.users.platformAuditor.token)).auditEvents;

  it('forward pages report hasPreviousPage and startCursor; backward pages with last/before walk the same events', async () => {
    const all = (await page({ first: 500 })).edges.map((e) => e.node.seq);
    expect(all.length).toBeGreaterThan(12);
    const first = await page({ first: 5 });
    expect(first.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true, startCursor: first.edges[0]!.cursor });
    const second = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect(second.edges.map((e) => e.node.seq)).toEqual(all.slice(5, 10));

    const tail = await page({ last: 4 });
    expect(tail.edges.map((e) => e.node.seq)).toEqual(all.slice(-4));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const back = await page({ last: 3, before: second.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.seq)).toEqual(all.slice(2, 5));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const start = await page({ last: 10, before: second.pageInfo.startCursor });
    expect(start.edges.map((e) => e.node.seq)).toEqual(all.slice(0, 5));
    expect(start.pageInfo.hasPreviousPage).toBe(false);
  });

  it('refuses a bad before cursor or last out of range with BAD_USER_INPUT', async () => {
    expect(codeOf(await t.gql(AUDIT, { last: 2, before: 'nope' }, w.users.platformAuditor.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(AUDIT, { last: 501 }, w.users.platformAuditor.token))).toBe('BAD_USER_INPUT');
  });
});
