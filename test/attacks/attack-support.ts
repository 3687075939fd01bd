import type { TestApp } from '../support/test-app';

export const BUDGET_FIELDS = 'epsilonTotal epsilonSpent epsilonRemaining queriesRun deltaTotal deltaSpent deltaRemaining';
export const AGGREGATE = `mutation($input: AggregateQueryInput!) { privateAggregate(input: $input) {
  queryId epsilonSpent deltaSpent cached suppressedGroups budget { ${BUDGET_FIELDS} } groups { key } } }`;
export const PREVIEW_COST = `query($input: AggregateQueryInput!) { previewAggregate(input: $input) { epsilonCost deltaCost wouldBeCached budget { ${BUDGET_FIELDS} } } }`;
export const BUDGET_OF = `query($id: ID!) { agreement(id: $id) { budget { ${BUDGET_FIELDS} } } }`;

export interface AuditRow {
  action: string;
  outcome: string;
  details: Record<string, unknown>;
}

/** The audit events written about an agreement, oldest first (read straight from the table). */
export async function auditOf(t: TestApp, agreementId: string): Promise<AuditRow[]> {
  return t.services.dataSource.query('SELECT action, outcome, details FROM audit_events WHERE resource_id = $1 ORDER BY seq', [agreementId]);
}

/** The physical table of a dataset, for setting up data that the API no longer lets anyone create. */
export async function tableOf(t: TestApp, datasetId: string): Promise<string> {
  const rows: { table_name: string }[] = await t.services.dataSource.query('SELECT table_name FROM datasets WHERE id = $1', [datasetId]);
  return `parley_data."${rows[0]!.table_name}"`;
}
