import { ok, type GqlResult, type TestApp } from '../support/test-app';

export const AGREEMENT_FIELDS = `
  id status purpose columns allowedAggregations epsilonBudget epsilonPerQueryMax delta budgetPeriod suppressBelow
  validFrom expiresAt createdAt revokedAt
  dataset { id name }
  owner { id } partner { id }
  grantedBy { id email roles }
  budget { epsilonTotal epsilonSpent epsilonRemaining queriesRun periodStartedAt refillsAt }`;

export const GRANT = `mutation($input: GrantAgreementInput!) { grantAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const AMEND = `mutation($input: AmendAgreementInput!) { amendAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
export const SUSPEND = `mutation($id: ID!) { suspendAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`;
export const RESUME = `mutation($id: ID!) { resumeAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`;
export const REVOKE = `mutation($id: ID!) { revokeAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`;
export const AGREEMENT = `query($id: ID!) { agreement(id: $id) { ${AGREEMENT_FIELDS} } }`;
export const AGREEMENTS = `query($status: AgreementStatus, $datasetId: ID) { agreements(status: $status, datasetId: $datasetId) { ${AGREEMENT_FIELDS} } }`;
export const BUDGET_USAGE = `query($org: ID) { budgetUsage(organizationId: $org) { queriesRun epsilonSpent lastQueryAt agreement { id status } } }`;

export function grantInput(datasetId: string, partnerOrganizationId: string, extra: Record<string, unknown> = {}) {
  return {
    datasetId,
    partnerOrganizationId,
    purpose: 'Regional smoking prevalence study',
    columns: ['age', 'region', 'smoker'],
    allowedAggregations: ['COUNT', 'SUM', 'MEAN', 'HISTOGRAM'],
    epsilonBudget: 1,
    epsilonPerQueryMax: 0.5,
    ...extra,
  };
}

export async function grant(t: TestApp, token: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  return ok<{ grantAgreement: Record<string, any> }>(await t.gql(GRANT, { input }, token)).grantAgreement;
}

export function fieldOf(r: GqlResult): unknown {
  return r.errors?.[0]?.extensions?.field;
}
