import { AGREEMENT_SUBJECT_SQL } from '../agreements/agreement.store';
import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import type { Transactor } from '../db/transaction';
import { BadUserInputError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import type { PastQueryRow, QueryResultStore } from './query-result.store';

export const HISTORY_MAX = 200;

/**
 * An analyst's own released answers, newest first, under agreements it may query that are still
 * ACTIVE or SUSPENDED and unexpired: once an agreement ends, its answers are not served again
 * through this door. Reading history spends nothing and reveals nothing new: every value in it was
 * released before.
 */
export class QueryHistoryService {
  constructor(
    private readonly tx: Transactor,
    private readonly results: QueryResultStore,
    private readonly now: () => Date,
  ) {}

  async list(guard: Guard, agreementId: string | null | undefined, first: number): Promise<PastQueryRow[]> {
    const me = guard.requireUser();
    if (!Number.isInteger(first) || first < 1 || first > HISTORY_MAX) {
      throw new BadUserInputError(`first must be between 1 and ${HISTORY_MAX}`, 'first');
    }
    const agreement = agreementId ? requireUuid(agreementId, 'agreementId') : null;
    const visible = rulesToSql(guard.ability, 'query', 'Agreement', AGREEMENT_SUBJECT_SQL);
    if (!visible) return [];
    return this.results.history(this.tx.manager, me.userId, visible, agreement, first, this.now());
  }
}
