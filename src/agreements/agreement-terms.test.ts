import type { ColumnSpec } from '../datasets/column-spec';
import { amendTerms, validateGrantTerms, type GrantTerms } from './agreement-terms';

const col = (name: string, type: ColumnSpec['type'], sensitivity: ColumnSpec['sensitivity'] = 'SENSITIVE'): ColumnSpec => ({
  name,
  type,
  sensitivity,
  nullable: true,
  lowerBound: type === 'INTEGER' || type === 'FLOAT' ? 0 : null,
  upperBound: type === 'INTEGER' || type === 'FLOAT' ? 100 : null,
  categories: type === 'CATEGORY' ? ['a', 'b'] : null,
});

const columns = [
  col('patient_id', 'TEXT', 'IDENTIFIER'),
  col('age', 'INTEGER'),
  col('region', 'CATEGORY', 'QUASI_IDENTIFIER'),
  col('notes', 'TEXT'),
  col('smoker', 'BOOLEAN'),
  col('visited', 'DATE'),
];
const caps = { maxEpsilonPerQuery: 10, maxEpsilonBudget: 100 };
const now = new Date('2025-06-01T12:00:00Z');
const base: GrantTerms = {
  purpose: ' research ',
  columns: ['age', 'region'],
  allowedAggregations: ['COUNT', 'SUM'],
  epsilonBudget: 1,
  epsilonPerQueryMax: 0.5,
  delta: 0,
  deltaBudget: 0,
  budgetPeriod: 'NEVER',
  suppressBelow: null,
  expiresAt: null,
};

function refusal(change: Partial<GrantTerms>): { code: unknown; field: unknown; message: string } {
  try {
    validateGrantTerms({ ...base, ...change }, columns, caps, now);
  } catch (e) {
    const err = e as { code: unknown; extensions: { field?: unknown }; message: string };
    return { code: err.code, field: err.extensions.field, message: err.message };
  }
  throw new Error('expected a refusal');
}

