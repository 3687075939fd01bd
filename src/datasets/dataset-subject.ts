import type { EntityManager } from 'typeorm';
import type { FieldSql } from '../auth/rules-to-sql';
import type { AuditedResource } from '../errors/errors';
import type { Subjects } from '../auth/subjects';
import type { DatasetEntity } from './dataset.entity';

/** Who sees a dataset as a partner: answered by the agreements' store (AgreementStore), passed in. */
export interface PartnerLookup {
  partnerOrganizationIds(m: EntityManager, datasetId: string): Promise<string[]>;
}

/** The CASL shape of a dataset, partners included (organizations with a live agreement on it). */
export async function datasetSubject(
  m: EntityManager,
  partners: PartnerLookup,
  dataset: Pick<DatasetEntity, 'id' | 'ownerOrganizationId'>,
): Promise<Subjects['Dataset']> {
  return {
    id: dataset.id,
    ownerOrganizationId: dataset.ownerOrganizationId,
    partnerOrganizationIds: await partners.partnerOrganizationIds(m, dataset.id),
  };
}

/** What an audit event about this dataset names. */
export function datasetResource(d: Pick<DatasetEntity, 'id' | 'ownerOrganizationId'>): AuditedResource {
  return { type: 'Dataset', id: d.id, organizationId: d.ownerOrganizationId };
}

/**
 * How the Dataset subject's fields read in SQL over `datasets d`. A partner is an organization with an
 * ACTIVE or SUSPENDED, unexpired agreement on the dataset; the same definition as datasetSubject.
 */
export const DATASET_SQL_FIELDS: Record<string, FieldSql> = {
  id: 'd.id',
  ownerOrganizationId: 'd.owner_organization_id',
  partnerOrganizationIds: (operator, param) => {
    const live = `a.dataset_id = d.id AND a.status IN ('ACTIVE', 'SUSPENDED') AND (a.expires_at IS NULL OR a.expires_at > now())`;
    if (operator === 'eq') return `EXISTS (SELECT 1 FROM agreements a WHERE ${live} AND a.partner_organization_id = :${param})`;
    if (operator === 'in') return `EXISTS (SELECT 1 FROM agreements a WHERE ${live} AND a.partner_organization_id IN (:...${param}))`;
    throw new Error(`no SQL for operator ${operator} on Dataset.partnerOrganizationIds`);
  },
};
