import { ok, type TestApp } from './test-app';

/** A small health dataset: an identifier, a numeric, a category, a boolean, free text and a date. */
export const HEALTH_COLUMNS = [
  { name: 'patient_id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
  { name: 'age', type: 'INTEGER', sensitivity: 'QUASI_IDENTIFIER', lowerBound: 0, upperBound: 120 },
  { name: 'region', type: 'CATEGORY', sensitivity: 'QUASI_IDENTIFIER', categories: ['north', 'south'] },
  { name: 'smoker', type: 'BOOLEAN', sensitivity: 'SENSITIVE' },
  { name: 'notes', type: 'TEXT', sensitivity: 'SENSITIVE' },
  { name: 'visited', type: 'DATE', sensitivity: 'SENSITIVE' },
];

/** Creates a dataset through the API as `token` (an ORG_ADMIN of the owner) and returns its id. */
export async function createDataset(t: TestApp, token: string, name = 'patients', columns: object[] = HEALTH_COLUMNS): Promise<string> {
  const data = ok<{ createDataset: { id: string } }>(
    await t.gql(
      'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }',
      { input: { name, columns, privacyUnitColumn: 'patient_id', maxRowsPerUnit: 1 } },
      token,
    ),
  );
  return data.createDataset.id;
}
