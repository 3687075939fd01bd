/** An agreement's budget in its current period, computed from the ledger. */
export interface PrivacyBudgetView {
  epsilonTotal: number;
  epsilonSpent: number;
  epsilonRemaining: number;
  queriesRun: number;
  periodStartedAt: Date;
  /** Null when the period is NEVER. */
  refillsAt: Date | null;
}
