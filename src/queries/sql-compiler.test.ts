import { AggregateFunction } from '../agreements/aggregate-function';
import type { AggregateQueryInput } from './aggregate-query.input';
import { FilterOp } from './filter-op';
import { validateQuery } from './query-validator';
import { agreement, dataset } from './testing/query-fixtures';
import { quoteIdent } from '../datasets/dataset-definition';
import { compileQuery } from './sql-compiler';
import type { DatasetEntity } from '../datasets/dataset.entity';

const compile = (extra: Partial<AggregateQueryInput>, ds: DatasetEntity = dataset) =>
  compileQuery(validateQuery({ agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }], ...extra } as AggregateQueryInput, agreement, ds), '1234567');

describe('compileQuery', () => {
  it('binds every value and quotes every identifier', () => {
    const c = compile({
      aggregations: [{ function: AggregateFunction.SUM, column: 'amount' }, { function: AggregateFunction.MEAN, column: 'score' }],
      filters: [
        { column: 'city', op: FilterOp.EQ, value: "O'Brien\"; DROP TABLE x; --" },
        { column: 'day', op: FilterOp.IN, values: ['2024-01-02', '2024-01-01'] },
      ],
      groupBy: ['dept'],
    });
    expect(c.sql).not.toContain('Brien');
    expect(c.sql).not.toContain('2024');
    expect(c.params).toContain("O'Brien\"; DROP TABLE x; --");
    expect(c.params).toContainEqual(['2024-01-01', '2024-01-02']);
    expect(c.sql).toContain('FROM parley_data."ds_1"');
    expect(c.sql).toContain('"city" = $');
    // Bounded by the rank fixed at ingest: a filter, no sort, no seed.
    expect(c.sql).toMatch(/"_unit_rank" <= \$\d+::integer/);
    expect(c.sql).not.toContain('ROW_NUMBER');
    expect(c.params).not.toContain('1234567');
    expect(c.sql).toMatch(/LEAST\(GREATEST\(c\d, \$\d+::bigint\), \$\d+::bigint\)/);
    expect(c.sql).toMatch(/LEAST\(GREATEST\(c\d::double precision, \$\d+::double precision\), \$\d+::double precision\)/);
    expect(c.params).toContain(2);
    expect(c.keyCount).toBe(1);
    expect((c.sql.match(/\$\d+/g) ?? []).length).toBe(c.params.length);
  });

  it('ranks at query time, with a bound seed, rows that carry no ingest rank', () => {
    const q = validateQuery({ agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }] } as AggregateQueryInput, agreement, dataset);
    const c = compileQuery({ ...q, unitRanked: false }, '1234567');
    expect(c.sql).toMatch(/ROW_NUMBER\(\) OVER \(PARTITION BY "person" ORDER BY hashtextextended\(ctid::text, \$\d+::bigint\)\)/);
    expect(c.sql).not.toContain('_unit_rank');
    expect(c.params).toContain('1234567');
    expect((c.sql.match(/\$\d+/g) ?? []).length).toBe(c.params.length);
  });

  it('skips contribution bounding when each row is one person', () => {
    const c = compile({}, { ...dataset, privacyUnitColumn: null } as DatasetEntity);
    expect(c.sql).not.toContain('ROW_NUMBER');
    expect(c.sql).not.toContain('_unit_rank');
  });

  it('escapes quotes inside identifiers', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it('computes quantile bucket counts with width_bucket over the clamped range', () => {
    const c = compile({ aggregations: [{ function: AggregateFunction.QUANTILE, column: 'amount', quantile: 0.5 }], groupBy: ['dept'] });
    expect(c.sql).toContain('width_bucket(');
    expect(c.sql).toContain('json_object_agg(b, n)');
    expect(c.sql).toContain('m.k0 IS NOT DISTINCT FROM q0.k0');
  });

  it('counts distinct units per partition for a TEXT group-by', () => {
    expect(compile({ groupBy: ['city'] }).sql).toContain('count(DISTINCT u) AS pu');
  });
});
