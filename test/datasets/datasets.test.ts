import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { PATIENTS, createDataset, datasetOf, ingestCsv, insertAgreement } from './dataset-support';

let t: TestApp;
let w: TwoOrgWorld;

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

const createMutation = 'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }';
const col = (over: Record<string, unknown>) => ({ name: 'x', type: 'INTEGER', lowerBound: 0, upperBound: 10, ...over });
const withColumns = (columns: Record<string, unknown>[], over: Record<string, unknown> = {}) => ({ name: 'd', columns, ...over });

describe('createDataset validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unsafe dataset name', withColumns([col({})], { name: 'Bad-Name' }), 'name'],
    ['dataset name too long', withColumns([col({})], { name: 'a'.repeat(64) }), 'name'],
    ['no columns', withColumns([]), 'columns'],
    ['unsafe column name', withColumns([col({ name: '1x' })]), 'columns[0].name'],
    ['quoted column name', withColumns([col({ name: 'x"; drop table t; --' })]), 'columns[0].name'],
    ['duplicate column', withColumns([col({}), col({})]), 'columns[1].name'],
    ['integer without bounds', withColumns([col({ lowerBound: null })]), 'columns[0].lowerBound'],
    ['float without upper bound', withColumns([col({ type: 'FLOAT', upperBound: null })]), 'columns[0].upperBound'],
    ['lower not below upper', withColumns([col({ lowerBound: 5, upperBound: 5 })]), 'columns[0].lowerBound'],
    ['non-integer integer bound', withColumns([col({ lowerBound: 0.5 })]), 'columns[0].lowerBound'],
    ['bounds on text', withColumns([col({ type: 'TEXT', upperBound: 3, lowerBound: null })]), 'columns[0].upperBound'],
    ['category without categories', withColumns([col({ type: 'CATEGORY', lowerBound: null, upperBound: null })]), 'columns[0].categories'],
    ['empty category list', withColumns([col({ type: 'CATEGORY', lowerBound: null, upperBound: null, categories: [] })]), 'columns[0].categories'],
    [
      'too many categories',
      withColumns([col({ type: 'CATEGORY', lowerBound: null, upperBound: null, categories: Array.from({ length: 1001 }, (_, i) => `c${i}`) })]),
      'columns[0].categories',
    ],
    ['duplicate categories', withColumns([col({ type: 'CATEGORY', lowerBound: null, upperBound: null, categories: ['a', 'a'] })]), 'columns[0].categories'],
    ['categories on integer', withColumns([col({ categories: ['a'] })]), 'columns[0].categories'],
    ['identifier not text', withColumns([col({ sensitivity: 'IDENTIFIER' })]), 'columns[0].type'],
    ['unknown privacy unit', withColumns([col({})], { privacyUnitColumn: 'nope' }), 'privacyUnitColumn'],
    ['maxRowsPerUnit 0', withColumns([col({})], { maxRowsPerUnit: 0 }), 'maxRowsPerUnit'],
    ['maxRowsPerUnit 1001', withColumns([col({})], { maxRowsPerUnit: 1001 }), 'maxRowsPerUnit'],
  ];
  it.each(cases)('%s → BAD_USER_INPUT naming the field', async (_, input, field) => {
    const res = await t.gql(createMutation, { i: input }, w.users.ownerAdmin.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });

  it('rejects infinite bounds at the GraphQL layer or ours', async () => {
    const res = await t.gql(createMutation, { i: withColumns([col({ upperBound: 1e309 })]) }, w.users.ownerAdmin.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });

  it('rejects a second dataset with the same name in the organization', async () => {
    await createDataset(t, w.users.ownerAdmin.token, withColumns([col({})], { name: 'twice' }));
    const res = await t.gql(createMutation, { i: withColumns([col({})], { name: 'twice' }) }, w.users.ownerAdmin.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('name');
    // Another organization may use the name.
    await createDataset(t, w.users.partnerAdmin.token, withColumns([col({})], { name: 'twice' }));
  });

  it('only an org admin creates datasets', async () => {
    expect(codeOf(await t.gql(createMutation, { i: withColumns([col({})], { name: 'by_analyst' }) }, w.users.ownerAnalyst.token))).toBe('FORBIDDEN');
  });
});

describe('storage and visibility', () => {
  let id: string;
  beforeAll(async () => {
    id = await createDataset(t, w.users.ownerAdmin.token, PATIENTS);
    ok(await ingestCsv(t, w.users.ownerAdmin.token, id, 'patient_id,age\np1,30\np2,40\n'));
  });

  it('creates a typed table with exactly the declared columns, and the rank within the unit', async () => {
    const cols: { column_name: string; data_type: string }[] = await t.services.dataSource.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'parley_data' AND table_name = $1 ORDER BY ordinal_position`,
      [`ds_${id.replace(/-/g, '')}`],
    );
    expect(cols.map((c) => [c.column_name, c.data_type])).toEqual([
      ['patient_id', 'text'],
      ['age', 'bigint'],
      ['cost', 'double precision'],
      ['smoker', 'boolean'],
      ['region', 'text'],
      ['note', 'text'],
      ['visited', 'date'],
      // Contribution bounding fixed at ingest (datasets/unit-rank.ts); no declared column can be named so.
      ['_unit_rank', 'integer'],
    ]);
  });

  it('shows the owner everything, and partners only public fields while the agreement is live', async () => {
    const mine = await datasetOf(t, w.users.ownerAnalyst.token, id);
    expect(mine).toMatchObject({ name: 'patients', rowCount: 2, version: 1, owner: { id: w.owner } });
    expect(mine!.qualityReport.rowsAccepted).toBe(2);
    // A list reads the quality report apart from the datasets (DatasetStore.list leaves it out).
    const myList = ok<{ datasets: { id: string; qualityReport: { rowsAccepted: number } | null }[] }>(
      await t.gql('{ datasets { id qualityReport { rowsAccepted } } }', {}, w.users.ownerAnalyst.token),
    );
    expect(myList.datasets).toContainEqual({ id, qualityReport: { rowsAccepted: 2 } });

    expect(await datasetOf(t, w.users.partnerAnalyst.token, id)).toBeNull();
    const partnerList = ok<{ datasets: { id: string }[] }>(await t.gql('{ datasets { id } }', {}, w.users.partnerAnalyst.token));
    expect(partnerList.datasets.map((d) => d.id)).not.toContain(id);

    await insertAgreement(t, id, w.owner, w.partner, w.users.ownerAdmin.id);
    const seen = await datasetOf(t, w.users.partnerAnalyst.token, id);
    expect(seen).toMatchObject({ id, name: 'patients', rowCount: null, qualityReport: null, version: 1 });
    const listed = ok<{ datasets: { id: string; rowCount: number | null }[] }>(
      await t.gql('{ datasets { id rowCount qualityReport { rowsAccepted } } }', {}, w.users.partnerAnalyst.token),
    );
    expect(listed.datasets).toContainEqual({ id, rowCount: null, qualityReport: null });

    expect(await datasetOf(t, w.users.outsiderAdmin.token, id)).toBeNull();
    const ingest = await ingestCsv(t, w.users.partnerAdmin.token, id, 'patient_id\nz\n');
    expect(codeOf(ingest)).toBe('FORBIDDEN');
    expect(codeOf(await ingestCsv(t, w.users.outsiderAdmin.token, id, 'patient_id\nz\n'))).toBe('NOT_FOUND');
  });

  it('answers null for a malformed id', async () => {
    expect(await datasetOf(t, w.users.ownerAdmin.token, 'not-a-uuid')).toBeNull();
    expect(codeOf(await ingestCsv(t, w.users.ownerAdmin.token, 'nope', 'a\n'))).toBe('BAD_USER_INPUT');
  });
});

describe('deleteDataset', () => {
  it('drops the data, revokes agreements, hides the dataset and keeps the audit trail', async () => {
    const id = await createDataset(t, w.users.ownerAdmin.token, { ...PATIENTS, name: 'to_delete' });
    ok(await ingestCsv(t, w.users.ownerAdmin.token, id, 'patient_id\nq\n'));
    await insertAgreement(t, id, w.owner, w.partner, w.users.ownerAdmin.id);
    const del = (token: string) => t.gql('mutation($id: ID!) { deleteDataset(id: $id) }', { id }, token);
    expect(codeOf(await del(w.users.partnerAdmin.token))).toBe('FORBIDDEN');
    expect(codeOf(await del(w.users.ownerAnalyst.token))).toBe('FORBIDDEN');
    expect(ok<{ deleteDataset: boolean }>(await del(w.users.ownerAdmin.token)).deleteDataset).toBe(true);

    expect(await datasetOf(t, w.users.ownerAdmin.token, id)).toBeNull();
    expect(codeOf(await del(w.users.ownerAdmin.token))).toBe('NOT_FOUND');
    const [table] = await t.services.dataSource.query(`SELECT to_regclass($1) AS r`, [`parley_data.ds_${id.replace(/-/g, '')}`]);
    expect(table.r).toBeNull();
    const agreements = await t.services.dataSource.query(`SELECT status, revoked_at FROM agreements WHERE dataset_id = $1`, [id]);
    expect(agreements).toEqual([{ status: 'REVOKED', revoked_at: expect.any(Date) }]);
    const events = await t.services.dataSource.query(`SELECT action FROM audit_events WHERE resource_id = $1 ORDER BY seq`, [id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['DATASET_CREATED', 'DATA_INGESTED', 'DATASET_DELETED']),
    );
    // The name is free again.
    await createDataset(t, w.users.ownerAdmin.token, { ...PATIENTS, name: 'to_delete' });
  });
});

