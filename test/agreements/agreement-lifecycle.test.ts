import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { createDataset } from '../support/dataset-fixture';
import { AGREEMENT, AGREEMENTS, AMEND, GRANT, REVOKE, RESUME, SUSPEND, fieldOf, grant, grantInput } from './agreement-api';

const T0 = new Date('2025-03-05T10:00:00.000Z');
let clock = T0;
let t: TestApp;
let w: TwoOrgWorld;
let datasetId: string;

beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  w = await createWorld(t);
  datasetId = await createDataset(t, w.users.ownerAdmin.token);
});
afterAll(() => t.close());
beforeEach(() => {
  clock = T0;
});

const admin = () => w.users.ownerAdmin.token;

async function auditEvents(action: string, resourceId?: string) {
  const r = await t.gql(
    `query($f: AuditFilter) { auditEvents(filter: $f, first: 500) { edges { node { action resourceType resourceId details actorId } } } }`,
    { f: { actions: [action], ...(resourceId ? { resourceId } : {}) } },
    w.users.platformAuditor.token,
  );
  return ok<{ auditEvents: { edges: { node: Record<string, any> }[] } }>(r).auditEvents.edges.map((e) => e.node);
}

describe('granting', () => {
  it('grants an ACTIVE agreement with the given terms, a full budget and the defaults of the contract', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner, { columns: ['age', 'region', 'age'] }));
    expect(a).toMatchObject({
      status: 'ACTIVE',
      purpose: 'Regional smoking prevalence study',
      columns: ['age', 'region'],
      allowedAggregations: ['COUNT', 'SUM', 'MEAN', 'HISTOGRAM'],
      epsilonBudget: 1,
      epsilonPerQueryMax: 0.5,
      delta: 0,
      budgetPeriod: 'NEVER',
      suppressBelow: null,
      expiresAt: null,
      revokedAt: null,
      validFrom: T0.toISOString(),
      dataset: { id: datasetId, name: 'patients' },
      owner: { id: w.owner },
      partner: { id: w.partner },
      grantedBy: { id: w.users.ownerAdmin.id, email: 'owner-admin@example.test', roles: ['ORG_ADMIN'] },
      budget: { epsilonTotal: 1, epsilonSpent: 0, epsilonRemaining: 1, queriesRun: 0, periodStartedAt: T0.toISOString(), refillsAt: null },
    });
    const [event] = await auditEvents('AGREEMENT_GRANTED', a.id);
    expect(event).toMatchObject({
      resourceType: 'Agreement',
      actorId: w.users.ownerAdmin.id,
      details: { datasetId, partnerOrganizationId: w.partner, epsilonBudget: 1, columns: ['age', 'region'] },
    });
  });

  it('shows a refilling budget with its period and refill time', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner, { budgetPeriod: 'WEEKLY', delta: 1e-6, suppressBelow: 10 }));
    expect(a).toMatchObject({ budgetPeriod: 'WEEKLY', delta: 1e-6, suppressBelow: 10 });
    // 2025-03-05 is a Wednesday.
    expect(a.budget).toMatchObject({ periodStartedAt: '2025-03-03T00:00:00.000Z', refillsAt: '2025-03-10T00:00:00.000Z' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['unknown column', { columns: ['age', 'salary'] }, 'columns'],
    ['IDENTIFIER column', { columns: ['patient_id'] }, 'columns'],
    ['no columns', { columns: [] }, 'columns'],
    ['SUM without a numeric column', { columns: ['region'], allowedAggregations: ['SUM'] }, 'allowedAggregations'],
    ['HISTOGRAM over free text', { columns: ['notes'], allowedAggregations: ['HISTOGRAM'] }, 'allowedAggregations'],
    ['no aggregations', { allowedAggregations: [] }, 'allowedAggregations'],
    ['zero budget', { epsilonBudget: 0 }, 'epsilonBudget'],
    ['budget above the platform cap', { epsilonBudget: 101, epsilonPerQueryMax: 1 }, 'epsilonBudget'],
    ['zero per-query maximum', { epsilonPerQueryMax: 0 }, 'epsilonPerQueryMax'],
    ['per-query maximum above the budget', { epsilonBudget: 1, epsilonPerQueryMax: 2 }, 'epsilonPerQueryMax'],
    ['per-query maximum above the platform cap', { epsilonBudget: 50, epsilonPerQueryMax: 10.5 }, 'epsilonPerQueryMax'],
    ['delta above 1e-5', { delta: 1e-4 }, 'delta'],
    ['negative delta', { delta: -1 }, 'delta'],
    ['expiry in the past', { expiresAt: '2025-03-05T09:59:59.000Z' }, 'expiresAt'],
    ['negative suppressBelow', { suppressBelow: -5 }, 'suppressBelow'],
    ['empty purpose', { purpose: '  ' }, 'purpose'],
    ['the owner as partner', { partnerOrganizationId: 'OWNER' }, 'partnerOrganizationId'],
    ['an unknown partner', { partnerOrganizationId: '00000000-0000-4000-8000-000000000000' }, 'partnerOrganizationId'],
    ['a malformed partner id', { partnerOrganizationId: 'nope' }, 'partnerOrganizationId'],
    ['a malformed dataset id', { datasetId: 'nope' }, 'datasetId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and records nothing', async (_, change, field) => {
    const input = grantInput(datasetId, w.partner, change);
    if (input.partnerOrganizationId === 'OWNER') input.partnerOrganizationId = w.owner;
    const before = (await auditEvents('AGREEMENT_GRANTED')).length;
    const r = await t.gql(GRANT, { input }, admin());
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(fieldOf(r)).toBe(field);
    expect((await auditEvents('AGREEMENT_GRANTED')).length).toBe(before);
  });

  it('refuses an unknown dataset with NOT_FOUND', async () => {
    const r = await t.gql(GRANT, { input: grantInput('00000000-0000-4000-8000-000000000000', w.partner) }, admin());
    expect(codeOf(r)).toBe('NOT_FOUND');
  });

  it('applies the platform caps from PARLEY_MAX_EPSILON_PER_QUERY and PARLEY_MAX_EPSILON_BUDGET', async () => {
    const capped = await startTestApp({ PARLEY_MAX_EPSILON_PER_QUERY: '0.5', PARLEY_MAX_EPSILON_BUDGET: '2' });
    try {
      const world = await createWorld(capped);
      const ds = await createDataset(capped, world.users.ownerAdmin.token);
      const tooMuch = await capped.gql(GRANT, { input: grantInput(ds, world.partner, { epsilonBudget: 3, epsilonPerQueryMax: 0.5 }) }, world.users.ownerAdmin.token);
      expect([codeOf(tooMuch), fieldOf(tooMuch)]).toEqual(['BAD_USER_INPUT', 'epsilonBudget']);
      expect(tooMuch.errors![0]!.message).toMatch(/PARLEY_MAX_EPSILON_BUDGET/);
      const perQuery = await capped.gql(GRANT, { input: grantInput(ds, world.partner, { epsilonBudget: 2, epsilonPerQueryMax: 0.6 }) }, world.users.ownerAdmin.token);
      expect([codeOf(perQuery), fieldOf(perQuery)]).toEqual(['BAD_USER_INPUT', 'epsilonPerQueryMax']);
      const fine = await grant(capped, world.users.ownerAdmin.token, grantInput(ds, world.partner, { epsilonBudget: 2, epsilonPerQueryMax: 0.5 }));
      expect(fine.status).toBe('ACTIVE');
    } finally {
      await capped.close();
    }
  });
});

