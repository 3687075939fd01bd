import { AggregateFunction } from '../agreements/aggregate-function';
import type { AggregateQueryInput } from './aggregate-query.input';
import { planQuery } from './noise-planner';
import { queryFingerprint } from './query-fingerprint';
import { validateQuery } from './query-validator';
import { agreement, dataset } from './testing/query-fixtures';
import { checkWorkBound } from './work-bound';

const SECRET = 'k'.repeat(32);
const input = (extra: Partial<AggregateQueryInput> = {}): AggregateQueryInput =>
  ({ agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }], ...extra }) as AggregateQueryInput;
const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { extensions: Record<string, unknown>; code: string };
  }
  throw new Error('expected a refusal');
};

describe('the δ of a query', () => {
  it("defaults to the agreement's δ under partition selection, and is part of the cache key", () => {
    const full = validateQuery(input({ groupBy: ['city'] }), agreement, dataset);
    const half = validateQuery(input({ groupBy: ['city'], delta: 5e-7 }), agreement, dataset);
    expect(full.normalized.delta).toBe(1e-6);
    expect(full.delta).toBe(1e-6);
    expect(half.normalized.delta).toBe(5e-7);
    expect(queryFingerprint(SECRET, full.normalized)).not.toBe(queryFingerprint(SECRET, half.normalized));
  });

  it('is 0 without partition selection, whatever was named, so the cache key does not change', () => {
    const plain = validateQuery(input({ groupBy: ['dept'] }), agreement, dataset);
    const named = validateQuery(input({ groupBy: ['dept'], delta: 1e-6 }), agreement, dataset);
    expect(named.normalized.delta).toBe(0);
    expect(queryFingerprint(SECRET, plain.normalized)).toBe(queryFingerprint(SECRET, named.normalized));
  });

  it.each([
    ['above the agreement', 2e-6, ['city']],
    ['zero with selection', 0, ['city']],
    ['negative', -1e-7, ['dept']],
    ['not finite', Number.POSITIVE_INFINITY, ['dept']],
  ])('refuses a δ %s with BAD_USER_INPUT on field delta', (_name, delta, groupBy) => {
    const e = errorOf(() => validateQuery(input({ groupBy, delta }), agreement, dataset));
    expect([e.code, e.extensions.field]).toEqual(['BAD_USER_INPUT', 'delta']);
  });
});

describe('checkWorkBound', () => {
  const limits = { maxReleasedValues: 100, maxSelectionCandidates: 10 };
  const histogram = (edges: number) => ({ function: AggregateFunction.HISTOGRAM, column: 'amount', bins: Array.from({ length: edges }, (_, i) => i) });

  it('counts groups × values per group, a HISTOGRAM bin being one value', () => {
    // dept has 2 categories and is nullable: 3 groups; flag is not nullable: 2 → 6 groups.
    const ok = validateQuery(input({ aggregations: [histogram(17)], groupBy: ['dept', 'flag'] }), agreement, dataset);
    expect(() => checkWorkBound(ok, planQuery(ok), limits)).not.toThrow(); // 6 × 16 = 96
    const over = validateQuery(input({ aggregations: [histogram(17), { function: AggregateFunction.COUNT }], groupBy: ['dept', 'flag'] }), agreement, dataset);
    const e = errorOf(() => checkWorkBound(over, planQuery(over), limits)); // 6 × 17 = 102
    expect([e.code, e.extensions.releasedValues]).toEqual(['QUERY_TOO_COMPLEX', 102]);
  });

  it('bounds partition selection by the public candidate cap', () => {
    const q = validateQuery(input({ aggregations: [histogram(12)], groupBy: ['city'] }), agreement, dataset);
    const e = errorOf(() => checkWorkBound(q, planQuery(q), limits)); // 10 × 11
    expect(e.extensions.releasedValues).toBe(110);
  });
});
