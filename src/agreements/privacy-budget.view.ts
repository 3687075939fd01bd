/** An agreement's budget in its current period, computed from the ledger. */
export interface PrivacyBudgetView {
  epsilonTotal: number;
  epsilonSpent: number;
  epsilonRemaining: number;
  queriesRun: number;
  /** δ of partition selection per period, spent and left. */
  deltaTotal: number;
  deltaSpent: number;
  deltaRemaining: number;
  periodStartedAt: Date;
  /** Null when the period is NEVER. */
  refillsAt: Date | null;
}
