import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { TEST_SECRET, startTestApp, type TestApp } from '../support/test-app';
import { PATIENTS, createDataset, datasetOf, tableRows } from '../datasets/dataset-support';
import { pseudonymize } from '../../src/datasets/pseudonymizer';

let t: TestApp;
let w: TwoOrgWorld;
beforeAll(async () => {
  // Worker threads whatever the host's cores: pieces must come back in order, lines adding up.
  t = await startTestApp({ PARLEY_INGEST_MAX_RECORD_BYTES: '1000', PARLEY_INGEST_WORKERS: '2' });
  w = await createWorld(t);
});
afterAll(() => t.close());

let n = 0;
const fresh = () => createDataset(t, w.users.ownerAdmin.token, { ...PATIENTS, name: `h${n++}` });

async function put(body: Buffer | string, id?: string, mode = 'APPEND'): Promise<Response> {
  const dataset = id ?? (await fresh());
  return fetch(`${t.url}/v1/datasets/${dataset}/rows?mode=${mode}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${w.users.ownerAdmin.token}`, 'content-type': 'text/csv' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
    signal: AbortSignal.timeout(30_000),
  });
}

async function report(body: Buffer | string, id?: string): Promise<Record<string, any>> {
  const res = await put(body, id);
  const json = (await res.json()) as Record<string, any>;
  expect([res.status, json.error]).toEqual([200, undefined]);
  return json;
}

