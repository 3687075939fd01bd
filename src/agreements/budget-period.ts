import type { BudgetPeriod } from './agreement.entity';

export interface BudgetWindow {
  /** Ledger rows at or after this instant count against the budget. */
  start: Date;
  /** When the budget refills; null for NEVER. */
  end: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The budget period containing `now`, on UTC calendar boundaries: DAILY from 00:00 UTC, WEEKLY from
 * Monday 00:00 UTC, MONTHLY from the 1st 00:00 UTC. A NEVER budget has one period, from `validFrom`.
 */
export function budgetWindow(period: BudgetPeriod, validFrom: Date, now: Date): BudgetWindow {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case 'NEVER':
      return { start: validFrom, end: null };
    case 'DAILY': {
      const start = Date.UTC(y, m, d);
      return { start: new Date(start), end: new Date(start + DAY_MS) };
    }
    case 'WEEKLY': {
      const sinceMonday = (now.getUTCDay() + 6) % 7;
      const start = Date.UTC(y, m, d - sinceMonday);
      return { start: new Date(start), end: new Date(start + 7 * DAY_MS) };
    }
    case 'MONTHLY':
      return { start: new Date(Date.UTC(y, m, 1)), end: new Date(Date.UTC(y, m + 1, 1)) };
    default:
      throw new Error(`unknown budget period ${String(period)}`);
  }
}
