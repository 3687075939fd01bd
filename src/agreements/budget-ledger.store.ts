import type { EntityManager } from 'typeorm';
import type { BudgetWindow } from './budget-period';

export interface LedgerTotals {
  /** numeric as text: exact. */
  spent: string;
  remaining: string;
  queries: number;
  deltaSpent: string;
  deltaRemaining: string;
  /** Whether spent + the requested ε still fits in the budget, compared in SQL numeric. */
  fits: boolean;
  /** The same for δ. */
  deltaFits: boolean;
}

export interface LedgerUsage {
  agreementId: string;
  queries: number;
  spent: string;
  lastSpentAt: Date | null;
}

export interface LedgerDay {
  /** 00:00 UTC of the day. */
  day: Date;
  queries: number;
  spent: string;
}

/** The append-only ledger of privacy budget spends; every sum is done by PostgreSQL in `numeric`. */
export class BudgetLedgerStore {
  async totals(m: EntityManager, agreementId: string, window: BudgetWindow, requested: string, requestedDelta = '0'): Promise<LedgerTotals | null> {
    const rows: LedgerTotals[] = await m.query(
      `SELECT COALESCE(SUM(l.epsilon), 0)::text AS spent,
              GREATEST(a.epsilon_budget - COALESCE(SUM(l.epsilon), 0), 0)::text AS remaining,
              COUNT(l.id)::int AS queries,
              (COALESCE(SUM(l.epsilon), 0) + $4::numeric <= a.epsilon_budget) AS fits,
              COALESCE(SUM(l.delta), 0)::text AS "deltaSpent",
              GREATEST(a.delta_budget - COALESCE(SUM(l.delta), 0), 0)::text AS "deltaRemaining",
              (COALESCE(SUM(l.delta), 0) + $5::numeric <= a.delta_budget) AS "deltaFits"
         FROM agreements a
         LEFT JOIN budget_ledger l
           ON l.agreement_id = a.id AND l.spent_at >= $2 AND ($3::timestamptz IS NULL OR l.spent_at < $3::timestamptz)
        WHERE a.id = $1
        GROUP BY a.id, a.epsilon_budget, a.delta_budget`,
      [agreementId, window.start, window.end, requested, requestedDelta],
    );
    return rows[0] ?? null;
  }

  /** One row holds both the ε and the δ of a query: they are reserved, and kept, together. */
  async insert(m: EntityManager, agreementId: string, queryId: string, epsilon: string, delta: string, at: Date): Promise<void> {
    await m.query(`INSERT INTO budget_ledger (agreement_id, query_id, epsilon, delta, spent_at) VALUES ($1, $2, $3::numeric, $4::numeric, $5)`, [
      agreementId,
      queryId,
      epsilon,
      delta,
      at,
    ]);
  }

  /** All-time usage per agreement. */
  async usage(m: EntityManager, agreementIds: string[]): Promise<Map<string, LedgerUsage>> {
    if (agreementIds.length === 0) return new Map();
    const rows: { agreement_id: string; queries: number; spent: string; last_spent_at: Date | null }[] = await m.query(
      `SELECT agreement_id, COUNT(*)::int AS queries, SUM(epsilon)::text AS spent, MAX(spent_at) AS last_spent_at
         FROM budget_ledger WHERE agreement_id = ANY($1::uuid[]) GROUP BY agreement_id`,
      [agreementIds],
    );
    return new Map(
      rows.map((r) => [r.agreement_id, { agreementId: r.agreement_id, queries: r.queries, spent: r.spent, lastSpentAt: r.last_spent_at }]),
    );
  }

  /** Spends per UTC day, oldest first: the history behind a budget-usage chart. */
  async daily(m: EntityManager, agreementId: string): Promise<LedgerDay[]> {
    const rows: { day: Date; queries: number; spent: string }[] = await m.query(
      `SELECT date_trunc('day', spent_at, 'UTC') AS day, COUNT(*)::int AS queries, SUM(epsilon)::text AS spent
         FROM budget_ledger WHERE agreement_id = $1 GROUP BY 1 ORDER BY 1`,
      [agreementId],
    );
    return rows;
  }
}
