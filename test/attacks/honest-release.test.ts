import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createQueryWorld, grantOn, query, type QueryWorld } from '../queries/query-support';

/**
 * Attacks on what a release says about itself, performed as a partner would, over HTTP.
 *
 * 1. Empty groups (a NULL key no row has, a declared category nobody is in) used to come back
 *    with negative counts: a value that cannot be true, which an analyst then has to second-guess.
 *    Every count-like value is clamped at 0 and every MEAN into the column bounds, as post-processing.
 * 2. MEAN's noise used to be scaled to max(|L|, |U|). Centred on the bounds' midpoint it is scaled
 *    to (U − L)/2: for bounds [100, 200] four times less sum noise, and the count's noise is
 *    multiplied by the centred mean instead of the mean. errorBound95 must show it.
 */
describe('attack: impossible values and overstated error in releases', () => {
  let t: TestApp;
  let w: QueryWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
  });
  afterAll(() => t.close());

  describe('empty and NULL groups', () => {
    let agreementId: string;
    beforeAll(async () => {
      agreementId = await grantOn(t, w);
    });

    it('never releases a negative count or a MEAN outside the bounds, whatever the noise', async () => {
      // dept × flag: d is empty and no row has a NULL flag, so 6 of the 12 declared keys hold no row.
      // Before clamping, the 72 count-like values of those groups were each negative with
      // probability ≈ 0.47: all of them non-negative by chance had probability below 1e-19.
      const res = ok(
        await query(t, w.analyst, {
          agreementId,
          epsilon: 1,
          aggregations: [
            { function: 'COUNT' },
            { function: 'COUNT_DISTINCT_UNITS' },
            { function: 'HISTOGRAM', column: 'amount', bins: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
            { function: 'MEAN', column: 'amount' },
          ],
          groupBy: ['dept', 'flag'],
        }),
      ).privateAggregate;
      expect(res.groups).toHaveLength(12);
      const empty = res.groups.filter((g: any) => g.key[0] === 'd' || g.key[1] === null);
      expect(empty).toHaveLength(6);
      for (const g of res.groups) {
        for (const v of g.values) {
          if (v.function === 'MEAN') {
            expect(v.value).toBeGreaterThanOrEqual(0);
            expect(v.value).toBeLessThanOrEqual(100);
            expect(v.mechanism).toMatch(/clamped to \[0, 100\] \(post-processing\)/);
          } else {
            expect(v.value).toBeGreaterThanOrEqual(0);
            expect(v.mechanism).toMatch(/clamped at 0 \(post-processing\)$/);
          }
        }
      }
    });

    it('keeps QUANTILE inside the bounds and says so', async () => {
      const res = ok(
        await query(t, w.analyst, {
          agreementId,
          epsilon: 0.5,
          aggregations: [{ function: 'QUANTILE', column: 'score', quantile: 0.9 }],
          groupBy: ['dept'],
        }),
      ).privateAggregate;
      for (const g of res.groups) {
        const v = g.values[0];
        expect(v.value).toBeGreaterThanOrEqual(0);
        expect(v.value).toBeLessThanOrEqual(1);
        expect(v.mechanism).toMatch(/inside \[0, 1\]/);
      }
    });
  });

  describe('MEAN over [100, 200]', () => {
    let agreementId: string;
    const PEOPLE = 1008; // 48 cycles of 140..160: the true mean is exactly 150
    beforeAll(async () => {
      const admin = w.users.ownerAdmin.token;
      const input = {
        name: 'readings',
        privacyUnitColumn: 'person',
        maxRowsPerUnit: 1,
        columns: [
          { name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
          { name: 'reading', type: 'INTEGER', lowerBound: 100, upperBound: 200 },
        ],
      };
      const datasetId = ok<{ createDataset: { id: string } }>(
        await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: input }, admin),
      ).createDataset.id;
      const csv = ['person,reading', ...Array.from({ length: PEOPLE }, (_, i) => `p${i},${140 + (i % 21)}`)].join('\n') + '\n';
      ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c, strict: true) { rowsAccepted } }', { d: datasetId, c: csv }, admin));
      agreementId = await grantOn(t, { ...w, datasetId }, { columns: ['reading'], allowedAggregations: ['MEAN'] });
    });

    it('states the centred sensitivity and an errorBound95 from (U − L)/2, not max(|L|, |U|)', async () => {
      const res = ok(
        await query(t, w.analyst, { agreementId, epsilon: 1, aggregations: [{ function: 'MEAN', column: 'reading' }] }),
      ).privateAggregate;
      const v = res.groups[0].values[0];
      expect(v.mechanism).toMatch(/^discrete-laplace-ratio\(150 \+ noisy sum of \(x − 150\) \/ noisy count/);
      expect(v.mechanism).toMatch(/centred sum \(sensitivity=50\)/);
      // Centred: sum noise DLap(100) (97.5% radius ≈ 369), count noise DLap(2) (≈ 7), C ≈ 1008 and the
      // centred sum near 0, so errorBound95 ≈ 369/1000 ≈ 0.37. Except with probability < 1e-9 both noises
      // stay within 21 scales (|S'| ≤ 2100, |C' − 1008| ≤ 42), which keeps errorBound95 below 0.42 and the
      // value within 2.3 of 150. The old max(|L|, |U|) sensitivity (sum noise DLap(400), count noise
      // multiplied by the mean 150) gave errorBound95 ≈ 2.6.
      expect(v.errorBound95).toBeLessThan(0.45);
      expect(Math.abs(v.value - 150)).toBeLessThan(2.5);
    });
  });
});
