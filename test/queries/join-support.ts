import type { GqlClient } from '../support/graphql-client';
import { ok } from '../support/test-app';
import { grantOn, visitRows, type QueryWorld } from './query-support';

/**
 * The partner's own customer table: `cust` is an IDENTIFIER like the owner's `person`. Customers
 * c150..c449 are "p150".."p449", so exactly p150..p299 (150 people) are in both datasets. Every
 * tenth identifier is written with surrounding blanks: trimmed at ingest, it still matches.
 * p150..p159 and p200..p209 appear twice (duplicates on the partner's side); region "north" is held only by
 * customers who are not in the shared dataset.
 */
export const CUSTOMERS = {
  name: 'customers',
  columns: [
    { name: 'cust', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
    { name: 'segment', type: 'CATEGORY', categories: ['gold', 'silver'], nullable: false },
    { name: 'region', type: 'TEXT', nullable: false },
    { name: 'spend', type: 'INTEGER', lowerBound: 0, upperBound: 1000 },
  ],
};

export interface CustomerRow {
  cust: number;
  segment: 'gold' | 'silver';
  region: string;
  spend: number;
}

export function customerRows(): CustomerRow[] {
  const rows: CustomerRow[] = [];
  for (let c = 150; c < 450; c += 1) {
    const row: CustomerRow = { cust: c, segment: c % 2 === 0 ? 'gold' : 'silver', region: c >= 400 ? 'north' : c % 3 === 0 ? 'east' : 'west', spend: c };
    rows.push(row);
    // Not byte-equal to the first row: ingest drops exact duplicate rows.
    if ((c >= 150 && c < 160) || (c >= 200 && c < 210)) rows.push({ ...row, spend: c + 1 });
  }
  return rows;
}

export function customersCsv(rows: CustomerRow[]): string {
  const id = (c: number) => (c % 10 === 1 ? `  p${c}  ` : `p${c}`);
  return ['cust,segment,region,spend', ...rows.map((r) => [id(r.cust), r.segment, r.region, r.spend].join(','))].join('\n') + '\n';
}

/** Creates a dataset of `token`'s organization and loads `csv` into it; returns its id. */
export async function ownDataset(t: GqlClient, token: string, definition: object, csv: string): Promise<string> {
  const created = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: definition }, token),
  );
  const id = created.createDataset.id;
  await appendCsv(t, token, id, csv);
  return id;
}

export async function appendCsv(t: GqlClient, token: string, datasetId: string, csv: string): Promise<void> {
  ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c, strict: true) { rowsAccepted } }', { d: datasetId, c: csv }, token));
}

export function grantWithJoins(t: GqlClient, w: QueryWorld, extra: Record<string, unknown> = {}): Promise<string> {
  return grantOn(t, w, { joinColumns: ['person'], epsilonBudget: 100, epsilonPerQueryMax: 10, ...extra });
}

/** Exact figures of the join, computed from the fixtures' own rows. */
export function joinTruth(customers: CustomerRow[], m: number, keep: (visit: ReturnType<typeof visitRows>[number], c: CustomerRow) => boolean = () => true) {
  const byPerson = new Map<string, { visits: ReturnType<typeof visitRows>; customers: CustomerRow[] }>();
  for (const v of visitRows()) {
    const entry = byPerson.get(v.person) ?? { visits: [], customers: [] };
    entry.visits.push(v);
    byPerson.set(v.person, entry);
  }
  for (const c of customers) byPerson.get(`p${c.cust}`)?.customers.push(c);
  let units = 0;
  let rows = 0;
  for (const { visits, customers: cs } of byPerson.values()) {
    const joined = visits.flatMap((v) => cs.filter((c) => keep(v, c)).map(() => 1)).length;
    if (joined > 0) units += 1;
    rows += Math.min(m, joined);
  }
  return { units, rows };
}
