import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { ADMIN_TOKEN, codeOf, ok, startTestApp, type TestApp } from '../support/test-app';

interface Event {
  seq: number;
  action: string;
  actorId: string | null;
  actorOrganizationId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  details: Record<string, unknown>;
  actor: { id: string; email: string } | null;
  actorOrganization: { id: string; slug: string } | null;
}
interface Page {
  auditEvents: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Event }[] };
}

const EVENTS = `query($filter: AuditFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { seq action actorId actorOrganizationId resourceType resourceId outcome details
      actor { id email } actorOrganization { id slug } } }
  }
}`;

describe('audit events', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  let admin: { id: string; organizationId: string };

  const page = async (token: string, filter: Record<string, unknown> = {}, first = 500, after?: string) =>
    ok<Page>(await t.gql(EVENTS, { filter, first, after }, token)).auditEvents;
  const all = async (token: string, filter: Record<string, unknown> = {}) => (await page(token, filter)).edges.map((e) => e.node);
  const last = async (action: string) => (await all(ADMIN_PLATFORM_AUDITOR(), { actions: [action] })).at(-1)!;
  const ADMIN_PLATFORM_AUDITOR = () => w.users.platformAuditor.token;

  beforeAll(async () => {
    t = await startTestApp();
    db = t;
    w = await createWorld(t);
    const me = ok<{ me: { id: string; organization: { id: string } } }>(await t.gql('{ me { id organization { id } } }'));
    admin = { id: me.me.id, organizationId: me.me.organization.id };
  });
  afterAll(() => t.close());

  it('records every identity mutation with its actor, organization, resource and outcome', async () => {
    const org = ok<{ createOrganization: { id: string } }>(await t.gql('mutation { createOrganization(name: "Audited", slug: "audited") { id } }')).createOrganization.id;
    expect(await last('ORGANIZATION_CREATED')).toMatchObject({
      actorId: admin.id, actorOrganizationId: admin.organizationId, resourceType: 'Organization', resourceId: org, outcome: 'SUCCESS',
    });

    const asOwner = w.users.ownerAdmin.token;
    const user = ok<{ createUser: { id: string } }>(
      await t.gql('mutation($o: ID!) { createUser(organizationId: $o, email: "new@example.test", roles: [ANALYST]) { id } }', { o: w.owner }, asOwner),
    ).createUser.id;
    expect(await last('USER_CREATED')).toMatchObject({
      actorId: w.users.ownerAdmin.id, actorOrganizationId: w.owner, resourceType: 'User', resourceId: user, outcome: 'SUCCESS',
    });

    ok(await t.gql('mutation($u: ID!) { setUserRoles(userId: $u, roles: [ANALYST, AUDITOR]) { id } }', { u: user }, asOwner));
    expect(await last('USER_ROLES_CHANGED')).toMatchObject({
      actorId: w.users.ownerAdmin.id, resourceId: user, outcome: 'SUCCESS', details: { before: ['ANALYST'], after: ['ANALYST', 'AUDITOR'] },
    });

    const issued = ok<{ issueApiToken: { token: string; apiToken: { id: string } } }>(
      await t.gql('mutation($u: ID!) { issueApiToken(name: "ci", userId: $u) { token apiToken { id } } }', { u: user }, asOwner),
    ).issueApiToken;
    const tokenIssued = await last('TOKEN_ISSUED');
    expect(tokenIssued).toMatchObject({ actorId: w.users.ownerAdmin.id, resourceType: 'ApiToken', resourceId: issued.apiToken.id, outcome: 'SUCCESS' });
    expect(JSON.stringify(tokenIssued)).not.toContain(issued.token);

    ok(await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: issued.apiToken.id }, asOwner));
    expect(await last('TOKEN_REVOKED')).toMatchObject({ actorId: w.users.ownerAdmin.id, resourceId: issued.apiToken.id, outcome: 'SUCCESS' });

    ok(await t.gql('mutation($u: ID!) { disableUser(userId: $u) { id } }', { u: user }, asOwner));
    expect(await last('USER_DISABLED')).toMatchObject({ actorId: w.users.ownerAdmin.id, actorOrganizationId: w.owner, resourceId: user, outcome: 'SUCCESS' });
  });

  it('records failed authentication with the token selector at most, never the token', async () => {
    const presented = ADMIN_TOKEN + 'x';
    expect(codeOf(await t.gql('{ me { id } }', {}, presented))).toBe('UNAUTHENTICATED');
    const event = await last('AUTH_FAILED');
    expect(event).toMatchObject({ actorId: null, outcome: 'DENIED', details: { code: 'UNAUTHENTICATED' } });
    expect(JSON.stringify(event)).not.toContain(presented);
  });

  it('records a refused action against another organization as DENIED, visible to the target owner', async () => {
    const before = (await page(w.users.ownerAuditor.token)).totalCount;
    const refused = await t.gql('mutation($u: ID!) { issueApiToken(name: "x", userId: $u) { token } }', { u: w.users.ownerAnalyst.id }, w.users.partnerAdmin.token);
    expect(codeOf(refused)).toBe('NOT_FOUND');
    const denied = await last('ACCESS_DENIED');
    expect(denied).toMatchObject({ actorId: w.users.partnerAdmin.id, actorOrganizationId: w.partner, resourceId: w.users.ownerAnalyst.id, outcome: 'DENIED' });
    const ownerSees = await all(w.users.ownerAuditor.token, { actions: ['ACCESS_DENIED'] });
    expect(ownerSees.map((e) => e.seq)).toContain(denied.seq);
    expect((await page(w.users.ownerAuditor.token)).totalCount).toBe(before + 1);
    // The owner's auditor may not read the partner's admin: the actor is hidden, the raw id stays.
    const seen = ownerSees.find((e) => e.seq === denied.seq)!;
    expect(seen.actor).toBeNull();
    expect(seen.actorId).toBe(w.users.partnerAdmin.id);
    expect(seen.actorOrganization).toMatchObject({ id: w.partner, slug: 'partner-org' });
  });

  it('shows an AUDITOR only events of its organization; a PLATFORM_AUDITOR everything', async () => {
    const everything = await all(w.users.platformAuditor.token);
    const total = (await page(w.users.platformAuditor.token)).totalCount;
    expect(everything.map((e) => e.seq)).toEqual(Array.from({ length: everything.length }, (_, i) => i + 1));
    expect(total).toBe(everything.length);
    for (const auditor of ['ownerAuditor', 'partnerAuditor', 'outsiderAuditor'] as const) {
      const u = w.users[auditor];
      const mine = await all(u.token);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThan(everything.length);
      expect(mine.map((e) => e.seq)).toEqual(await seqsConcerning(u.organizationId));
    }
    // The platform auditor resolves every actor.
    expect(everything.filter((e) => e.actorId).every((e) => e.actor?.id === e.actorId)).toBe(true);
  });

  it('refuses the trail to users without an audit role', async () => {
    expect(codeOf(await t.gql(EVENTS, {}, w.users.ownerAnalyst.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(EVENTS, {}, w.users.ownerAdmin.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(EVENTS, {}, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql('{ verifyAuditTrail { ok } }', {}, w.users.ownerAnalyst.token))).toBe('FORBIDDEN');
  });

  it('pages with stable cursors and totalCount under the filter', async () => {
    const token = w.users.platformAuditor.token;
    const filter = { actions: ['USER_CREATED', 'TOKEN_ISSUED'] };
    const full = await page(token, filter);
    expect(full.totalCount).toBe(full.edges.length);
    expect(full.edges.every((e) => ['USER_CREATED', 'TOKEN_ISSUED'].includes(e.node.action))).toBe(true);
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await page(token, filter, 3, after);
      expect(p.totalCount).toBe(full.totalCount);
      seen.push(...p.edges.map((e) => e.node.seq));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor!;
    }
    expect(seen).toEqual(full.edges.map((e) => e.node.seq));
    // A cursor keeps meaning the same position while the trail grows.
    const second = await page(token, filter, 2, full.edges[1]!.cursor);
    await t.gql('mutation { createOrganization(name: "Later", slug: "later") { id } }');
    expect((await page(token, filter, 2, full.edges[1]!.cursor)).edges).toEqual(second.edges);
  });

  it('filters by actor, organization, resource, outcome and time', async () => {
    const token = w.users.platformAuditor.token;
    const everything = await all(token);
    const byActor = await all(token, { actorId: w.users.ownerAdmin.id });
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actorId === w.users.ownerAdmin.id)).toBe(true);
    const byOrg = await all(token, { organizationId: w.partner });
    expect(byOrg.map((e) => e.seq)).toEqual(await seqsConcerning(w.partner));
    const byResource = await all(token, { resourceId: w.users.ownerAnalyst.id });
    expect(byResource.length).toBeGreaterThan(0);
    expect(byResource.every((e) => e.resourceId === w.users.ownerAnalyst.id)).toBe(true);
    const denied = await all(token, { outcome: 'DENIED' });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.outcome === 'DENIED')).toBe(true);
    expect(await all(token, { from: new Date(Date.now() + 3600_000).toISOString() })).toEqual([]);
    expect((await all(token, { to: new Date(Date.now() + 3600_000).toISOString() })).length).toBeGreaterThanOrEqual(everything.length);
  });

  it('rejects bad arguments with BAD_USER_INPUT naming the field', async () => {
    const token = w.users.platformAuditor.token;
    const bad = async (vars: Record<string, unknown>) => {
      const r = await t.gql(EVENTS, vars, token);
      return [codeOf(r), r.errors?.[0]?.extensions?.field];
    };
    expect(await bad({ first: 501 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await bad({ first: -1 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await bad({ after: 'nonsense' })).toEqual(['BAD_USER_INPUT', 'after']);
    expect(await bad({ filter: { actorId: 'nope' } })).toEqual(['BAD_USER_INPUT', 'actorId']);
    expect(await bad({ filter: { organizationId: 'nope' } })).toEqual(['BAD_USER_INPUT', 'organizationId']);
  });

  it('verifies the trail in the API and signs checkpoints on demand', async () => {
    const token = w.users.ownerAuditor.token;
    const v = ok<{ verifyAuditTrail: { ok: boolean; eventsChecked: number; firstBrokenSeq: number | null; headSeq: number; headHash: string } }>(
      await t.gql('{ verifyAuditTrail { ok eventsChecked firstBrokenSeq headSeq headHash } }', {}, token),
    ).verifyAuditTrail;
    expect(v).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(v.eventsChecked).toBe(v.headSeq);

    const cp = ok<{ createAuditCheckpoint: { seq: number; headHash: string; at: string; signature: string; publicKey: string } }>(
      await t.gql('mutation { createAuditCheckpoint { seq headHash at signature publicKey } }', {}, token),
    ).createAuditCheckpoint;
    expect(cp.seq).toBe(v.headSeq + 1);
    const event = await last('AUDIT_CHECKPOINT_CREATED');
    expect(event).toMatchObject({ seq: cp.seq, actorId: w.users.ownerAuditor.id, outcome: 'SUCCESS' });
    const listed = ok<{ auditCheckpoints: { seq: number; headHash: string }[]; auditPublicKey: string }>(
      await t.gql('{ auditCheckpoints { seq headHash at signature publicKey } auditPublicKey }', {}, token),
    );
    expect(listed.auditCheckpoints.at(-1)).toMatchObject({ seq: cp.seq, headHash: cp.headHash });
    expect(listed.auditPublicKey).toBe(cp.publicKey);
    expect(codeOf(await t.gql('mutation { createAuditCheckpoint { seq } }', {}, w.users.ownerAnalyst.token))).toBe('FORBIDDEN');
    expect(ok<{ createAuditCheckpoint: { seq: number } }>(await t.gql('mutation { createAuditCheckpoint { seq } }')).createAuditCheckpoint.seq).toBeGreaterThan(cp.seq);
  });
});

/** Ground truth from the table: events whose actor or resource belongs to the organization. */
let db: TestApp | null = null;
async function seqsConcerning(org: string): Promise<number[]> {
  const rows: { seq: string }[] = await db!.services.dataSource.query(
    'SELECT seq FROM audit_events WHERE actor_organization_id = $1 OR resource_organization_id = $1 ORDER BY seq',
    [org],
  );
  return rows.map((r) => Number(r.seq));
}
