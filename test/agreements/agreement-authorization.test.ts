import { ADMIN_TOKEN, codeOf, ok, startTestApp, type GqlResult, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { createDataset } from '../support/dataset-fixture';
import { AGREEMENT, AGREEMENTS, AMEND, BUDGET_USAGE, GRANT, RESUME, REVOKE, SUSPEND, grant, grantInput } from './agreement-api';

/**
 * Who may do what with agreements, for every role of the owner, the partner and an outsider, the
 * platform roles and an anonymous caller. NOT_FOUND where the caller may not know the agreement
 * (or dataset) exists, FORBIDDEN where it may see it but not act.
 */
type Caller =
  | 'ownerAdmin'
  | 'ownerAnalyst'
  | 'ownerAuditor'
  | 'partnerAdmin'
  | 'partnerAnalyst'
  | 'partnerAuditor'
  | 'outsiderAdmin'
  | 'outsiderAnalyst'
  | 'outsiderAuditor'
  | 'platformAuditor'
  | 'platformAdmin'
  | 'anonymous';

const CALLERS: Caller[] = [
  'ownerAdmin',
  'ownerAnalyst',
  'ownerAuditor',
  'partnerAdmin',
  'partnerAnalyst',
  'partnerAuditor',
  'outsiderAdmin',
  'outsiderAnalyst',
  'outsiderAuditor',
  'platformAuditor',
  'platformAdmin',
  'anonymous',
];

/** Who can see the agreement (read and readBudget go together in the rules). */
const SEES: Record<Caller, boolean> = {
  ownerAdmin: true,
  ownerAnalyst: false,
  ownerAuditor: true,
  partnerAdmin: true,
  partnerAnalyst: true,
  partnerAuditor: true,
  outsiderAdmin: false,
  outsiderAnalyst: false,
  outsiderAuditor: false,
  platformAuditor: true,
  platformAdmin: false,
  anonymous: false,
};

/** Outcome of a lifecycle mutation (amend, suspend, resume, revoke) on the agreement. */
const MANAGE: Record<Caller, string> = {
  ownerAdmin: 'OK',
  ownerAnalyst: 'NOT_FOUND',
  ownerAuditor: 'FORBIDDEN',
  partnerAdmin: 'FORBIDDEN',
  partnerAnalyst: 'FORBIDDEN',
  partnerAuditor: 'FORBIDDEN',
  outsiderAdmin: 'NOT_FOUND',
  outsiderAnalyst: 'NOT_FOUND',
  outsiderAuditor: 'NOT_FOUND',
  platformAuditor: 'FORBIDDEN',
  platformAdmin: 'NOT_FOUND',
  anonymous: 'UNAUTHENTICATED',
};

/** Outcome of granting on the dataset: NOT_FOUND for whoever may not see the dataset. */
const GRANTS: Record<Caller, string> = {
  ...MANAGE,
  ownerAnalyst: 'FORBIDDEN',
};

let t: TestApp;
let w: TwoOrgWorld;
let datasetId: string;
let active: string;
let suspended: string;

const tokenOf = (c: Caller): string | null => (c === 'anonymous' ? null : c === 'platformAdmin' ? ADMIN_TOKEN : w.users[c].token);
const outcome = (r: GqlResult) => codeOf(r) ?? 'OK';

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t);
  datasetId = await createDataset(t, w.users.ownerAdmin.token);
  active = (await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner))).id;
  suspended = (await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner))).id;
  ok(await t.gql(SUSPEND, { id: suspended }, w.users.ownerAdmin.token));
});
afterAll(() => t.close());

