// The world the console tests click through, set up as an operator would: through the public
// GraphQL API and the bulk ingest endpoint of a running server.

export const ADMIN_TOKEN = 'prl_console-test-bootstrap-admin-token-0123456789';

export const REGIONS = ['north', 'south', 'east'] as const;

export const PATIENT_COLUMNS = [
  { name: 'patient_id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
  { name: 'age', type: 'INTEGER', sensitivity: 'QUASI_IDENTIFIER', lowerBound: 0, upperBound: 100 },
  { name: 'region', type: 'CATEGORY', sensitivity: 'QUASI_IDENTIFIER', categories: [...REGIONS], nullable: false },
  { name: 'smoker', type: 'BOOLEAN', sensitivity: 'SENSITIVE' },
];

/** `count` patients spread evenly over the regions, ids from `first`; deterministic. */
export function patientsCsv(first: number, count: number): string {
  const lines = ['patient_id,age,region,smoker'];
  for (let i = first; i < first + count; i += 1) {
    lines.push(`p${i},${18 + ((i * 37) % 70)},${REGIONS[i % REGIONS.length]},${i % 4 === 0}`);
  }
  return lines.join('\n') + '\n';
}

export interface ConsoleWorld {
  url: string;
  owner: { id: string; name: string };
  partner: { id: string; name: string };
  /** A second partner, with no agreement yet: the admin grants one through the form. */
  other: { id: string; name: string };
  datasetId: string;
  rowsLoaded: number;
  agreementId: string;
  purpose: string;
  tokens: { ownerAdmin: string; ownerAuditor: string; partnerAnalyst: string };
}

export class ApiClient {
  constructor(readonly url: string) {}

  async gql<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  async putCsv(datasetId: string, csv: string, token: string): Promise<{ rowsAccepted: number }> {
    const res = await fetch(`${this.url}/v1/datasets/${datasetId}/rows?mode=APPEND`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: csv,
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { rowsAccepted: number };
  }

  async organization(name: string, slug: string): Promise<{ id: string; name: string }> {
    const q = 'mutation($n: String!, $s: String!) { createOrganization(name: $n, slug: $s) { id name } }';
    return (await this.gql<{ createOrganization: { id: string; name: string } }>(q, { n: name, s: slug }, ADMIN_TOKEN)).createOrganization;
  }

  /** A user with one role and a token of their own, both made by the platform admin. */
  async userToken(organizationId: string, email: string, role: string): Promise<string> {
    const created = await this.gql<{ createUser: { id: string } }>(
      'mutation($o: ID!, $e: String!, $r: [Role!]!) { createUser(organizationId: $o, email: $e, roles: $r) { id } }',
      { o: organizationId, e: email, r: [role] },
      ADMIN_TOKEN,
    );
    const issued = await this.gql<{ issueApiToken: { token: string } }>(
      'mutation($u: ID!) { issueApiToken(name: "console test", userId: $u) { token } }',
      { u: created.createUser.id },
      ADMIN_TOKEN,
    );
    return issued.issueApiToken.token;
  }
}

/**
 * Northwind Health owns a `patients` dataset (600 rows) and shares it with Acme Research under a
 * MONTHLY agreement with a small budget (ε 1.2, at most 1 a query), so the analyst can run out.
 */
export async function createConsoleWorld(url: string): Promise<ConsoleWorld> {
  const api = new ApiClient(url);
  const owner = await api.organization('Northwind Health', 'northwind');
  const partner = await api.organization('Acme Research', 'acme');
  const other = await api.organization('Contoso Insurance', 'contoso');
  const tokens = {
    ownerAdmin: await api.userToken(owner.id, 'admin@northwind.test', 'ORG_ADMIN'),
    ownerAuditor: await api.userToken(owner.id, 'auditor@northwind.test', 'AUDITOR'),
    partnerAnalyst: await api.userToken(partner.id, 'analyst@acme.test', 'ANALYST'),
  };
  const dataset = await api.gql<{ createDataset: { id: string } }>(
    'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }',
    {
      i: {
        name: 'patients',
        description: 'Outpatient visits, one row per patient',
        columns: PATIENT_COLUMNS,
        privacyUnitColumn: 'patient_id',
        maxRowsPerUnit: 1,
      },
    },
    tokens.ownerAdmin,
  );
  const datasetId = dataset.createDataset.id;
  const report = await api.putCsv(datasetId, patientsCsv(0, 600), tokens.ownerAdmin);
  const purpose = 'Regional smoking prevalence study';
  const agreement = await api.gql<{ grantAgreement: { id: string } }>(
    'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
    {
      i: {
        datasetId,
        partnerOrganizationId: partner.id,
        purpose,
        columns: ['age', 'region', 'smoker'],
        allowedAggregations: ['COUNT', 'MEAN', 'SUM'],
        epsilonBudget: 1.2,
        epsilonPerQueryMax: 1,
        budgetPeriod: 'MONTHLY',
      },
    },
    tokens.ownerAdmin,
  );
  return { url, owner, partner, other, datasetId, rowsLoaded: report.rowsAccepted, agreementId: agreement.grantAgreement.id, purpose, tokens };
}
