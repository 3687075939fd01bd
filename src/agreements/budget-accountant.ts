import type { EntityManager } from 'typeorm';
import { BadUserInputError, BudgetExhaustedError, ForbiddenError, NotFoundError } from '../errors/errors';
import { effectiveStatus, type AgreementEntity } from './agreement.entity';
import type { AgreementStore } from './agreement.store';
import type { BudgetLedgerStore, LedgerTotals } from './budget-ledger.store';
import { budgetWindow, type BudgetWindow } from './budget-period';
import type { PrivacyBudgetView } from './privacy-budget.view';

/** What an agreement's current budget is computed from. */
type BudgetTerms = Pick<AgreementEntity, 'id' | 'budgetPeriod' | 'validFrom' | 'epsilonBudget' | 'deltaBudget'>;

export type { PrivacyBudgetView } from './privacy-budget.view';

/**
 * Spends privacy budget. `reserve` runs inside the caller's transaction and locks the agreement row
 * (`SELECT … FOR UPDATE`) before summing the ledger, so concurrent spends on one agreement — from
 * any number of processes — serialize there; the comparison is done in SQL `numeric`, never in
 * floating point. The spend commits or rolls back with the caller's work.
 */
export class BudgetAccountant {
  constructor(
    private readonly agreements: AgreementStore,
    private readonly ledger: BudgetLedgerStore,
  ) {}

  /** Reserves ε and δ in one ledger row: both fit, or nothing is spent. */
  async reserve(m: EntityManager, agreementId: string, epsilon: number, queryId: string, now: Date, delta = 0): Promise<PrivacyBudgetView> {
    if (!Number.isFinite(epsilon) || epsilon <= 0) throw new BadUserInputError('epsilon must be a number above 0', 'epsilon');
    if (!Number.isFinite(delta) || delta < 0) throw new BadUserInputError('delta must be a number, 0 or more', 'delta');
    const agreement = await this.agreements.findById(m, agreementId, true);
    if (!agreement) throw new NotFoundError('agreement');
    // Re-checked under the lock: a suspension or revocation that committed a moment ago wins.
    const status = effectiveStatus(agreement, now);
    if (status !== 'ACTIVE') {
      throw new ForbiddenError(`the agreement is ${status}`, { agreementStatus: status }).about({
        type: 'Agreement',
        id: agreement.id,
        organizationId: agreement.ownerOrganizationId,
      });
    }
    const window = budgetWindow(agreement.budgetPeriod, agreement.validFrom, now);
    const requested = String(epsilon);
    const requestedDelta = String(delta);
    const totals = await this.totals(m, agreement.id, window, requested, requestedDelta);
    if (!totals.fits || !totals.deltaFits) {
      const deltas = { remaining: Number(totals.deltaRemaining), requested: delta };
      throw new BudgetExhaustedError(Number(totals.remaining), epsilon, deltas).about({
        type: 'Agreement',
        id: agreement.id,
        organizationId: agreement.ownerOrganizationId,
      });
    }
    await this.ledger.insert(m, agreement.id, queryId, requested, requestedDelta, now);
    return this.view(agreement, window, await this.totals(m, agreement.id, window, '0'));
  }

  async budgetOf(m: EntityManager, agreement: BudgetTerms, now: Date): Promise<PrivacyBudgetView> {
    const window = budgetWindow(agreement.budgetPeriod, agreement.validFrom, now);
    return this.view(agreement, window, await this.totals(m, agreement.id, window, '0'));
  }

  private async totals(m: EntityManager, agreementId: string, window: BudgetWindow, requested: string, requestedDelta = '0'): Promise<LedgerTotals> {
    const totals = await this.ledger.totals(m, agreementId, window, requested, requestedDelta);
    if (!totals) throw new NotFoundError('agreement');
    return totals;
  }

  private view(agreement: BudgetTerms, window: BudgetWindow, totals: LedgerTotals): PrivacyBudgetView {
    return {
      epsilonTotal: Number(agreement.epsilonBudget),
      epsilonSpent: Number(totals.spent),
      epsilonRemaining: Number(totals.remaining),
      queriesRun: totals.queries,
      deltaTotal: Number(agreement.deltaBudget),
      deltaSpent: Number(totals.deltaSpent),
      deltaRemaining: Number(totals.deltaRemaining),
      periodStartedAt: window.start,
      refillsAt: window.end,
    };
  }
}
