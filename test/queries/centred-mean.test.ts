import { AggregateFunction } from '../../src/agreements/aggregate-function';
import type { AgreementEntity } from '../../src/agreements/agreement.entity';
import { DatasetStore } from '../../src/datasets/dataset.store';
import { validateQuery } from '../../src/queries/query-validator';
import { compileQuery } from '../../src/queries/sql-compiler';
import { startTestApp, type TestApp } from '../support/test-app';
import { createQueryWorld, visitRows, type QueryWorld } from './query-support';

/**
 * The statement computes what the centred MEAN's sensitivity proof assumes: per group, the exact
 * sum of (clamped value − (L + U)/2) and the count of non-null values, for an INTEGER column with a
 * whole midpoint (amount, [0, 100]) and a FLOAT column (score, [0, 1]). Contribution bounding is
 * lifted (m = 1000) so that every row counts and the truth is known.
 */
describe('the centred sum of MEAN, computed by the database', () => {
  let t: TestApp;
  let w: QueryWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
  });
  afterAll(() => t.close());

  it('sums x − mid exactly for integer and float columns', async () => {
    const dataset = (await new DatasetStore().findById(t.services.dataSource.manager, w.datasetId))!;
    const agreement = {
      id: '00000000-0000-4000-8000-000000000002',
      ownerOrganizationId: dataset.ownerOrganizationId,
      columns: ['dept', 'amount', 'score'],
      allowedAggregations: [AggregateFunction.MEAN],
      epsilonPerQueryMax: 1,
      delta: 0,
      suppressBelow: null,
    } as unknown as AgreementEntity;
    const q = validateQuery(
      {
        agreementId: agreement.id,
        epsilon: 1,
        aggregations: [
          { function: AggregateFunction.MEAN, column: 'amount' },
          { function: AggregateFunction.MEAN, column: 'score' },
        ],
        groupBy: ['dept'],
      },
      agreement,
      dataset,
    );
    const compiled = compileQuery({ ...q, contributionBound: 1000 }, '42');
    const rows: Record<string, unknown>[] = await t.services.dataSource.query(compiled.sql, compiled.params);
    for (const dept of ['a', 'b', 'c']) {
      const own = visitRows().filter((r) => r.dept === dept);
      const row = rows.find((r) => r.k0 === dept)!;
      const amountIndex = q.normalized.aggregations.findIndex((a) => a.column === 'amount');
      const scoreIndex = 1 - amountIndex;
      // Integers: exact. Floats: the database sums in numeric; the JavaScript sum differs only by rounding.
      expect(Number(row[`a${amountIndex}_s`])).toBe(own.reduce((s, r) => s + (r.amount - 50), 0));
      expect(Number(row[`a${amountIndex}_n`])).toBe(own.length);
      expect(Number(row[`a${scoreIndex}_s`])).toBeCloseTo(own.reduce((s, r) => s + (r.score - 0.5), 0), 9);
      expect(Number(row[`a${scoreIndex}_n`])).toBe(own.length);
    }
  });
});
