import { randomUUID } from 'node:crypto';
import { Guard } from '../../src/auth/guard';
import { ParleyError } from '../../src/errors/errors';
import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { createDataset } from '../support/dataset-fixture';
import { AGREEMENT, BUDGET_USAGE, REVOKE, SUSPEND, grant, grantInput } from './agreement-api';

const T0 = new Date('2025-03-05T10:00:00.000Z'); // a Wednesday
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

const newAgreement = async (extra: Record<string, unknown> = {}) =>
  (await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner, extra))).id as string;

/** One spend in a transaction of its own, as a query would do it. */
const reserve = (agreementId: string, epsilon: number, at = clock) =>
  t.services.tx.run((m) => t.services.budgetAccountant.reserve(m, agreementId, epsilon, randomUUID(), at));

async function refusal(p: Promise<unknown>): Promise<ParleyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ParleyError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const budgetOf = async (id: string, token = w.users.partnerAnalyst.token) =>
  ok<any>(await t.gql(AGREEMENT, { id }, token)).agreement.budget;

describe('BudgetAccountant.reserve', () => {
  it('50 parallel reservations of ε 0.1 against a budget of 1.0: exactly 10 succeed, spent = 1.0', async () => {
    const id = await newAgreement({ epsilonBudget: 1, epsilonPerQueryMax: 0.1 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserve(id, 0.1)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(10);
    expect(lost.map((r) => (r.reason as ParleyError).code)).toEqual(Array(40).fill('BUDGET_EXHAUSTED'));
    const [{ spent, n }] = await t.services.dataSource.query(
      'SELECT SUM(epsilon)::text AS spent, COUNT(*)::int AS n FROM budget_ledger WHERE agreement_id = $1',
      [id],
    );
    expect([spent, n]).toEqual(['1.0', 10]);
    expect(await budgetOf(id)).toMatchObject({ epsilonTotal: 1, epsilonSpent: 1, epsilonRemaining: 0, queriesRun: 10 });
  });

  it('adds in exact decimals: 0.1 + 0.2 fits a budget of 0.3 (floating point would say 0.30000000000000004)', async () => {
    const id = await newAgreement({ epsilonBudget: 0.3, epsilonPerQueryMax: 0.2 });
    await reserve(id, 0.1);
    const view = await reserve(id, 0.2);
    expect(view).toMatchObject({ epsilonTotal: 0.3, epsilonSpent: 0.3, epsilonRemaining: 0, queriesRun: 2 });
    const e = await refusal(reserve(id, 0.001));
    expect(e.code).toBe('BUDGET_EXHAUSTED');
  });

  it('BUDGET_EXHAUSTED carries the remaining budget and the request, and spends nothing', async () => {
    const id = await newAgreement({ epsilonBudget: 1, epsilonPerQueryMax: 0.5 });
    await reserve(id, 0.5);
    await reserve(id, 0.25);
    const e = await refusal(reserve(id, 0.5));
    expect(e.code).toBe('BUDGET_EXHAUSTED');
    expect(e.extensions).toMatchObject({ epsilonRemaining: 0.25, epsilonRequested: 0.5 });
    expect(await budgetOf(id)).toMatchObject({ epsilonSpent: 0.75, epsilonRemaining: 0.25, queriesRun: 2 });
  });

  it("a spend rolls back with the caller's transaction", async () => {
    const id = await newAgreement();
    await expect(
      t.services.tx.run(async (m) => {
        await t.services.budgetAccountant.reserve(m, id, 0.5, randomUUID(), clock);
        throw new Error('the query failed after reserving');
      }),
    ).rejects.toThrow('the query failed');
    expect(await budgetOf(id)).toMatchObject({ epsilonSpent: 0, queriesRun: 0 });
  });

  it.each([
    ['SUSPENDED', async (id: string) => ok(await t.gql(SUSPEND, { id }, w.users.ownerAdmin.token))],
    ['REVOKED', async (id: string) => ok(await t.gql(REVOKE, { id }, w.users.ownerAdmin.token))],
  ])('refuses to spend on a %s agreement (FORBIDDEN), re-checked under the lock', async (status, act) => {
    const id = await newAgreement();
    await act(id);
    const e = await refusal(reserve(id, 0.1));
    expect([e.code, e.extensions.agreementStatus]).toEqual(['FORBIDDEN', status]);
  });

  it('refuses to spend on an EXPIRED agreement', async () => {
    const id = await newAgreement({ expiresAt: new Date(T0.getTime() + 1000).toISOString() });
    const e = await refusal(reserve(id, 0.1, new Date(T0.getTime() + 1000)));
    expect([e.code, e.extensions.agreementStatus]).toEqual(['FORBIDDEN', 'EXPIRED']);
  });

  it('refuses a non-positive or non-finite ε with BAD_USER_INPUT', async () => {
    const id = await newAgreement();
    for (const eps of [0, -0.1, NaN, Infinity]) expect((await refusal(reserve(id, eps))).code).toBe('BAD_USER_INPUT');
  });
});

describe('budget periods (UTC calendar boundaries, injected clock)', () => {
  const spendAll = async (id: string, at: Date) => {
    await reserve(id, 0.5, at);
    await reserve(id, 0.5, at);
    expect((await refusal(reserve(id, 0.1, at))).code).toBe('BUDGET_EXHAUSTED');
  };

  it('DAILY refills at 00:00 UTC', async () => {
    const id = await newAgreement({ budgetPeriod: 'DAILY' });
    await spendAll(id, new Date('2025-03-05T23:59:59.999Z'));
    clock = new Date('2025-03-05T23:59:59.999Z');
    expect(await budgetOf(id)).toMatchObject({
      epsilonRemaining: 0,
      periodStartedAt: '2025-03-05T00:00:00.000Z',
      refillsAt: '2025-03-06T00:00:00.000Z',
    });
    clock = new Date('2025-03-06T00:00:00.000Z');
    expect(await budgetOf(id)).toMatchObject({ epsilonSpent: 0, epsilonRemaining: 1, queriesRun: 0, refillsAt: '2025-03-07T00:00:00.000Z' });
    await reserve(id, 0.5);
  });

  it('WEEKLY refills on Monday 00:00 UTC', async () => {
    const id = await newAgreement({ budgetPeriod: 'WEEKLY' });
    await spendAll(id, T0);
    clock = new Date('2025-03-09T23:59:59.999Z'); // Sunday
    expect(await budgetOf(id)).toMatchObject({ epsilonRemaining: 0, refillsAt: '2025-03-10T00:00:00.000Z' });
    expect((await refusal(reserve(id, 0.1))).code).toBe('BUDGET_EXHAUSTED');
    clock = new Date('2025-03-10T00:00:00.000Z');
    expect(await budgetOf(id)).toMatchObject({ epsilonRemaining: 1, periodStartedAt: '2025-03-10T00:00:00.000Z' });
  });

  it('MONTHLY refills on the 1st 00:00 UTC', async () => {
    const id = await newAgreement({ budgetPeriod: 'MONTHLY' });
    await spendAll(id, T0);
    clock = new Date('2025-03-31T23:59:59.999Z');
    expect(await budgetOf(id)).toMatchObject({ epsilonRemaining: 0, periodStartedAt: '2025-03-01T00:00:00.000Z', refillsAt: '2025-04-01T00:00:00.000Z' });
    clock = new Date('2025-04-01T00:00:00.000Z');
    expect(await budgetOf(id)).toMatchObject({ epsilonRemaining: 1, refillsAt: '2025-05-01T00:00:00.000Z' });
  });

  it('NEVER does not refill, and is the default', async () => {
    const id = await newAgreement();
    await spendAll(id, T0);
    clock = new Date('2030-01-01T00:00:00.000Z');
    expect(await budgetOf(id)).toMatchObject({ epsilonRemaining: 0, periodStartedAt: T0.toISOString(), refillsAt: null });
    expect((await refusal(reserve(id, 0.1))).code).toBe('BUDGET_EXHAUSTED');
  });

  it('budgetUsage reports all-time usage across periods, with the last spend', async () => {
    const id = await newAgreement({ budgetPeriod: 'DAILY' });
    await reserve(id, 0.5, new Date('2025-03-05T10:00:00.000Z'));
    await reserve(id, 0.25, new Date('2025-03-06T10:00:00.000Z'));
    clock = new Date('2025-03-06T12:00:00.000Z');
    const usage = ok<any>(await t.gql(BUDGET_USAGE, { org: w.partner }, w.users.partnerAuditor.token)).budgetUsage;
    expect(usage.find((u: any) => u.agreement.id === id)).toMatchObject({
      queriesRun: 2,
      epsilonSpent: 0.75,
      lastQueryAt: '2025-03-06T10:00:00.000Z',
    });
    expect(await budgetOf(id)).toMatchObject({ epsilonSpent: 0.25, queriesRun: 1 });
  });
});

describe('AgreementService.getUsable', () => {
  const guardOf = async (token: string) => {
    const actor = await t.services.authenticator.authenticate(`Bearer ${token}`);
    return Guard.for(actor);
  };
  const usable = async (token: string, id: string, at = clock) => {
    const guard = await guardOf(token);
    return t.services.tx.run((m) => t.services.agreements.getUsable(guard, m, id, at));
  };

  it('returns an ACTIVE agreement to the partner analyst', async () => {
    const id = await newAgreement();
    expect((await usable(w.users.partnerAnalyst.token, id)).id).toBe(id);
  });

  it('BAD_USER_INPUT for a malformed id, NOT_FOUND for one the caller may not see', async () => {
    const id = await newAgreement();
    expect((await refusal(usable(w.users.partnerAnalyst.token, 'nope'))).code).toBe('BAD_USER_INPUT');
    expect((await refusal(usable(w.users.outsiderAnalyst.token, id))).code).toBe('NOT_FOUND');
    expect((await refusal(usable(w.users.ownerAnalyst.token, id))).code).toBe('NOT_FOUND');
  });

  it('FORBIDDEN for a caller that may read but not query it', async () => {
    const id = await newAgreement();
    expect((await refusal(usable(w.users.partnerAdmin.token, id))).code).toBe('FORBIDDEN');
    expect((await refusal(usable(w.users.ownerAdmin.token, id))).code).toBe('FORBIDDEN');
  });

  it('FORBIDDEN with a clear message for a SUSPENDED, REVOKED or EXPIRED agreement', async () => {
    const s = await newAgreement();
    ok(await t.gql(SUSPEND, { id: s }, w.users.ownerAdmin.token));
    const r = await newAgreement();
    ok(await t.gql(REVOKE, { id: r }, w.users.ownerAdmin.token));
    const x = await newAgreement({ expiresAt: new Date(T0.getTime() + 1000).toISOString() });
    for (const [id, status, at] of [
      [s, 'SUSPENDED', T0],
      [r, 'REVOKED', T0],
      [x, 'EXPIRED', new Date(T0.getTime() + 1000)],
    ] as const) {
      const e = await refusal(usable(w.users.partnerAnalyst.token, id, at));
      expect([e.code, e.message]).toEqual(['FORBIDDEN', `the agreement is ${status}; it cannot be queried`]);
    }
  });
});

describe('budgetUsage.daily', () => {
  const DAILY = `query { budgetUsage { agreement { id } epsilonSpent daily { day queriesRun epsilonSpent } } }`;

  it('gives the spends per UTC day, oldest first, to whoever may read the budget', async () => {
    const id = await newAgreement({ epsilonBudget: 5 });
    await reserve(id, 0.1, new Date('2025-03-05T23:59:59.000Z'));
    await reserve(id, 0.2, new Date('2025-03-05T00:00:00.000Z'));
    await reserve(id, 0.3, new Date('2025-03-06T00:00:00.000Z'));
    for (const token of [w.users.ownerAdmin.token, w.users.partnerAnalyst.token, w.users.ownerAuditor.token]) {
      const rows = ok<any>(await t.gql(DAILY, {}, token)).budgetUsage;
      const row = rows.find((r: any) => r.agreement.id === id);
      expect(row.daily).toEqual([
        { day: '2025-03-05T00:00:00.000Z', queriesRun: 2, epsilonSpent: 0.3 },
        { day: '2025-03-06T00:00:00.000Z', queriesRun: 1, epsilonSpent: 0.3 },
      ]);
    }
    const outsider = ok<any>(await t.gql(DAILY, {}, w.users.outsiderAdmin.token)).budgetUsage;
    expect(outsider.find((r: any) => r.agreement.id === id)).toBeUndefined();
  });
});