describe('hostile CSV uploads always get an answer', () => {
  it('a NUL byte and invalid UTF-8 are line errors, the good row is loaded', async () => {
    const body = Buffer.concat([
      Buffer.from('patient_id,age\np1,30\np2\u0000,31\np3,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const r = await report(body);
    expect(r.rowsAccepted).toBe(1);
    expect(r.errors).toEqual([
      { line: 3, column: null, message: 'the row contains a NUL byte' },
      { line: 4, column: null, message: 'the row is not valid UTF-8' },
    ]);
  });

  it('a record over the size cap fails the whole upload with 400', async () => {
    const res = await put(`patient_id,age\np1,30\n"${'x'.repeat(5000)}",3\n`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: 'BAD_USER_INPUT', message: 'malformed CSV at line 3: a record is larger than 1000 characters' });
  });

  it('a quote never closed fails the whole upload with 400, even after loading began, and nothing is stored', async () => {
    const id = await fresh();
    await report('patient_id\nkeep\n', id);
    const rows = Array.from({ length: 20_000 }, (_, i) => `p${i},${i % 90},note ${i}`).join('\n');
    const res = await put(`patient_id,age,note\n${rows}\np,1,"open\n`, id);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^malformed CSV at line 2000[23]: a quoted field is never closed$/);
    expect(await datasetOf(t, w.users.ownerAdmin.token, id)).toMatchObject({ version: 1, rowCount: 1 });
  });

  it('a BOM, CRLF line ends and quoted newlines, commas and quotes are read as RFC 4180 says', async () => {
    const id = await fresh();
    const r = await report('\ufeffpatient_id,note\r\np1,"two\r\nlines, ""quoted"""\r\np2,"lf\nonly"\r\np3,\r\n,after\r\n', id);
    expect(r).toMatchObject({ rowsReceived: 4, rowsAccepted: 3, rowsRejected: 1 });
    expect(r.errors).toEqual([{ line: 7, column: 'patient_id', message: 'a value is required' }]);
    const notes = new Map((await tableRows(t, id)).map((row) => [row.patient_id, row.note]));
    expect(notes.get(pseudonymize(TEST_SECRET, 'p1'))).toBe('two\r\nlines, "quoted"');
    expect(notes.get(pseudonymize(TEST_SECRET, 'p2'))).toBe('lf\nonly');
    expect(notes.get(pseudonymize(TEST_SECRET, 'p3'))).toBeNull();
  });

  it('a header naming a column twice, an unknown column or none at all fails with 400', async () => {
    for (const body of ['patient_id,age,AGE\np,1,2\n', 'patient_id,shoe\np,1\n', '', '\n\n']) {
      const res = await put(body);
      expect([JSON.stringify(body), res.status, (await res.json()).error.code]).toEqual([JSON.stringify(body), 400, 'BAD_USER_INPUT']);
    }
  });

  it('wrong field counts, out-of-category and unreadable values are line errors; out-of-range values are clamped', async () => {
    const id = await fresh();
    const csv = [
      'patient_id,age,cost,region',
      'a,1,2,north',
      'b,1,2', // too few
      'c,1,2,north,extra', // too many
      'd,1,2,east', // not a declared category
      'e,-7,5000,south', // both clamped
      'f,1.5,2,north', // not an integer
      'g,1,1e999,north', // not a finite number
    ].join('\n');
    const r = await report(csv, id);
    expect(r).toMatchObject({ rowsReceived: 7, rowsAccepted: 2, rowsRejected: 5, valuesClamped: 2 });
    expect(r.errors.map((e: any) => [e.line, e.column])).toEqual([
      [3, null],
      [4, null],
      [5, 'region'],
      [7, 'age'],
      [8, 'cost'],
    ]);
    expect(r.columnStats.age).toMatchObject({ min: 0, max: 1, clamped: 1 });
    expect(r.columnStats.cost).toMatchObject({ min: 2, max: 1000, clamped: 1 });
    const e = (await tableRows(t, id)).find((row) => row.patient_id === pseudonymize(TEST_SECRET, 'e'))!;
    expect(e).toMatchObject({ age: '0', cost: 1000, region: 'south' });
  });

  it('a file of many pieces reports the same lines and counts as its rows say', async () => {
    // Multi-line quoted notes, CRLF, bad rows and exact duplicates spread over some 580 KB, so that
    // the upload is cut into several pieces cleaned on different threads.
    const lines = ['patient_id,age,cost,smoker,region,note,visited'];
    const errors: [number, string | null][] = [];
    let line = 2;
    let rejected = 0;
    let duplicates = 0;
    let clamped = 0;
    let previousBad = false;
    for (let i = 0; i < 12_000; i++) {
      const note = i % 7 === 0 ? `"note ${i}\r\nsecond line, with comma"` : `note ${i % 50}`;
      let row = `p${i},${i % 120},${i % 1000}.5,${i % 2 ? 'yes' : 'no'},${i % 3 ? 'north' : 'south'},${note},2024-01-0${1 + (i % 9)}`;
      let bad = true;
      if (i % 997 === 5) {
        row = `p${i},x,1,yes,north,,2024-01-01`;
        errors.push([line, 'age']);
      } else if (i % 1009 === 6) {
        row = `p${i},1,1,yes,west,,2024-01-01`;
        errors.push([line, 'region']);
      } else if (i % 1013 === 7) {
        row = `p${i},1,1`;
        errors.push([line, null]);
      } else {
        bad = false;
        if (i % 500 === 499 && !previousBad) {
          row = lines[lines.length - 1]!; // an exact duplicate of the row before
          duplicates++;
        }
        if (Number(row.split(',')[1]) > 100) clamped++;
      }
      if (bad) rejected++;
      previousBad = bad;
      lines.push(row);
      line += row.split('\r\n').length;
    }
    const csv = lines.join('\r\n') + '\r\n';
    expect(csv.length).toBeGreaterThan(500_000);
    const r = await report(csv);
    expect(r).toMatchObject({ rowsReceived: 12_000, rowsRejected: rejected, duplicatesRemoved: duplicates, rowsAccepted: 12_000 - rejected - duplicates });
    expect(r.errors.map((e: any) => [e.line, e.column])).toEqual(errors);
    expect(r.columnStats.age).toMatchObject({ min: 0, max: 100, nulls: 0 });
    expect(r.columnStats.patient_id.distinct).toBe(12_000 - rejected - duplicates);
    expect(r.valuesClamped).toBe(clamped);
  });

  // A CR LF inside quotes counts as one line here as in row errors (csv-parse counted two there).
  it('stray quotes fail with their line; a NUL after a closing quote is a line error, as csv-parse reads it', async () => {
    for (const [body, message] of [
      ['patient_id,note\np1,ok\np2,ab"c\n', 'malformed CSV at line 3: a quote appears inside an unquoted field'],
      ['patient_id,note\np1,ok\np2,"closed"x\np3,ok\n', 'malformed CSV at line 3: a character follows a closing quote'],
      ['patient_id,note\r\np1,"a\r\nb"\r\np2,"c"\rd\r\n', 'malformed CSV at line 4: a character follows a closing quote'],
    ] as const) {
      const res = await put(body);
      expect([body, res.status, (await res.json()).error]).toEqual([body, 400, { code: 'BAD_USER_INPUT', message }]);
    }
    const r = await report('patient_id,note\np1,"x"\u0000y\np2,ok\n');
    expect(r).toMatchObject({ rowsReceived: 2, rowsAccepted: 1 });
    expect(r.errors).toEqual([{ line: 2, column: null, message: 'the row contains a NUL byte' }]);
  });

  it('a REPLACE that fails midway leaves the old table, its rows and its ranks as they were', async () => {
    const id = await fresh();
    await report('patient_id,age\nkeep,1\nkeep,2\n', id);
    const before = await tableRows(t, id);
    const rows = Array.from({ length: 20_000 }, (_, i) => `p${i},${i % 90}`).join('\n');
    const res = await put(`patient_id,age\n${rows}\np,"open\n`, id, 'REPLACE');
    expect(res.status).toBe(400);
    expect(await tableRows(t, id)).toEqual(before);
    expect(await datasetOf(t, w.users.ownerAdmin.token, id)).toMatchObject({ version: 1, rowCount: 2 });
    const staging = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'parley_data' AND tablename LIKE 'stg_%'`);
    expect(staging[0].n).toBe(0);
  });
});
