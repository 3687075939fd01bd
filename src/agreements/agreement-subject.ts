import type { AuditedResource } from '../errors/errors';
import type { Subjects } from '../auth/subjects';
import type { AgreementKeys } from './agreement.view';

/** The CASL shape of an agreement. */
export function agreementSubject(a: AgreementKeys): Subjects['Agreement'] {
  return { id: a.id, datasetId: a.datasetId, ownerOrganizationId: a.ownerOrganizationId, partnerOrganizationId: a.partnerOrganizationId };
}

/** What a refusal about this agreement names in the audit trail. */
export function agreementResource(a: AgreementKeys): AuditedResource {
  return { type: 'Agreement', id: a.id, organizationId: a.ownerOrganizationId };
}
