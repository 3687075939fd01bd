import { createDataset } from '../support/dataset-fixture';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { ok, startTestApp, type TestApp } from '../support/test-app';

/** A CSV of `rows` distinct people for HEALTH_COLUMNS. */
function csvOf(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => `p${i},${20 + (i % 50)},${i % 2 ? 'north' : 'south'},${i % 3 === 0},note,2024-01-0${1 + (i % 9)}`);
  return ['patient_id,age,region,smoker,notes,visited', ...lines].join('\n') + '\n';
}

/** Sample lines of Parley's own counters (not process or latency figures), by series. */
function counters(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('parley_') || line.startsWith('parley_process_') || line.includes('_duration_seconds')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/**
 * `/metrics` answers without a token. The attacks: grow it without bound through the client's
 * operationName, and read an upload's exact row count from a counter's delta.
 */
describe('attack: metrics as a side channel and a memory sink', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  beforeAll(async () => {
    t = await startTestApp({ PARLEY_METRICS_PORT: '0' });
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const metricsText = async (base = t.url) => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('200 requests with 100 KB operation names do not grow /metrics', async () => {
    ok(await t.gql('{ me { id } }'));
    const before = (await metricsText()).length;
    const started = Date.now();
    const names = Array.from({ length: 200 }, (_, i) => `N${i}${'x'.repeat(100 * 1024)}`);
    for (let batch = 0; batch < names.length; batch += 10) {
      await Promise.all(
        names.slice(batch, batch + 10).map(async (name, i) => {
          // Valid, invalid (unknown field) and unresolvable operations: each must be labelled by a fixed name.
          const kind = (batch + i) % 3;
          const query = kind === 0 ? `query ${name} { me { id } }` : kind === 1 ? `query ${name} { nope }` : '{ me { id } }';
          const res = await fetch(`${t.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${w.users.ownerAnalyst.token}` },
            body: JSON.stringify({ query, operationName: name }),
          });
          await res.arrayBuffer();
        }),
      );
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    const after = await metricsText();
    expect(after).not.toContain('xxxxxxxxxx');
    // New series may appear for the fixed labels (me / invalid × a few codes); nothing of the names' size.
    expect(after.length).toBeLessThan(before + 20_000);
    expect(after).toMatch(/parley_graphql_operations_total\{operation="me",outcome="ok"\} \d+/);
    expect(after).toMatch(/parley_graphql_operations_total\{operation="invalid",outcome="GRAPHQL_VALIDATION_FAILED"\} \d+/);
    const labels = [...after.matchAll(/parley_graphql_operations_total\{operation="([^"]*)"/g)].map((m) => m[1]);
    // The world's set-up mutations, the attack's root field, and `invalid`: nothing the client named.
    expect(new Set(labels)).toEqual(new Set(['createOrganization', 'createUser', 'issueApiToken', 'me', 'invalid']));
  }, 120_000);

  it('no metric moves by an upload\'s exact row count', async () => {
    const datasetId = await createDataset(t, w.users.ownerAdmin.token, 'metrics_probe');
    const rows = 37;
    const before = counters(await metricsText());
    const report = ok<any>(
      await t.gql('mutation($id: ID!, $csv: String!) { ingestCsv(datasetId: $id, csv: $csv) { rowsAccepted } }', { id: datasetId, csv: csvOf(rows) }, w.users.ownerAdmin.token),
    );
    expect(report.ingestCsv.rowsAccepted).toBe(rows);
    const after = counters(await metricsText());
    expect(after.has('parley_ingest_rows_total')).toBe(false);
    for (const [series, value] of after) {
      const delta = value - (before.get(series) ?? 0);
      expect({ series, leaks: delta === rows }).toEqual({ series, leaks: false });
    }
  });

  it('serves /metrics on its own loopback listener when PARLEY_METRICS_PORT is set', async () => {
    expect(t.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const text = await metricsText(t.app.metricsUrl!);
    expect(text).toMatch(/parley_graphql_operations_total/);
    const other = await fetch(`${t.app.metricsUrl}/graphql`, { method: 'POST' });
    expect(other.status).toBe(404);
    await other.text();
  });
});
