import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { PATIENTS, createDataset } from '../datasets/dataset-support';

let t: TestApp;
let w: TwoOrgWorld;
beforeAll(async () => {
  t = await startTestApp({ PARLEY_INGEST_MAX_RECORD_BYTES: '1000' });
  w = await createWorld(t);
});
afterAll(() => t.close());

let n = 0;
async function put(body: Buffer): Promise<Response> {
  const id = await createDataset(t, w.users.ownerAdmin.token, { ...PATIENTS, name: `h${n++}` });
  return fetch(`${t.url}/v1/datasets/${id}/rows`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${w.users.ownerAdmin.token}`, 'content-type': 'text/csv' },
    body: new Uint8Array(body),
    signal: AbortSignal.timeout(10_000),
  });
}

describe('hostile CSV uploads always get an answer', () => {
  it('a NUL byte and invalid UTF-8 are line errors, the good row is loaded', async () => {
    const body = Buffer.concat([
      Buffer.from('patient_id,age\np1,30\np2\u0000,31\np3,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const res = await put(body);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.rowsAccepted).toBe(1);
    expect(report.errors).toEqual([
      { line: 3, column: null, message: 'the row contains a NUL byte' },
      { line: 4, column: null, message: 'the row is not valid UTF-8' },
    ]);
  });

  it('a record over the size cap fails the whole upload with 400', async () => {
    const res = await put(Buffer.from(`patient_id,age\np1,30\n"${'x'.repeat(5000)}",3\n`));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('BAD_USER_INPUT');
  });
});
