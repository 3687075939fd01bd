import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import type { GqlClient } from '../support/graphql-client';
import { ok, type GqlResult } from '../support/test-app';

export const RESULT_FIELDS = `queryId agreementId datasetVersion epsilonSpent suppressedGroups cached executedAt
  budget { epsilonTotal epsilonSpent epsilonRemaining queriesRun }
  groups { key values { function column quantile bin value errorBound95 mechanism } }`;

export const PRIVATE_AGGREGATE = `mutation($input: AggregateQueryInput!) { privateAggregate(input: $input) { ${RESULT_FIELDS} } }`;
export const PREVIEW = `query($input: AggregateQueryInput!) { previewAggregate(input: $input) {
  epsilonCost wouldBeCached remainingQueriesAtThisCost
  budget { epsilonTotal epsilonSpent epsilonRemaining queriesRun }
  expectedErrors { function column quantile errorBound95 mechanism } } }`;
export const BUDGET = `query($id: ID!) { agreement(id: $id) { budget { epsilonSpent epsilonRemaining queriesRun } } }`;

/**
 * A visits table: `person` is the privacy unit (IDENTIFIER), each person has one to three rows,
 * `maxRowsPerUnit` is 2. Every figure of the data is known, so released values can be compared
 * with the truth.
 */
export const VISITS = {
  name: 'visits',
  privacyUnitColumn: 'person',
  maxRowsPerUnit: 2,
  columns: [
    { name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
    { name: 'dept', type: 'CATEGORY', categories: ['a', 'b', 'c', 'd'], nullable: false },
    { name: 'amount', type: 'INTEGER', lowerBound: 0, upperBound: 100 },
    { name: 'score', type: 'FLOAT', lowerBound: 0, upperBound: 1 },
    { name: 'flag', type: 'BOOLEAN' },
    { name: 'city', type: 'TEXT' },
    { name: 'day', type: 'DATE' },
  ],
};

export interface VisitRow {
  person: string;
  dept: string;
  amount: number;
  score: number;
  flag: boolean;
  city: string;
  day: string;
}

/** 300 people; people 0..99 have 3 rows, 100..199 two, 200..299 one. Department d stays empty. */
export function visitRows(): VisitRow[] {
  const rows: VisitRow[] = [];
  for (let p = 0; p < 300; p += 1) {
    const n = p < 100 ? 3 : p < 200 ? 2 : 1;
    for (let r = 0; r < n; r += 1) {
      rows.push({
        person: `p${p}`,
        dept: ['a', 'b', 'c'][p % 3]!,
        amount: (p * 7 + r * 13) % 101,
        score: ((p * 31 + r) % 100) / 100,
        flag: p % 2 === 0,
        city: p % 50 === 0 ? 'rare' : 'big',
        day: `2024-01-${String((p % 28) + 1).padStart(2, '0')}`,
      });
    }
  }
  return rows;
}

export function toCsv(rows: VisitRow[]): string {
  const header = 'person,dept,amount,score,flag,city,day';
  return [header, ...rows.map((r) => [r.person, r.dept, r.amount, r.score, r.flag, r.city, r.day].join(','))].join('\n') + '\n';
}

export interface QueryWorld extends TwoOrgWorld {
  datasetId: string;
  analyst: string;
}

export async function createQueryWorld(t: GqlClient): Promise<QueryWorld> {
  const world = await createWorld(t);
  const admin = world.users.ownerAdmin.token;
  const created = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: VISITS }, admin),
  );
  const datasetId = created.createDataset.id;
  ok(
    await t.gql(
      'mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c, strict: true) { rowsAccepted } }',
      { d: datasetId, c: toCsv(visitRows()) },
      admin,
    ),
  );
  return { ...world, datasetId, analyst: world.users.partnerAnalyst.token };
}

export async function grantOn(t: GqlClient, w: QueryWorld, extra: Record<string, unknown> = {}): Promise<string> {
  const input = {
    datasetId: w.datasetId,
    partnerOrganizationId: w.partner,
    purpose: 'department statistics',
    columns: ['dept', 'amount', 'score', 'flag', 'city', 'day'],
    allowedAggregations: ['COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'MEAN', 'HISTOGRAM', 'QUANTILE'],
    epsilonBudget: 10,
    epsilonPerQueryMax: 1,
    ...extra,
  };
  const data = ok<{ grantAgreement: { id: string } }>(
    await t.gql('mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }', { i: input }, w.users.ownerAdmin.token),
  );
  return data.grantAgreement.id;
}

export function query(t: GqlClient, token: string, input: Record<string, unknown>): Promise<GqlResult<{ privateAggregate: any }>> {
  return t.gql(PRIVATE_AGGREGATE, { input }, token);
}

export async function budgetOf(t: GqlClient, token: string, agreementId: string): Promise<{ epsilonSpent: number; epsilonRemaining: number; queriesRun: number }> {
  return ok<{ agreement: { budget: any } }>(await t.gql(BUDGET, { id: agreementId }, token)).agreement.budget;
}
