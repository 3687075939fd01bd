import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import type { AuditAction } from '../../src/audit/audit-action';
import { ok, startTestApp, type TestApp } from '../support/test-app';

/**
 * The trail is hashed and kept forever. The attack: write a 200 KB operationName into it (and
 * make the auditors' view show whatever name the client picked) through refused requests.
 */
describe('attack: attacker-controlled text in the audit trail', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const HUGE = 'Evil' + 'x'.repeat(200 * 1024);

  async function send(query: string, token: string | null) {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, operationName: HUGE }),
    });
    return (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  }

  it('records the schema root field, not the client\'s operationName, and nothing large', async () => {
    const unauthenticated = await send(`query ${HUGE} { datasets { id } }`, null);
    expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forbidden = await send(`mutation ${HUGE} { createOrganization(name: "n", slug: "evil-org") { id } }`, w.users.outsiderAnalyst.token);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Root fields behind a fragment: there is no Field at the top of the selection set.
    const spread = await send(`query ${HUGE} { ...Root } fragment Root on Query { datasets { id } }`, null);
    expect(spread.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const inline = await send(`mutation ${HUGE} { ... on Mutation { createOrganization(name: "n", slug: "evil-org") { id } } }`, w.users.outsiderAnalyst.token);
    expect(inline.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Identical refusals in one window are collapsed into a counted event: write the pending ones.
    await t.services.refusals.flush();
    const page = ok<any>(
      await t.gql('{ auditEvents(filter: { actions: ["AUTH_FAILED", "ACCESS_DENIED"] }, first: 500) { edges { node { action details } } } }', {}, w.users.platformAuditor.token),
    );
    const events = page.auditEvents.edges.map((e: any) => e.node);
    // Every refusal is accounted for: one row each, or a summary row counting its repeats.
    const refusalsOf = (op: string) => events.filter((e: any) => e.details.operation === op).reduce((n: number, e: any) => n + (e.details.count ?? 1), 0);
    expect(refusalsOf('datasets')).toBe(2);
    expect(refusalsOf('createOrganization')).toBe(2);
    for (const e of events) {
      const text = JSON.stringify(e.details);
      expect(text).not.toContain('Evilxxxx');
      expect(text.length).toBeLessThan(2_000);
    }
  });

  it('clips every string that reaches the trail, and the chain still verifies', async () => {
    // Whatever path client text takes into an event (names, purposes, addresses), the one place
    // every event goes through clips it: append through the real log and database, read it back.
    // An action no code writes, so that the read finds exactly this event.
    await t.services.tx.run((m) =>
      t.services.audit.append(m, { actor: null, action: 'CLIENT_TEXT_PROBE' as AuditAction, outcome: 'SUCCESS', details: { name: HUGE, nested: [{ purpose: HUGE }] } }),
    );
    const page = ok<any>(
      await t.gql('{ auditEvents(filter: { actions: ["CLIENT_TEXT_PROBE"] }) { edges { node { details } } } verifyAuditTrail { ok } }', {}, w.users.platformAuditor.token),
    );
    const details = page.auditEvents.edges[0].node.details;
    expect(details.name).toMatch(/^Evilx{196}…\[204604 more characters\]$/);
    expect(details.nested[0].purpose).toBe(details.name);
    expect(page.verifyAuditTrail.ok).toBe(true);
  });
});
