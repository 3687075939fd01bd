import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld } from '../support/fixtures';
import { createDataset, ingestCsv } from './dataset-support';

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

  it('are zeros and nulls for an upload without rows or a column without values', async () => {
    const id = await createDataset(t, token, { name: 'stats_empty', columns });
    expect(report(await ingestCsv(t, token, id, 's,n\n')).columnStats.n).toEqual({ nulls: 0, distinct: 0, clamped: 0, min: null, max: null });
    const r = report(await ingestCsv(t, token, id, 's,n\na,\nb,\n'));
    expect(r.columnStats.n).toEqual({ nulls: 2, distinct: 0, clamped: 0, min: null, max: null });
    expect(r.columnStats.g).toEqual({ nulls: 2, distinct: 0, clamped: 0, min: null, max: null });
  });
});