describe('validateGrantTerms', () => {
  it('normalizes valid terms: trims the purpose, drops duplicate columns and aggregations', () => {
    const t = validateGrantTerms({ ...base, columns: ['age', 'age', 'region'], allowedAggregations: ['COUNT', 'COUNT'] }, columns, caps, now);
    expect(t).toMatchObject({ purpose: 'research', columns: ['age', 'region'], allowedAggregations: ['COUNT'] });
  });

  it.each<[string, Partial<GrantTerms>, string, RegExp]>([
    ['empty purpose', { purpose: '   ' }, 'purpose', /purpose/],
    ['overlong purpose', { purpose: 'x'.repeat(2001) }, 'purpose', /purpose/],
    ['no columns', { columns: [] }, 'columns', /at least one column/],
    ['unknown column', { columns: ['age', 'salary'] }, 'columns', /no column "salary"/],
    ['IDENTIFIER column', { columns: ['patient_id'] }, 'columns', /direct identifier/],
    ['no aggregations', { allowedAggregations: [] }, 'allowedAggregations', /at least one/],
    ['unknown aggregation', { allowedAggregations: ['MEDIAN'] }, 'allowedAggregations', /unknown aggregation/],
    ['SUM without numeric column', { columns: ['region'], allowedAggregations: ['SUM'] }, 'allowedAggregations', /SUM needs/],
    ['MEAN without numeric column', { columns: ['notes'], allowedAggregations: ['MEAN'] }, 'allowedAggregations', /MEAN needs/],
    ['QUANTILE without numeric column', { columns: ['smoker'], allowedAggregations: ['QUANTILE'] }, 'allowedAggregations', /QUANTILE/],
    ['HISTOGRAM over TEXT/DATE only', { columns: ['notes', 'visited'], allowedAggregations: ['HISTOGRAM'] }, 'allowedAggregations', /HISTOGRAM/],
    ['zero budget', { epsilonBudget: 0 }, 'epsilonBudget', /above 0/],
    ['negative budget', { epsilonBudget: -1 }, 'epsilonBudget', /above 0/],
    ['NaN budget', { epsilonBudget: NaN }, 'epsilonBudget', /above 0/],
    ['infinite budget', { epsilonBudget: Infinity }, 'epsilonBudget', /above 0/],
    ['budget over the platform cap', { epsilonBudget: 100.5, epsilonPerQueryMax: 1 }, 'epsilonBudget', /at most 100/],
    ['zero per-query max', { epsilonPerQueryMax: 0 }, 'epsilonPerQueryMax', /above 0/],
    ['per-query max over the platform cap', { epsilonBudget: 50, epsilonPerQueryMax: 11 }, 'epsilonPerQueryMax', /at most 10/],
    ['per-query max over the budget', { epsilonBudget: 1, epsilonPerQueryMax: 1.5 }, 'epsilonPerQueryMax', /cannot exceed/],
    ['negative delta', { delta: -1e-9 }, 'delta', /delta/],
    ['delta over 1e-5', { delta: 2e-5 }, 'delta', /delta/],
    ['unknown period', { budgetPeriod: 'HOURLY' as never }, 'budgetPeriod', /period/],
    ['negative suppressBelow', { suppressBelow: -1 }, 'suppressBelow', /suppressBelow/],
    ['expiry in the past', { expiresAt: new Date('2025-06-01T11:59:59Z') }, 'expiresAt', /future/],
    ['expiry now', { expiresAt: now }, 'expiresAt', /future/],
    ['invalid expiry', { expiresAt: new Date('nope') }, 'expiresAt', /valid date/],
  ])('refuses %s', (_, change, field, message) => {
    const r = refusal(change);
    expect(r).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(r.message).toMatch(message);
  });

  it.each<[string, Partial<GrantTerms>]>([
    ['COUNT and COUNT_DISTINCT_UNITS on any columns', { columns: ['notes'], allowedAggregations: ['COUNT', 'COUNT_DISTINCT_UNITS'] }],
    ['HISTOGRAM over BOOLEAN', { columns: ['smoker'], allowedAggregations: ['HISTOGRAM'] }],
    ['HISTOGRAM over CATEGORY', { columns: ['region'], allowedAggregations: ['HISTOGRAM'] }],
    ['everything with a numeric column', { columns: ['age'], allowedAggregations: ['COUNT', 'SUM', 'MEAN', 'QUANTILE', 'HISTOGRAM'] }],
    ['per-query max equal to the budget and the caps', { epsilonBudget: 10, epsilonPerQueryMax: 10 }],
    ['budget at the cap', { epsilonBudget: 100, epsilonPerQueryMax: 10 }],
    ['delta at 1e-5', { delta: 1e-5 }],
    ['suppressBelow 0', { suppressBelow: 0 }],
    ['a future expiry', { expiresAt: new Date('2025-06-01T12:00:01Z') }],
  ])('accepts %s', (_, change) => {
    expect(() => validateGrantTerms({ ...base, ...change }, columns, caps, now)).not.toThrow();
  });

  it('applies lower platform caps from the configuration', () => {
    expect(() => validateGrantTerms({ ...base, epsilonBudget: 3, epsilonPerQueryMax: 1 }, columns, { maxEpsilonBudget: 2, maxEpsilonPerQuery: 1 }, now)).toThrow(
      /at most 2/,
    );
  });
});

describe('amendTerms', () => {
  const current = { epsilonBudget: 2, epsilonPerQueryMax: 1, deltaBudget: 0, expiresAt: null, suppressBelow: null };

  it('keeps before and after of the named terms only', () => {
    const r = amendTerms(current, { epsilonBudget: 3, suppressBelow: 5 }, caps, now);
    expect(r.next).toEqual({ epsilonBudget: 3, epsilonPerQueryMax: 1, deltaBudget: 0, expiresAt: null, suppressBelow: 5 });
    expect(r.before).toEqual({ epsilonBudget: 2, suppressBelow: null });
    expect(r.after).toEqual({ epsilonBudget: 3, suppressBelow: 5 });
  });

  it('refuses an amendment that names nothing', () => {
    expect(() => amendTerms(current, {}, caps, now)).toThrow(/at least one term/);
  });

  it('validates the terms as a whole: a lower budget must still hold the per-query maximum', () => {
    expect(() => amendTerms(current, { epsilonBudget: 0.5 }, caps, now)).toThrow(/cannot exceed epsilonBudget/);
    expect(() => amendTerms(current, { epsilonPerQueryMax: 11 }, caps, now)).toThrow(/at most 10/);
    expect(() => amendTerms(current, { epsilonBudget: 101 }, caps, now)).toThrow(/at most 100/);
    expect(() => amendTerms(current, { suppressBelow: 1.5 }, caps, now)).toThrow(/whole number/);
    expect(() => amendTerms(current, { expiresAt: new Date('2020-01-01T00:00:00Z') }, caps, now)).toThrow(/future/);
  });
});
