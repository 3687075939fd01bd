import { createOrganization, createUser, type TestUser } from '../support/fixtures';
import type { GqlClient } from '../support/graphql-client';
import { ok } from '../support/test-app';
import { toCsv, VISITS, visitRows } from '../queries/query-support';

export const REGISTER_PEER = 'mutation($i: RegisterPeerInput!) { registerPeer(input: $i) { id name url tokenPrefix status lastCheckedAt organization { id } } }';
export const PEERS = '{ peers { id name status lastCheckedAt tokenPrefix } }';

const VALUE = 'function column bin value errorBound95 mechanism sumPart countPart centre noise { family granularity scale } countNoise { granularity scale }';
export const FEDERATED = `mutation($i: FederatedAggregateInput!) { federatedAggregate(input: $i) {
  federatedQueryId complete executedAt
  groups { key values { ${VALUE} } }
  parts { peer { id name status } agreementId errorCode errorMessage
    result { queryId agreementId epsilonSpent cached budget { epsilonSpent epsilonRemaining queriesRun } groups { key values { ${VALUE} } } } }
} }`;

/** A deployment that shares a visits dataset with a partner organization, as each peer's own admins set it up. */
export interface SharingDeployment {
  partnerOrganizationId: string;
  analyst: TestUser;
  partnerAdmin: TestUser;
  agreementId: string;
  datasetId: string;
}

export async function shareVisits(t: GqlClient, slug: string, extra: Record<string, unknown> = {}, rows = visitRows()): Promise<SharingDeployment> {
  const owner = await createOrganization(t, `${slug}-owner`);
  const partner = await createOrganization(t, `${slug}-research`);
  const ownerAdmin = await createUser(t, owner, `admin@${slug}-owner.test`, ['ORG_ADMIN' as never]);
  const analyst = await createUser(t, partner, `analyst@${slug}-research.test`, ['ANALYST' as never]);
  const partnerAdmin = await createUser(t, partner, `admin@${slug}-research.test`, ['ORG_ADMIN' as never]);
  const datasetId = ok<{ createDataset: { id: string } }>(
    await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: VISITS }, ownerAdmin.token),
  ).createDataset.id;
  ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c, strict: true) { rowsAccepted } }', { d: datasetId, c: toCsv(rows) }, ownerAdmin.token));
  const agreementId = ok<{ grantAgreement: { id: string } }>(
    await t.gql(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      {
        i: {
          datasetId,
          partnerOrganizationId: partner,
          purpose: 'federated statistics',
          columns: ['dept', 'amount', 'score', 'flag', 'city', 'day'],
          allowedAggregations: ['COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'MEAN', 'HISTOGRAM', 'QUANTILE'],
          epsilonBudget: 10,
          epsilonPerQueryMax: 1,
          ...extra,
        },
      },
      ownerAdmin.token,
    ),
  ).grantAgreement.id;
  return { partnerOrganizationId: partner, analyst, partnerAdmin, agreementId, datasetId };
}

export function federatedInput(parts: { peerId: string | null; agreementId: string }[], extra: Record<string, unknown> = {}) {
  return {
    parts,
    aggregations: [{ function: 'COUNT' }, { function: 'SUM', column: 'amount' }, { function: 'MEAN', column: 'amount' }],
    groupBy: ['dept'],
    epsilon: 0.5,
    ...extra,
  };
}