describe('lifecycle', () => {
  it('ACTIVE → SUSPENDED → ACTIVE → REVOKED, each audited with from/to', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    const s = ok<any>(await t.gql(SUSPEND, { id: a.id }, admin())).suspendAgreement;
    expect(s.status).toBe('SUSPENDED');
    const r = ok<any>(await t.gql(RESUME, { id: a.id }, admin())).resumeAgreement;
    expect(r.status).toBe('ACTIVE');
    clock = new Date(T0.getTime() + 60_000);
    const v = ok<any>(await t.gql(REVOKE, { id: a.id }, admin())).revokeAgreement;
    expect(v).toMatchObject({ status: 'REVOKED', revokedAt: clock.toISOString() });
    expect(ok<any>(await t.gql(AGREEMENT, { id: a.id }, admin())).agreement.status).toBe('REVOKED');
    for (const [action, from, to] of [
      ['AGREEMENT_SUSPENDED', 'ACTIVE', 'SUSPENDED'],
      ['AGREEMENT_RESUMED', 'SUSPENDED', 'ACTIVE'],
      ['AGREEMENT_REVOKED', 'ACTIVE', 'REVOKED'],
    ]) {
      const [event] = await auditEvents(action!, a.id);
      expect(event!.details).toEqual({ datasetId, partnerOrganizationId: w.partner, from, to });
    }
  });

  it('revokes a SUSPENDED agreement', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    ok(await t.gql(SUSPEND, { id: a.id }, admin()));
    expect(ok<any>(await t.gql(REVOKE, { id: a.id }, admin())).revokeAgreement.status).toBe('REVOKED');
  });

  it.each<[string, string[], string, string]>([
    ['suspend a SUSPENDED agreement', ['suspend'], SUSPEND, 'SUSPENDED'],
    ['resume an ACTIVE agreement', [], RESUME, 'ACTIVE'],
    ['resume a REVOKED agreement', ['revoke'], RESUME, 'REVOKED'],
    ['suspend a REVOKED agreement', ['revoke'], SUSPEND, 'REVOKED'],
    ['revoke a REVOKED agreement', ['revoke'], REVOKE, 'REVOKED'],
  ])('refuses to %s with BAD_USER_INPUT', async (_, steps, mutation, status) => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    for (const step of steps) ok(await t.gql(step === 'suspend' ? SUSPEND : REVOKE, { id: a.id }, admin()));
    const r = await t.gql(mutation, { id: a.id }, admin());
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toContain(`that is ${status}`);
  });

  it('refuses to amend a REVOKED agreement', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    ok(await t.gql(REVOKE, { id: a.id }, admin()));
    expect(codeOf(await t.gql(AMEND, { input: { agreementId: a.id, epsilonBudget: 2 } }, admin()))).toBe('BAD_USER_INPUT');
  });

  it('EXPIRED once expiresAt passes, at every read and use, without a background job', async () => {
    const expiresAt = new Date(T0.getTime() + 3_600_000);
    const a = await grant(t, admin(), grantInput(datasetId, w.partner, { expiresAt: expiresAt.toISOString() }));
    expect(a.status).toBe('ACTIVE');
    clock = new Date(expiresAt.getTime() - 1);
    expect(ok<any>(await t.gql(AGREEMENT, { id: a.id }, admin())).agreement.status).toBe('ACTIVE');
    clock = expiresAt;
    expect(ok<any>(await t.gql(AGREEMENT, { id: a.id }, admin())).agreement.status).toBe('EXPIRED');
    const expired = ok<any>(await t.gql(AGREEMENTS, { status: 'EXPIRED', datasetId }, admin())).agreements.map((x: any) => x.id);
    expect(expired).toContain(a.id);
    const active = ok<any>(await t.gql(AGREEMENTS, { status: 'ACTIVE', datasetId }, admin())).agreements.map((x: any) => x.id);
    expect(active).not.toContain(a.id);
    for (const [m, vars] of [
      [AMEND, { input: { agreementId: a.id, expiresAt: new Date(clock.getTime() + 86_400_000).toISOString() } }],
      [SUSPEND, { id: a.id }],
      [RESUME, { id: a.id }],
    ] as const) {
      const r = await t.gql(m, vars, admin());
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toContain('EXPIRED');
    }
    expect(ok<any>(await t.gql(REVOKE, { id: a.id }, admin())).revokeAgreement.status).toBe('REVOKED');
  });

  it('a SUSPENDED agreement expires too', async () => {
    const expiresAt = new Date(T0.getTime() + 1000);
    const a = await grant(t, admin(), grantInput(datasetId, w.partner, { expiresAt: expiresAt.toISOString() }));
    ok(await t.gql(SUSPEND, { id: a.id }, admin()));
    clock = expiresAt;
    expect(ok<any>(await t.gql(AGREEMENT, { id: a.id }, admin())).agreement.status).toBe('EXPIRED');
    expect(codeOf(await t.gql(RESUME, { id: a.id }, admin()))).toBe('BAD_USER_INPUT');
  });
});

