import { ParleyError } from '../errors/errors';

/** The one answer to any failure after a query's budget was reserved; its text never depends on the data. */
export const CHARGED_FAILURE_MESSAGE = 'the query failed after its budget was reserved; the reserved budget is spent';

/**
 * A query that failed after its ε and δ were reserved: a statement timeout, more candidate groups
 * than the public cap, or any error of ours while the answer was being built. Refunding would turn
 * the failure into a free, exact test of whatever made it fail (a NULL unit, a slow plan, a large
 * key set), so the reservation stands and every such failure looks the same to the caller.
 */
export class ChargedQueryFailure extends ParleyError {
  readonly code = 'INTERNAL_SERVER_ERROR';
  readonly status = 500;

  constructor(epsilonSpent: number, deltaSpent: number) {
    super(CHARGED_FAILURE_MESSAGE, { charged: true, epsilonSpent, deltaSpent });
  }
}
