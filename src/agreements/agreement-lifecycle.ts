import { BadUserInputError } from '../errors/errors';
import type { StoredAgreementStatus } from './agreement.entity';

export type AgreementStatusValue = StoredAgreementStatus | 'EXPIRED';
export type LifecycleAction = 'amend' | 'suspend' | 'resume' | 'revoke';

/**
 * ACTIVE ⇄ SUSPENDED → REVOKED (terminal). EXPIRED is derived from `expiresAt` and is terminal too,
 * except that it can still be revoked (which makes the end explicit in the audit trail).
 */
const FROM: Record<LifecycleAction, readonly AgreementStatusValue[]> = {
  amend: ['ACTIVE', 'SUSPENDED'],
  suspend: ['ACTIVE'],
  resume: ['SUSPENDED'],
  revoke: ['ACTIVE', 'SUSPENDED', 'EXPIRED'],
};

const TO: Partial<Record<LifecycleAction, StoredAgreementStatus>> = {
  suspend: 'SUSPENDED',
  resume: 'ACTIVE',
  revoke: 'REVOKED',
};

export function canTransition(action: LifecycleAction, from: AgreementStatusValue): boolean {
  return FROM[action].includes(from);
}

/** The stored status after `action`, or BAD_USER_INPUT naming the current status. */
export function transition(action: LifecycleAction, from: AgreementStatusValue): StoredAgreementStatus | null {
  if (!canTransition(action, from)) {
    throw new BadUserInputError(`cannot ${action} an agreement that is ${from}`, action === 'amend' ? 'agreementId' : 'id');
  }
  return TO[action] ?? null;
}