describe('amending', () => {
  it('changes the named terms and keeps before/after in the audit trail', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner, { epsilonBudget: 2, epsilonPerQueryMax: 0.5 }));
    const expiresAt = new Date(T0.getTime() + 7 * 86_400_000).toISOString();
    const r = ok<any>(await t.gql(AMEND, { input: { agreementId: a.id, epsilonBudget: 3, expiresAt, suppressBelow: 5 } }, admin())).amendAgreement;
    expect(r).toMatchObject({ epsilonBudget: 3, epsilonPerQueryMax: 0.5, expiresAt, suppressBelow: 5, budget: { epsilonTotal: 3, epsilonRemaining: 3 } });
    const [event] = await auditEvents('AGREEMENT_AMENDED', a.id);
    expect(event!.details).toEqual({
      datasetId,
      partnerOrganizationId: w.partner,
      before: { epsilonBudget: 2, expiresAt: null, suppressBelow: null },
      after: { epsilonBudget: 3, expiresAt, suppressBelow: 5 },
    });
  });

  it('amends a SUSPENDED agreement, which stays SUSPENDED', async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    ok(await t.gql(SUSPEND, { id: a.id }, admin()));
    const r = ok<any>(await t.gql(AMEND, { input: { agreementId: a.id, epsilonPerQueryMax: 0.25 } }, admin())).amendAgreement;
    expect(r).toMatchObject({ status: 'SUSPENDED', epsilonPerQueryMax: 0.25 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['nothing to change', {}, 'input'],
    ['a budget below the per-query maximum', { epsilonBudget: 0.4 }, 'epsilonPerQueryMax'],
    ['a per-query maximum above the budget', { epsilonPerQueryMax: 1.5 }, 'epsilonPerQueryMax'],
    ['a budget above the platform cap', { epsilonBudget: 1000 }, 'epsilonBudget'],
    ['a negative budget', { epsilonBudget: -1 }, 'epsilonBudget'],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00.000Z' }, 'expiresAt'],
    ['a negative suppressBelow', { suppressBelow: -1 }, 'suppressBelow'],
    ['a malformed id', { agreementId: 'nope' }, 'agreementId'],
  ])('refuses %s with BAD_USER_INPUT', async (_, change, field) => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    const r = await t.gql(AMEND, { input: { agreementId: a.id, ...change } }, admin());
    expect([codeOf(r), fieldOf(r)]).toEqual(['BAD_USER_INPUT', field]);
    expect(ok<any>(await t.gql(AGREEMENT, { id: a.id }, admin())).agreement).toMatchObject({ epsilonBudget: 1, epsilonPerQueryMax: 0.5 });
  });
});

