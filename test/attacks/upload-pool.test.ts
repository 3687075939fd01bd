import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { PATIENTS, createDataset, datasetOf } from '../datasets/dataset-support';

let t: TestApp;
let w: TwoOrgWorld;
beforeAll(async () => {
  t = await startTestApp({ PARLEY_INGEST_MAX_CONCURRENT: '3', PARLEY_INGEST_MAX_PER_ORG: '3', PARLEY_INGEST_IDLE_SECONDS: '2' });
  w = await createWorld(t);
});
afterAll(() => t.close());

/** Starts a chunked upload that sends its header and one row, then nothing. */
function slowUpload(id: string): { req: ClientRequest; response: Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> } {
  const url = new URL(`${t.url}/v1/datasets/${id}/rows`);
  const req = request(url, { method: 'PUT', headers: { authorization: `Bearer ${w.users.ownerAdmin.token}`, 'content-type': 'text/csv' } });
  const response = new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
  req.write('patient_id,age\np1,30\n');
  return { req, response };
}

it('slow uploads beyond the cap are refused, others keep answering, idle uploads are aborted with nothing loaded', async () => {
  const id = await createDataset(t, w.users.ownerAdmin.token, { ...PATIENTS, name: 'slow' });
  const held = [slowUpload(id), slowUpload(id), slowUpload(id)];
  await new Promise((r) => setTimeout(r, 300));
  const extra = slowUpload(id);
  const refused = await extra.response;
  expect(refused.status).toBe(429);
  expect(refused.headers['retry-after']).toBeDefined();
  expect(JSON.parse(refused.body).error.code).toBe('RATE_LIMITED');

  const started = Date.now();
  const me = await t.gql('{ me { id } }', {}, w.users.partnerAdmin.token);
  expect(me.errors).toBeUndefined();
  expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  expect(Date.now() - started).toBeLessThan(2000);

  const results = await Promise.all(held.map((h) => h.response));
  for (const r of results) {
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('BAD_USER_INPUT');
  }
  expect(await datasetOf(t, w.users.ownerAdmin.token, id)).toMatchObject({ rowCount: 0, version: 0 });
}, 20_000);
