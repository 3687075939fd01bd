import { amendTerms, validateGrantTerms, type GrantTerms } from './agreement-terms';

const caps = { maxEpsilonPerQuery: 10, maxEpsilonBudget: 100 };
const now = new Date('2025-06-01T12:00:00Z');
const columns = [{ name: 'age', type: 'INTEGER', sensitivity: 'SENSITIVE', nullable: true, lowerBound: 0, upperBound: 100, categories: null }] as const;
const base: GrantTerms = {
  purpose: 'research',
  columns: ['age'],
  allowedAggregations: ['COUNT'],
  epsilonBudget: 1,
  epsilonPerQueryMax: 0.5,
  delta: 1e-6,
  deltaBudget: null,
  budgetPeriod: 'NEVER',
  suppressBelow: null,
  expiresAt: null,
};
const grant = (change: Partial<GrantTerms>) => validateGrantTerms({ ...base, ...change }, [...columns], caps, now);

describe('deltaBudget', () => {
  it('defaults to exactly 10 × delta (decimal, not binary floating point)', () => {
    expect(grant({}).deltaBudget).toBe(1e-5);
    expect(grant({ delta: 3e-7 }).deltaBudget).toBe(3e-6);
    expect(grant({ delta: 0 }).deltaBudget).toBe(0);
  });

  it.each([[-1e-9], [Number.NaN], [Number.POSITIVE_INFINITY], [0.0011]])('refuses %p at grant and at amend', (deltaBudget) => {
    expect(() => grant({ deltaBudget })).toThrow(expect.objectContaining({ extensions: { field: 'deltaBudget' } }));
    const current = { epsilonBudget: 1, epsilonPerQueryMax: 0.5, expiresAt: null, suppressBelow: null, deltaBudget: 1e-5 };
    expect(() => amendTerms(current, { deltaBudget }, caps, now)).toThrow(expect.objectContaining({ extensions: { field: 'deltaBudget' } }));
  });

  it('amends alone, keeping before and after for the audit trail', () => {
    const current = { epsilonBudget: 1, epsilonPerQueryMax: 0.5, expiresAt: null, suppressBelow: null, deltaBudget: 1e-5 };
    const { next, before, after } = amendTerms(current, { deltaBudget: 2e-5 }, caps, now);
    expect(next.deltaBudget).toBe(2e-5);
    expect([before, after]).toEqual([{ deltaBudget: 1e-5 }, { deltaBudget: 2e-5 }]);
  });
});
