import { AggregateFunction } from '../agreements/aggregate-function';
import type { AgreementEntity } from '../agreements/agreement.entity';
import type { DatasetEntity } from '../datasets/dataset.entity';
import type { AggregateQueryInput } from './aggregate-query.input';
import { FilterOp } from './filter-op';
import { heldDomainColumns, validateJoin } from './join-validator';
import { queryFingerprint } from './query-fingerprint';
import { validateQuery } from './query-validator';
import { compileQuery } from './sql-compiler';
import { agreement as plainAgreement, dataset } from './testing/query-fixtures';

const agreement = { ...plainAgreement, joinColumns: ['person'] } as AgreementEntity;
const own = {
  id: 'own',
  version: 7,
  tableName: 'ds_own',
  privacyUnitColumn: null,
  maxRowsPerUnit: 1,
  ownerOrganizationId: 'partner',
  columns: [
    { name: 'cust', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false, lowerBound: null, upperBound: null, categories: null },
    { name: 'segment', type: 'CATEGORY', sensitivity: 'PUBLIC', nullable: false, lowerBound: null, upperBound: null, categories: ['gold', 'silver'] },
    { name: 'region', type: 'TEXT', sensitivity: 'PUBLIC', nullable: true, lowerBound: null, upperBound: null, categories: null },
    { name: 'spend', type: 'INTEGER', sensitivity: 'SENSITIVE', nullable: true, lowerBound: 0, upperBound: 1000, categories: null },
  ],
} as unknown as DatasetEntity;
const joinInput = { datasetId: 'own', alias: 'c', on: 'person', otherOn: 'cust' };

function validated(extra: Partial<AggregateQueryInput>, domains: Record<string, (string | null)[]> = {}, shared: DatasetEntity = dataset) {
  const input = { agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }], join: joinInput, ...extra } as AggregateQueryInput;
  const join = validateJoin(input.join!, agreement, shared, own);
  return validateQuery(input, agreement, shared, { ...join, domains: new Map(Object.entries(domains)) });
}

describe('the join path of the compiler', () => {
  it('bounds contribution over the joined rows: ROW_NUMBER per shared unit, in the statement that joins', () => {
    const c = compileQuery(
      validated({
        aggregations: [{ function: AggregateFunction.SUM, column: 'c.spend' }],
        filters: [
          { column: 'dept', op: FilterOp.EQ, value: 'a' },
          { column: 'c.spend', op: FilterOp.GE, value: '10' },
        ],
        groupBy: ['c.segment'],
      }),
      '99',
    );
    const joined = /FROM parley_data\."ds_1" s JOIN parley_data\."ds_own" j ON j\."cust" = s\."person" WHERE/;
    expect(c.sql).toMatch(joined);
    expect(c.sql).toMatch(/ROW_NUMBER\(\) OVER \(PARTITION BY s\."person" ORDER BY hashtextextended\(s\.ctid::text \|\| '\/' \|\| j\.ctid::text, \$\d+::bigint\)\) AS rn FROM parley_data\."ds_1" s JOIN/);
    expect(c.sql).toMatch(/\) r WHERE r\.rn <= \$\d+::integer/);
    expect(c.sql).toContain('s."dept" = $');
    expect(c.sql).toContain('j."spend" >= $');
    expect(c.sql).toContain('j."segment" AS k0');
    expect(c.sql).toContain('j."spend" AS c0');
    expect(c.sql).toContain('s."person" IS NOT NULL');
    expect(c.params).toEqual(expect.arrayContaining(['a', '10', '99', 2]));
    expect((c.sql.match(/\$\d+/g) ?? []).length).toBe(c.params.length);
  });

  it('bounds each shared row to one joined row when the shared dataset has no unit column', () => {
    const c = compileQuery(validated({}, {}, { ...dataset, privacyUnitColumn: null } as DatasetEntity), '1');
    expect(c.sql).toContain('PARTITION BY s.ctid');
    expect(c.params).toContain(1);
  });
});

describe('validating a join', () => {
  it('takes keys of a joined column from the joined dataset: declared categories, or the values it holds', () => {
    const q = validated({ groupBy: ['c.segment', 'c.region'] }, { 'c.region': ['east', 'west', null] });
    expect(q.groupKeys).toEqual({
      kind: 'public',
      keys: [['gold', 'east'], ['gold', 'west'], ['gold', null], ['silver', 'east'], ['silver', 'west'], ['silver', null]],
    });
    expect(heldDomainColumns(['c.segment', 'c.region', 'c.cust', 'dept'], validateJoin(joinInput, agreement, dataset, own)).map((c) => c.name)).toEqual(['c.region']);
  });

  it('refuses more keys than the group cap', () => {
    const many = Array.from({ length: 5001 }, (_, i) => `r${i}`);
    expect(() => validated({ groupBy: ['c.segment', 'c.region'] }, { 'c.region': many })).toThrow(/at most 10000/);
  });

  it('puts the join, with the joined dataset’s version, in the cache key, and leaves other queries’ keys as they were', () => {
    const q = validated({});
    expect(q.normalized.join).toEqual({ datasetId: 'own', datasetVersion: 7, alias: 'c', on: 'person', otherOn: 'cust' });
    const bumped = validateQuery(
      { agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }], join: joinInput } as AggregateQueryInput,
      agreement,
      dataset,
      { ...validateJoin(joinInput, agreement, dataset, { ...own, version: 8 } as DatasetEntity), domains: new Map() },
    );
    expect(queryFingerprint('s', bumped.normalized)).not.toBe(queryFingerprint('s', q.normalized));
    const plain = validateQuery({ agreementId: 'agr', epsilon: 0.5, aggregations: [{ function: AggregateFunction.COUNT }] } as AggregateQueryInput, agreement, dataset);
    expect('join' in plain.normalized).toBe(false);
    expect(plain.join).toBeNull();
  });

  it('answers FORBIDDEN for a join column outside joinColumns and BAD_USER_INPUT for a malformed join', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'none';
    };
    expect(code(() => validateJoin({ ...joinInput, on: 'city' }, agreement, dataset, own))).toBe('FORBIDDEN');
    expect(code(() => validateJoin(joinInput, plainAgreement, dataset, own))).toBe('FORBIDDEN');
    expect(code(() => validateJoin({ ...joinInput, alias: '1c' }, agreement, dataset, own))).toBe('BAD_USER_INPUT');
    expect(code(() => validateJoin({ ...joinInput, otherOn: 'region' }, agreement, dataset, own))).toBe('BAD_USER_INPUT');
    expect(code(() => validated({ aggregations: [{ function: AggregateFunction.HISTOGRAM, column: 'c.cust' }] }))).toBe('BAD_USER_INPUT');
  });
});
