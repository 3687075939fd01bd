import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { AuthenticationFailed } from '../auth/authenticator';
import { ParleyError, isRefusal } from '../errors/errors';
import type { DeniedAction } from './audit-action';
import type { RefusalCollapser } from './refusal-collapser';

const ACTION_BY_CODE: Partial<Record<string, DeniedAction>> = {
  UNAUTHENTICATED: 'AUTH_FAILED',
  FORBIDDEN: 'ACCESS_DENIED',
  NOT_FOUND: 'ACCESS_DENIED',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
  RATE_LIMITED: 'RATE_LIMITED',
};

/**
 * Refusals change nothing, so no service transaction records them: every entrance (the GraphQL
 * plugin, the bulk ingest route, authentication) hands them here, and they are written in a
 * transaction of their own after the refused work rolled back, through the collapser (identical
 * refusals in a window become one counted event). A NOT_FOUND counts only when a policy produced it
 * (it names the hidden resource). Services that audit their own refusals (private queries) mark
 * the error as audited, and it is not written twice.
 */
export class RefusalRecorder {
  constructor(private readonly collapser: RefusalCollapser) {}

  /** Whether an error is a refusal the trail keeps and no service recorded yet. */
  static isUnrecorded(e: unknown): e is ParleyError {
    if (!(e instanceof ParleyError) || e.audited) return false;
    return isRefusal(e.code) || (e.code === 'NOT_FOUND' && e.resource !== null);
  }

  /** `context` names where it happened (operation, client address); never client free text. */
  async record(actor: Actor | null, error: ParleyError, context: Record<string, unknown>): Promise<void> {
    const selector = error instanceof AuthenticationFailed ? error.selector : (actor?.tokenSelector ?? null);
    await this.collapser.record({
      actor,
      action: ACTION_BY_CODE[error.code] ?? 'REFUSED',
      resourceType: error.resource?.type ?? null,
      resourceId: error.resource?.id ?? null,
      resourceOrganizationId: error.resource?.organizationId ?? null,
      outcome: 'DENIED',
      details: {
        code: error.code,
        ...context,
        tokenSelector: selector,
        ...(error instanceof AuthenticationFailed ? { reason: error.reason } : {}),
      },
    });
    error.markAudited();
  }

  useLogger(log: Pick<Logger, 'error'>): void {
    this.collapser.useLogger(log);
  }

  /** Writes the collapsed summaries still pending; called on shutdown. */
  flush(): Promise<void> {
    return this.collapser.flush();
  }
}
