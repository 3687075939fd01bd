// Write operations.
import { AGREEMENT_FIELDS, BUDGET_FIELDS, CHECKPOINT_FIELDS, DATASET_FIELDS, ORGANIZATION_FIELDS, SYNTHETIC_DATASET_FIELDS, TOKEN_FIELDS, USER_FIELDS } from './fragments';

export const CREATE_ORGANIZATION = `mutation CreateOrganization($name: String!, $slug: String!) {
  createOrganization(name: $name, slug: $slug) { ${ORGANIZATION_FIELDS} }
}`;

export const CREATE_USER = `mutation CreateUser($organizationId: ID!, $email: String!, $roles: [Role!]!) {
  createUser(organizationId: $organizationId, email: $email, roles: $roles) { ${USER_FIELDS} }
}`;

export const DISABLE_USER = `mutation DisableUser($userId: ID!) { disableUser(userId: $userId) { ${USER_FIELDS} } }`;

export const ISSUE_API_TOKEN = `mutation IssueApiToken($name: String!, $userId: ID, $expiresAt: DateTime) {
  issueApiToken(name: $name, userId: $userId, expiresAt: $expiresAt) { token apiToken { ${TOKEN_FIELDS} } }
}`;

export const REVOKE_API_TOKEN = `mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`;

export const CREATE_DATASET = `mutation CreateDataset($input: CreateDatasetInput!) {
  createDataset(input: $input) { ${DATASET_FIELDS} }
}`;

export const GRANT_AGREEMENT = `mutation GrantAgreement($input: GrantAgreementInput!) {
  grantAgreement(input: $input) { ${AGREEMENT_FIELDS} }
}`;

export const AMEND_AGREEMENT = `mutation AmendAgreement($input: AmendAgreementInput!) {
  amendAgreement(input: $input) { ${AGREEMENT_FIELDS} }
}`;

export const SUSPEND_AGREEMENT = `mutation SuspendAgreement($id: ID!) { suspendAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`;

export const RESUME_AGREEMENT = `mutation ResumeAgreement($id: ID!) { resumeAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`;

export const REVOKE_AGREEMENT = `mutation RevokeAgreement($id: ID!) { revokeAgreement(id: $id) { ${AGREEMENT_FIELDS} } }`;

export const PRIVATE_AGGREGATE = `mutation PrivateAggregate($input: AggregateQueryInput!) {
  privateAggregate(input: $input) {
    queryId agreementId datasetVersion epsilonSpent deltaSpent suppressedGroups cached executedAt
    budget { ${BUDGET_FIELDS} }
    groups { key values { function column quantile bin value errorBound95 mechanism } }
  }
}`;

/** Not in the contract (see AUDIT_CHECKPOINTS): signs the chain's current head. */
export const CREATE_AUDIT_CHECKPOINT = `mutation CreateAuditCheckpoint { createAuditCheckpoint { ${CHECKPOINT_FIELDS} } }`;

export const SYNTHESIZE_DATASET = `mutation SynthesizeDataset($input: SynthesizeInput!) {
  synthesizeDataset(input: $input) { ${SYNTHETIC_DATASET_FIELDS} agreement { id budget { ${BUDGET_FIELDS} } } }
}`;
