import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'BUDGET_EXHAUSTED'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'SHUTTING_DOWN'
  | 'INTERNAL_SERVER_ERROR';

export interface AuditedResource {
  type: string;
  id: string | null;
  organizationId: string | null;
}

/** Errors whose message is written for the client. Anything else is masked before it leaves. */
export abstract class ParleyError extends GraphQLError {
  abstract readonly code: ErrorCode;
  /** HTTP status for the REST endpoints. */
  abstract readonly status: number;
  /** What the refused call was aimed at, for the audit trail; never sent to the client. */
  resource: AuditedResource | null = null;

  about(resource: AuditedResource): this {
    this.resource = resource;
    return this;
  }

  /** True once a service wrote this refusal's audit event itself: the generic recorder then writes none. */
  audited = false;

  markAudited(): this {
    this.audited = true;
    return this;
  }

  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions });
    this.name = new.target.name;
  }

  override toJSON() {
    return { message: this.message, extensions: { ...this.extensions, code: this.code } };
  }
}

export class UnauthenticatedError extends ParleyError {
  readonly code = 'UNAUTHENTICATED';
  readonly status = 401;
  constructor(message = 'a valid bearer token is required') {
    super(message);
  }
}

export class ForbiddenError extends ParleyError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  constructor(message = 'not allowed', extensions: Record<string, unknown> = {}) {
    super(message, extensions);
  }
}

export class NotFoundError extends ParleyError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  constructor(what: string) {
    super(`${what} not found`);
  }

  /**
   * An id that names nothing. It is audited exactly like an id the caller may not see (same
   * action, resource type and id; the owner, which does not exist, is the only difference and is
   * never shown), so that neither the answer, the caller's own trail nor the time taken tells a
   * foreign id from a made-up one.
   */
  static missing(what: string, type: string, id: string): NotFoundError {
    return new NotFoundError(what).about({ type, id, organizationId: null });
  }
}

export class BadUserInputError extends ParleyError {
  readonly code = 'BAD_USER_INPUT';
  readonly status = 400;
  constructor(message: string, field?: string) {
    super(message, field ? { field } : {});
  }
}

export class BudgetExhaustedError extends ParleyError {
  readonly code = 'BUDGET_EXHAUSTED';
  readonly status = 409;
  constructor(remaining: number, requested: number, delta?: { remaining: number; requested: number }) {
    const short = delta && delta.requested > delta.remaining;
    super(
      short
        ? `the agreement's δ budget has ${delta.remaining} left; this query needs ${delta.requested}`
        : `the agreement's privacy budget has ${remaining} ε left; this query needs ${requested}`,
      {
        epsilonRemaining: remaining,
        epsilonRequested: requested,
        ...(delta ? { deltaRemaining: delta.remaining, deltaRequested: delta.requested } : {}),
      },
    );
  }
}

export class RateLimitedError extends ParleyError {
  readonly code = 'RATE_LIMITED';
  readonly status = 429;
  constructor(retryAfterSeconds: number) {
    super('too many requests; slow down', { retryAfterSeconds });
  }
}

export class QueryTooComplexError extends ParleyError {
  readonly code = 'QUERY_TOO_COMPLEX';
  readonly status = 400;
}

/** Refusals are the outcomes the audit trail records even though nothing changed. */
export function isRefusal(code: string): boolean {
  return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'BUDGET_EXHAUSTED' || code === 'RATE_LIMITED';
}

/** The server stopped before the request finished: its work was rolled back; retrying is safe. */
export class ShuttingDownError extends ParleyError {
  readonly code = 'SHUTTING_DOWN' as const;
  readonly status = 503;
  constructor() {
    super('the server is shutting down; nothing of this request was kept: retry');
  }
}
