import { effectiveStatus, type AgreementEntity } from './agreement.entity';
import type { AgreementStatusValue } from './agreement-lifecycle';

/**
 * An agreement as a caller reads it: its terms and keys, a plain copy of the stored row, with the
 * status as of the read (EXPIRED once past `expiresAt`). Services return it; the API maps it.
 */
export interface AgreementView extends Omit<AgreementEntity, 'status' | 'updatedAt'> {
  status: AgreementStatusValue;
}

export function agreementView(a: AgreementEntity, now: Date): AgreementView {
  return {
    id: a.id,
    datasetId: a.datasetId,
    ownerOrganizationId: a.ownerOrganizationId,
    partnerOrganizationId: a.partnerOrganizationId,
    status: effectiveStatus(a, now),
    purpose: a.purpose,
    columns: a.columns,
    allowedAggregations: a.allowedAggregations,
    epsilonBudget: Number(a.epsilonBudget),
    epsilonPerQueryMax: Number(a.epsilonPerQueryMax),
    delta: a.delta,
    deltaBudget: Number(a.deltaBudget),
    joinColumns: a.joinColumns,
    allowSynthetic: a.allowSynthetic,
    budgetPeriod: a.budgetPeriod,
    suppressBelow: a.suppressBelow,
    validFrom: a.validFrom,
    expiresAt: a.expiresAt,
    grantedBy: a.grantedBy,
    createdAt: a.createdAt,
    revokedAt: a.revokedAt,
  };
}

/** The keys that policies and audit events name an agreement by. */
export type AgreementKeys = Pick<AgreementEntity, 'id' | 'datasetId' | 'ownerOrganizationId' | 'partnerOrganizationId'>;
