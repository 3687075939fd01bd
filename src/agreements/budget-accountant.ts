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

/** What a private query asks for at the start of its transaction. */
export interface QueryReservation {
  agreement: AgreementEntity;
  datasetId: string;
  /** The dataset version the query was prepared for. */
  datasetVersion: number;
  fingerprint: string;
  queryId: string;
  epsilon: number;
  delta: number;
  now: Date;
}

export interface StoredAnswer {
  id: string;
  result: unknown;
  epsilon: number;
  createdAt: Date;
}

/** Either the budget was reserved, or an identical query's answer is already stored (nothing spent). */
export type QueryReservationOutcome =
  | { kind: 'reserved'; budget: PrivacyBudgetView }
  | { kind: 'stored'; budget: PrivacyBudgetView; stored: StoredAnswer };

interface ReserveRow {
  status: string;
  expires_at: Date | null;
  version: number | null;
  result_id: string | null;
  result: unknown;
  result_epsilon: string | null;
  result_created_at: Date | null;
  spent: string;
  remaining: string;
  queries: number;
  delta_spent: string;
  delta_remaining: string;
  fits: boolean;
  delta_fits: boolean;
  reserved: boolean;
}

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

  /**
   * The start of a private query's transaction in one round trip (`query_reserve`, migration
   * 1764500000500): the same lock, re-check and numeric comparison as `reserve`, plus the dataset
   * version under a share lock and the answer an identical query may have stored while this one
   * waited for the lock (then nothing is spent). The agreement row lock also serializes identical
   * queries, which share the agreement.
   */
  async reserveForQuery(m: EntityManager, r: QueryReservation): Promise<QueryReservationOutcome> {
    const { agreement, epsilon, delta } = r;
    if (!Number.isFinite(epsilon) || epsilon <= 0) throw new BadUserInputError('epsilon must be a number above 0', 'epsilon');
    if (!Number.isFinite(delta) || delta < 0) throw new BadUserInputError('delta must be a number, 0 or more', 'delta');
    // budgetPeriod and validFrom never change after the grant: the window is the locked row's.
    const window = budgetWindow(agreement.budgetPeriod, agreement.validFrom, r.now);
    const rows: ReserveRow[] = await m.query('SELECT * FROM query_reserve($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9, $10)', [
      agreement.id,
      r.datasetId,
      r.datasetVersion,
      r.fingerprint,
      r.queryId,
      String(epsilon),
      String(delta),
      r.now,
      window.start,
      window.end,
    ]);
    const row = rows[0];
    if (!row) throw new NotFoundError('agreement');
    const totals: LedgerTotals = {
      spent: row.spent,
      remaining: row.remaining,
      queries: row.queries,
      deltaSpent: row.delta_spent,
      deltaRemaining: row.delta_remaining,
      fits: row.fits,
      deltaFits: row.delta_fits,
    };
    // Re-checked under the lock: a suspension or revocation that committed a moment ago wins.
    const status = effectiveStatus({ ...agreement, status: row.status as AgreementEntity['status'], expiresAt: row.expires_at }, r.now);
    const about = { type: 'Agreement', id: agreement.id, organizationId: agreement.ownerOrganizationId };
    if (status !== 'ACTIVE') throw new ForbiddenError(`the agreement is ${status}`, { agreementStatus: status }).about(about);
    if (row.version !== r.datasetVersion) {
      throw new BadUserInputError('the dataset changed while the query was being prepared; run it again', 'agreementId');
    }
    const budget = this.view(agreement, window, totals);
    if (row.result_id) {
      const stored = { id: row.result_id, result: row.result, epsilon: Number(row.result_epsilon), createdAt: new Date(row.result_created_at!) };
      return { kind: 'stored', budget, stored };
    }
    if (!row.reserved) {
      const deltas = { remaining: Number(totals.deltaRemaining), requested: delta };
      throw new BudgetExhaustedError(Number(totals.remaining), epsilon, deltas).about(about);
    }
    return { kind: 'reserved', budget };
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
