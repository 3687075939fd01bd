import { ok, type TestApp } from '../support/test-app';

export const DATASET_FIELDS = `id name description version rowCount maxRowsPerUnit privacyUnitColumn
  owner { id } columns { name type sensitivity nullable lowerBound upperBound categories }
  qualityReport { datasetVersion rowsReceived rowsAccepted rowsRejected duplicatesRemoved valuesClamped columnStats
                  errors { line column message } finishedAt }`;

export const REPORT_FIELDS = `datasetVersion rowsReceived rowsAccepted rowsRejected duplicatesRemoved valuesClamped columnStats
  errors { line column message } finishedAt`;

/** A small, typical dataset: one identifier (the privacy unit), every other type once. */
export const PATIENTS = {
  name: 'patients',
  description: 'visits',
  privacyUnitColumn: 'patient_id',
  maxRowsPerUnit: 3,
  columns: [
    { name: 'patient_id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
    { name: 'age', type: 'INTEGER', lowerBound: 0, upperBound: 100 },
    { name: 'cost', type: 'FLOAT', lowerBound: 0, upperBound: 1000 },
    { name: 'smoker', type: 'BOOLEAN' },
    { name: 'region', type: 'CATEGORY', categories: ['north', 'south'] },
    { name: 'note', type: 'TEXT' },
    { name: 'visited', type: 'DATE' },
  ],
};

export async function createDataset(t: TestApp, token: string, input: Record<string, unknown> = PATIENTS): Promise<string> {
  const data = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: input }, token),
  );
  return data.createDataset.id;
}

export function ingestCsv(t: TestApp, token: string, datasetId: string, csv: string, mode = 'APPEND', strict = false) {
  return t.gql(
    `mutation($d: ID!, $c: String!, $m: IngestMode!, $s: Boolean!) { ingestCsv(datasetId: $d, csv: $c, mode: $m, strict: $s) { ${REPORT_FIELDS} } }`,
    { d: datasetId, c: csv, m: mode, s: strict },
    token,
  );
}

export async function datasetOf(t: TestApp, token: string, id: string): Promise<Record<string, any> | null> {
  const data = ok<{ dataset: Record<string, any> | null }>(await t.gql(`query($id: ID!) { dataset(id: $id) { ${DATASET_FIELDS} } }`, { id }, token));
  return data.dataset;
}

export async function tableRows(t: TestApp, datasetId: string): Promise<Record<string, unknown>[]> {
  const table = `ds_${datasetId.replace(/-/g, '')}`;
  return t.services.dataSource.query(`SELECT * FROM parley_data."${table}" ORDER BY 1, 2`);
}

/** An agreement straight in the table: these tests are about dataset visibility, not agreement rules. */
export async function insertAgreement(t: TestApp, datasetId: string, owner: string, partner: string, grantedBy: string, status = 'ACTIVE'): Promise<void> {
  await t.services.dataSource.query(
    `INSERT INTO agreements (dataset_id, owner_organization_id, partner_organization_id, status, purpose, columns,
                             allowed_aggregations, epsilon_budget, epsilon_per_query_max, granted_by)
     VALUES ($1, $2, $3, $4, 'research', '{age}', '{COUNT}', 1, 0.5, $5)`,
    [datasetId, owner, partner, status, grantedBy],
  );
}
