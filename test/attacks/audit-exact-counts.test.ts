import { grant, grantInput } from '../agreements/agreement-api';
import { createDataset } from '../support/dataset-fixture';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';

const HEADER = 'patient_id,age,region,smoker,notes,visited';
/** Every JSON number in a value (ids are strings, so their digits are not numbers here). */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

const row = (i: number) => `p${i},${20 + (i % 50)},north,true,note,2024-01-02`;

/**
 * Exact row counts are what differential privacy withholds. The attack: read them from audit
 * events about a dataset as someone outside its owner organization (PLATFORM_AUDITOR sees every
 * event; a partner's auditor sees those its organization took part in).
 */
describe('attack: exact counts in audit details readable outside the owner', () => {
  let t: TestApp;
  let w: TwoOrgWorld;
  let datasetId: string;
  const ACCEPTED = 37;
  const RECEIVED_IN_FAILED = 23;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createWorld(t);
    datasetId = await createDataset(t, w.users.ownerAdmin.token, 'counted');
    await grant(t, w.users.ownerAdmin.token, grantInput(datasetId, w.partner));
    const ingest = 'mutation($id: ID!, $csv: String!, $strict: Boolean!) { ingestCsv(datasetId: $id, csv: $csv, strict: $strict) { rowsAccepted } }';
    const good = [HEADER, ...Array.from({ length: ACCEPTED }, (_, i) => row(i))].join('\n');
    expect(ok<any>(await t.gql(ingest, { id: datasetId, csv: good, strict: false }, w.users.ownerAdmin.token)).ingestCsv.rowsAccepted).toBe(ACCEPTED);
    // A strict upload with bad rows fails: DATA_INGEST_FAILED.
    const bad = [HEADER, ...Array.from({ length: RECEIVED_IN_FAILED - 5 }, (_, i) => row(1000 + i)), ...Array.from({ length: 5 }, () => 'q,not-an-age,north,true,n,2024-01-01')].join('\n');
    expect(codeOf(await t.gql(ingest, { id: datasetId, csv: bad, strict: true }, w.users.ownerAdmin.token))).toBe('BAD_USER_INPUT');
    ok(await t.gql('mutation($id: ID!) { deleteDataset(id: $id) }', { id: datasetId }, w.users.ownerAdmin.token));
  });
  afterAll(() => t.close());

  const EVENTS = `query($id: ID) { auditEvents(filter: { resourceId: $id }, first: 500) { edges { node { action details } } } }`;

  it.each(['platformAuditor', 'partnerAuditor', 'outsiderAuditor'] as const)('%s reads no exact count about the dataset', async (who) => {
    const page = ok<any>(await t.gql(EVENTS, { id: datasetId }, w.users[who].token));
    const events: { action: string; details: Record<string, unknown> }[] = page.auditEvents.edges.map((e: any) => e.node);
    if (who === 'platformAuditor') {
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['DATA_INGESTED', 'DATA_INGEST_FAILED', 'DATASET_DELETED']));
    }
    for (const e of events) {
      const numbers = numbersIn(e.details);
      expect({ action: e.action, leaks: numbers.includes(ACCEPTED) || numbers.includes(RECEIVED_IN_FAILED) }).toEqual({ action: e.action, leaks: false });
      for (const key of ['rowsReceived', 'rowsAccepted', 'rowsRejected', 'duplicatesRemoved', 'valuesClamped', 'rowCount']) {
        expect({ action: e.action, key, present: key in e.details }).toEqual({ action: e.action, key, present: false });
      }
    }
  });

  it('the owner still has its exact figures, in the owner-only fields', async () => {
    const created = await createDataset(t, w.users.ownerAdmin.token, 'still_counted');
    const csv = [HEADER, ...Array.from({ length: ACCEPTED }, (_, i) => row(i))].join('\n');
    ok(await t.gql('mutation($id: ID!, $csv: String!) { ingestCsv(datasetId: $id, csv: $csv) { rowsAccepted } }', { id: created, csv }, w.users.ownerAdmin.token));
    const mine = ok<any>(await t.gql('query($id: ID!) { dataset(id: $id) { rowCount qualityReport { rowsAccepted } } }', { id: created }, w.users.ownerAdmin.token));
    expect(mine.dataset).toEqual({ rowCount: ACCEPTED, qualityReport: { rowsAccepted: ACCEPTED } });
  });
});