describe('reading', () => {
  it('agreement(id) is null for a malformed or unknown id', async () => {
    expect(ok<any>(await t.gql(AGREEMENT, { id: 'nope' }, admin())).agreement).toBeNull();
    expect(ok<any>(await t.gql(AGREEMENT, { id: '00000000-0000-4000-8000-000000000000' }, admin())).agreement).toBeNull();
  });

  it('filters agreements by status and dataset', async () => {
    const other = await createDataset(t, admin(), 'other_dataset');
    const a = await grant(t, admin(), grantInput(other, w.partner));
    const b = await grant(t, admin(), grantInput(other, w.outsider));
    ok(await t.gql(SUSPEND, { id: b.id }, admin()));
    const ids = async (vars: Record<string, unknown>) =>
      ok<any>(await t.gql(AGREEMENTS, vars, admin())).agreements.map((x: any) => x.id).sort();
    expect(await ids({ datasetId: other })).toEqual([a.id, b.id].sort());
    expect(await ids({ datasetId: other, status: 'ACTIVE' })).toEqual([a.id]);
    expect(await ids({ datasetId: other, status: 'SUSPENDED' })).toEqual([b.id]);
    expect(await ids({ datasetId: other, status: 'REVOKED' })).toEqual([]);
    expect(codeOf(await t.gql(AGREEMENTS, { datasetId: 'nope' }, admin()))).toBe('BAD_USER_INPUT');
    const nested = ok<any>(await t.gql('query($id: ID!) { dataset(id: $id) { agreements { id } } }', { id: other }, admin()));
    expect(nested.dataset.agreements.map((x: any) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("the partner sees its agreement's dataset and grantor, without the grantor's roles", async () => {
    const a = await grant(t, admin(), grantInput(datasetId, w.partner));
    const seen = ok<any>(await t.gql(AGREEMENT, { id: a.id }, w.users.partnerAnalyst.token)).agreement;
    expect(seen).toMatchObject({ dataset: { id: datasetId }, grantedBy: { id: w.users.ownerAdmin.id, email: 'owner-admin@example.test', roles: [] } });
    ok(await t.gql(REVOKE, { id: a.id }, admin()));
    const revoked = ok<any>(await t.gql(AGREEMENT, { id: a.id }, w.users.partnerAnalyst.token)).agreement;
    expect(revoked).toMatchObject({ status: 'REVOKED', dataset: { id: datasetId, name: 'patients' } });
  });

  it("a deleted dataset's agreements end REVOKED and still show the dataset to the owner and auditors", async () => {
    const doomed = await createDataset(t, admin(), 'doomed');
    const a = await grant(t, admin(), grantInput(doomed, w.partner));
    ok(await t.gql('mutation($id: ID!) { deleteDataset(id: $id) }', { id: doomed }, admin()));
    for (const token of [admin(), w.users.ownerAuditor.token, w.users.platformAuditor.token]) {
      const seen = ok<any>(await t.gql(AGREEMENT, { id: a.id }, token)).agreement;
      expect(seen).toMatchObject({ status: 'REVOKED', dataset: { id: doomed, name: 'doomed' } });
    }
  });
});