describe.each(CALLERS)('%s', (caller) => {
  it(`grantAgreement → ${GRANTS[caller]}`, async () => {
    const r = await t.gql(GRANT, { input: grantInput(datasetId, w.partner) }, tokenOf(caller));
    expect(outcome(r)).toBe(GRANTS[caller]);
  });

  it(`agreement(id) and agreements ${SEES[caller] ? 'show' : 'hide'} the agreement, with its budget`, async () => {
    const one = await t.gql(AGREEMENT, { id: active }, tokenOf(caller));
    const list = await t.gql(AGREEMENTS, {}, tokenOf(caller));
    if (caller === 'anonymous') {
      expect([codeOf(one), codeOf(list)]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
      return;
    }
    expect(ok<any>(one).agreement?.id ?? null).toBe(SEES[caller] ? active : null);
    if (SEES[caller]) expect(ok<any>(one).agreement.budget.epsilonTotal).toBe(1);
    expect(ok<any>(list).agreements.some((a: any) => a.id === active)).toBe(SEES[caller]);
  });

  it(`budgetUsage ${SEES[caller] ? 'includes' : 'excludes'} the agreement`, async () => {
    const r = await t.gql(BUDGET_USAGE, {}, tokenOf(caller));
    if (caller === 'anonymous') return expect(codeOf(r)).toBe('UNAUTHENTICATED');
    expect(ok<any>(r).budgetUsage.some((u: any) => u.agreement.id === active)).toBe(SEES[caller]);
  });

  it.each([
    ['amendAgreement', AMEND, () => ({ input: { agreementId: active, epsilonBudget: 1.5 } })],
    ['suspendAgreement', SUSPEND, () => ({ id: active })],
    ['resumeAgreement', RESUME, () => ({ id: suspended })],
  ] as const)(`%s → ${MANAGE[caller]}`, async (_, mutation, vars) => {
    if (caller === 'ownerAdmin') return; // the success path runs last, below, so that the state stays put
    expect(outcome(await t.gql(mutation, vars(), tokenOf(caller)))).toBe(MANAGE[caller]);
  });

  it(`revokeAgreement → ${MANAGE[caller]}`, async () => {
    if (caller === 'ownerAdmin') return;
    expect(outcome(await t.gql(REVOKE, { id: active }, tokenOf(caller)))).toBe(MANAGE[caller]);
  });
});

describe('after every refusal', () => {
  it('nothing changed, and the owner admin succeeds at each operation', async () => {
    const admin = w.users.ownerAdmin.token;
    const a = ok<any>(await t.gql(AGREEMENT, { id: active }, admin)).agreement;
    expect(a).toMatchObject({ status: 'ACTIVE', epsilonBudget: 1 });
    expect(ok<any>(await t.gql(AMEND, { input: { agreementId: active, epsilonBudget: 1.5 } }, admin)).amendAgreement.epsilonBudget).toBe(1.5);
    expect(ok<any>(await t.gql(SUSPEND, { id: active }, admin)).suspendAgreement.status).toBe('SUSPENDED');
    expect(ok<any>(await t.gql(RESUME, { id: suspended }, admin)).resumeAgreement.status).toBe('ACTIVE');
    expect(ok<any>(await t.gql(REVOKE, { id: active }, admin)).revokeAgreement.status).toBe('REVOKED');
  });

  it('refusals on an agreement are in the trail for the owner organization', async () => {
    const r = await t.gql(
      `query($f: AuditFilter) { auditEvents(filter: $f, first: 500) { edges { node { action outcome actorId } } } }`,
      { f: { resourceId: active, outcome: 'DENIED' } },
      w.users.ownerAuditor.token,
    );
    const denied = ok<any>(r).auditEvents.edges.map((e: any) => e.node);
    expect(denied.some((e: any) => e.actorId === w.users.partnerAdmin.id)).toBe(true);
    expect(denied.some((e: any) => e.actorId === w.users.outsiderAdmin.id)).toBe(true);
  });
});

describe('budgetUsage(organizationId)', () => {
  it("keeps the agreements the organization owns or is partner to, within the caller's rights", async () => {
    const ids = async (org: string, caller: Caller) =>
      ok<any>(await t.gql(BUDGET_USAGE, { org }, tokenOf(caller))).budgetUsage.map((u: any) => u.agreement.id);
    expect(await ids(w.partner, 'platformAuditor')).toEqual(expect.arrayContaining([active, suspended]));
    expect(await ids(w.outsider, 'platformAuditor')).toEqual([]);
    expect(await ids(w.owner, 'partnerAuditor')).toEqual(expect.arrayContaining([active, suspended]));
    expect(await ids(w.owner, 'outsiderAuditor')).toEqual([]);
    expect(codeOf(await t.gql(BUDGET_USAGE, { org: 'nope' }, tokenOf('platformAuditor')))).toBe('BAD_USER_INPUT');
  });
});
