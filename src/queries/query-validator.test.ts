import { AggregateFunction } from '../agreements/aggregate-function';
import type { AgreementEntity } from '../agreements/agreement.entity';
import type { DatasetEntity } from '../datasets/dataset.entity';
import type { AggregateQueryInput } from './aggregate-query.input';
import { FilterOp } from './filter-op';
import { queryFingerprint } from './query-fingerprint';
import { validateQuery } from './query-validator';
import { agreement, dataset } from './testing/query-fixtures';

const input = (extra: Partial<AggregateQueryInput> = {}): AggregateQueryInput =>
  ({ agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }], ...extra }) as AggregateQueryInput;

describe('validateQuery', () => {
  it('normalizes aggregations and filters into one order, keeping group-by order', () => {
    const a = validateQuery(
      input({
        aggregations: [{ function: AggregateFunction.SUM, column: 'amount' }, { function: AggregateFunction.COUNT }],
        filters: [
          { column: 'amount', op: FilterOp.GE, value: ' 007' },
          { column: 'flag', op: FilterOp.EQ, value: 'YES' },
          { column: 'dept', op: FilterOp.IN, values: ['b', 'a', 'b'] },
        ],
        groupBy: ['dept', 'flag'],
      }),
      agreement,
      dataset,
    );
    const b = validateQuery(
      input({
        aggregations: [{ function: AggregateFunction.COUNT }, { function: AggregateFunction.SUM, column: 'amount', quantile: null }],
        filters: [
          { column: 'dept', op: FilterOp.IN, values: ['a', 'b'] },
          { column: 'flag', op: FilterOp.EQ, value: 'true' },
          { column: 'amount', op: FilterOp.GE, value: '7' },
        ],
        groupBy: ['dept', 'flag'],
      }),
      agreement,
      dataset,
    );
    expect(a.normalized).toEqual(b.normalized);
    expect(queryFingerprint('k'.repeat(32), a.normalized)).toBe(queryFingerprint('k'.repeat(32), b.normalized));
    expect(a.requestOrder).toEqual([b.requestOrder[1], b.requestOrder[0]]);
    const swapped = validateQuery(input({ groupBy: ['flag', 'dept'] }), agreement, dataset);
    expect(queryFingerprint('k'.repeat(32), swapped.normalized)).not.toBe(queryFingerprint('k'.repeat(32), a.normalized));
  });

  it('releases every declared key of a public group-by, null included when nullable', () => {
    const q = validateQuery(input({ groupBy: ['dept', 'flag'] }), agreement, dataset);
    expect(q.groupKeys).toEqual({
      kind: 'public',
      keys: [['a', 'true'], ['a', 'false'], ['b', 'true'], ['b', 'false'], [null, 'true'], [null, 'false']],
    });
    expect(validateQuery(input({ groupBy: ['city'] }), agreement, dataset).groupKeys).toEqual({ kind: 'selected' });
    expect(validateQuery(input({ groupBy: ['day'] }), agreement, dataset).groupKeys).toEqual({ kind: 'selected' });
  });

  it('uses the dataset contribution bound, or 1 when each row is a person', () => {
    expect(validateQuery(input(), agreement, dataset).contributionBound).toBe(2);
    const perRow = { ...dataset, privacyUnitColumn: null } as DatasetEntity;
    expect(validateQuery(input(), agreement, perRow).contributionBound).toBe(1);
  });

  it.each([
    [{ epsilon: Number.NaN }, 'BAD_USER_INPUT'],
    [{ epsilon: Number.POSITIVE_INFINITY }, 'BAD_USER_INPUT'],
    [{ epsilon: 0.000999 }, 'BAD_USER_INPUT'],
    [{ epsilon: 1.000001 }, 'BAD_USER_INPUT'],
    [{ groupBy: ['person'] }, 'BAD_USER_INPUT'],
    [{ groupBy: ['score'] }, 'BAD_USER_INPUT'],
    [{ filters: [{ column: 'amount', op: FilterOp.EQ, value: '9223372036854775808' }] }, 'BAD_USER_INPUT'],
    [{ filters: [{ column: 'score', op: FilterOp.EQ, value: 'Infinity' }] }, 'BAD_USER_INPUT'],
    [{ filters: [{ column: 'flag', op: FilterOp.EQ, value: 'maybe' }] }, 'BAD_USER_INPUT'],
    [{ filters: [{ column: 'day', op: FilterOp.EQ, value: '2023-02-29' }] }, 'BAD_USER_INPUT'],
    [{ filters: [{ column: 'city', op: FilterOp.IN, values: Array.from({ length: 1001 }, (_, i) => String(i)) }] }, 'BAD_USER_INPUT'],
    [{ aggregations: [{ function: AggregateFunction.HISTOGRAM, column: 'amount', bins: [0, Number.NaN] }] }, 'BAD_USER_INPUT'],
    [{ aggregations: [{ function: AggregateFunction.HISTOGRAM, column: 'dept', bins: [0, 1] }] }, 'BAD_USER_INPUT'],
    [{ aggregations: [{ function: AggregateFunction.QUANTILE, column: 'amount', quantile: 0 }] }, 'BAD_USER_INPUT'],
    [{ aggregations: [{ function: AggregateFunction.MEAN, column: 'day' }] }, 'BAD_USER_INPUT'],
  ])('refuses %j', (extra, code) => {
    expect(() => validateQuery(input(extra as Partial<AggregateQueryInput>), agreement, dataset)).toThrow(expect.objectContaining({ code }));
  });

  it('accepts any value of the column type, inside the bounds or not', () => {
    const q = validateQuery(input({ filters: [{ column: 'amount', op: FilterOp.GT, value: '-5000' }] }), agreement, dataset);
    expect(q.normalized.filters[0]!.values).toEqual(['-5000']);
  });

  it('refuses TEXT group-bys when the agreement has no delta', () => {
    const noDelta = { ...agreement, delta: 0 } as AgreementEntity;
    expect(() => validateQuery(input({ groupBy: ['city'] }), noDelta, dataset)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
