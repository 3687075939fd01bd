import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld } from '../support/fixtures';
import { PATIENTS, createDataset, ingestCsv } from './dataset-support';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  token = (await createWorld(t)).users.ownerAdmin.token;
});
afterAll(() => t.close());

const report = (r: Awaited<ReturnType<typeof ingestCsv>>) => ok<{ ingestCsv: Record<string, any> }>(r).ingestCsv;

describe('column statistics', () => {
  // Column names that match names a statistics query might use for its own helper columns.
  const columns = [
    { name: 's', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
    { name: 'n', type: 'INTEGER', lowerBound: 0, upperBound: 10 },
    { name: 'd', type: 'FLOAT', lowerBound: -1, upperBound: 1 },
    { name: 'g', type: 'DATE' },
    { name: 'nn', type: 'BOOLEAN' },
    { name: 'lo1', type: 'TEXT' },
  ];

  it('are exact over the deduplicated rows, whatever the columns are called', async () => {
    const id = await createDataset(t, token, { name: 'stats_names', columns });
    const csv = ['s,n,d,g,nn,lo1', 'a,1,0.5,2024-01-02,yes,x', 'a,1,0.5,2024-01-02,yes,x', 'b,,-3,,no,', 'c,12,,2023-12-31,,x', 'a,2,,,,'].join('\n');
    const r = report(await ingestCsv(t, token, id, csv));
    expect(r).toMatchObject({ rowsReceived: 5, rowsAccepted: 4, duplicatesRemoved: 1, valuesClamped: 2 });
    expect(r.columnStats).toEqual({
      s: { nulls: 0, distinct: 3, clamped: 0 },
      n: { nulls: 1, distinct: 3, clamped: 1, min: 1, max: 10 },
      d: { nulls: 2, distinct: 2, clamped: 1, min: -1, max: 0.5 },
      g: { nulls: 2, distinct: 2, clamped: 0, min: '2023-12-31', max: '2024-01-02' },
      nn: { nulls: 2, distinct: 2, clamped: 0 },
      lo1: { nulls: 2, distinct: 1, clamped: 0 },
    });
  });

  it('are the same with those names as the privacy unit and beside it (the ranked path)', async () => {
    const id = await createDataset(t, token, { name: 'stats_names_unit', columns, privacyUnitColumn: 's', maxRowsPerUnit: 2 });
    const csv = ['s,n,d,g,nn,lo1', 'a,1,0.5,2024-01-02,yes,x', 'a,1,0.5,2024-01-02,yes,x', 'b,,-3,,no,', 'c,12,,2023-12-31,,x', 'a,2,,,,'].join('\n');
    const r = report(await ingestCsv(t, token, id, csv, 'REPLACE'));
    expect(r).toMatchObject({ rowsReceived: 5, rowsAccepted: 4, duplicatesRemoved: 1 });
    expect(r.columnStats.s).toEqual({ nulls: 0, distinct: 3, clamped: 0 });
    expect(r.columnStats.d).toEqual({ nulls: 2, distinct: 2, clamped: 1, min: -1, max: 0.5 });
  });

  it('are zeros and nulls for an upload without rows or a column without values', async () => {
    const id = await createDataset(t, token, { name: 'stats_empty', columns });
    expect(report(await ingestCsv(t, token, id, 's,n\n')).columnStats.n).toEqual({ nulls: 0, distinct: 0, clamped: 0, min: null, max: null });
    const r = report(await ingestCsv(t, token, id, 's,n\na,\nb,\n'));
    expect(r.columnStats.n).toEqual({ nulls: 2, distinct: 0, clamped: 0, min: null, max: null });
    expect(r.columnStats.g).toEqual({ nulls: 2, distinct: 0, clamped: 0, min: null, max: null });
  });

  it('are exact for many values, with a privacy unit, in REPLACE and in APPEND (counted over the upload only)', async () => {
    const id = await createDataset(t, token, { ...PATIENTS, name: 'stats_many' });
    // 3,000 rows over 700 people; columns of every cardinality, nulls, and 100 exact duplicates.
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const j = i % 2900; // rows 2900..2999 repeat rows 0..99
      return [`p${(j * 7) % 700}`, j % 5 === 0 ? '' : String(j % 101), j % 3 === 0 ? '' : String((j * 37) % 1000), ['yes', 'no', ''][j % 3], ['north', 'south'][j % 2], `n${j % 1500}`, `2024-01-${String(1 + (j % 28)).padStart(2, '0')}`];
    });
    const csv = (r: string[][]) => ['patient_id,age,cost,smoker,region,note,visited', ...r.map((x) => x.join(','))].join('\n');
    const unique = rows.slice(0, 2900);
    const expected = (r: string[][]) => {
      const column = (k: number) => r.map((x) => x[k]!);
      const nonNull = (k: number) => column(k).filter((v) => v !== '');
      const distinct = (k: number) => new Set(nonNull(k)).size;
      return {
        patient_id: { nulls: 0, distinct: distinct(0), clamped: 0 },
        age: { nulls: r.length - nonNull(1).length, distinct: distinct(1), clamped: nonNull(1).filter((v) => Number(v) > 100).length },
        cost: { nulls: r.length - nonNull(2).length, distinct: distinct(2), clamped: 0 },
        smoker: { nulls: r.length - nonNull(3).length, distinct: distinct(3), clamped: 0 },
        region: { nulls: 0, distinct: distinct(4), clamped: 0 },
        note: { nulls: 0, distinct: distinct(5), clamped: 0 },
        visited: { nulls: 0, distinct: distinct(6), clamped: 0 },
      };
    };
    const replaced = report(await ingestCsv(t, token, id, csv(rows), 'REPLACE'));
    expect(replaced).toMatchObject({ rowsReceived: 3000, rowsAccepted: 2900, duplicatesRemoved: 100 });
    expect(replaced.columnStats).toMatchObject(expected(unique));
    expect(replaced.columnStats.age).toMatchObject({ min: 0, max: 100 });

    // An APPEND of 50 people already there and 50 new ones: the figures are the upload's own.
    const more = Array.from({ length: 100 }, (_, i) => [i < 50 ? `p${i}` : `q${i}`, String(i), '', 'yes', 'north', 'x', '2025-05-05']);
    const appended = report(await ingestCsv(t, token, id, csv(more), 'APPEND'));
    expect(appended.columnStats).toMatchObject(expected(more));
    expect(appended.columnStats.patient_id.distinct).toBe(100);
    expect(appended.columnStats.visited).toMatchObject({ min: '2025-05-05', max: '2025-05-05' });
  });
});
