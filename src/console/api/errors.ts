// Every failure the console shows goes through ApiError and describeError, so each
// contract error code reads the same way on every screen.

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'BUDGET_EXHAUSTED'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'NETWORK_ERROR'
  | 'ABORTED'
  | (string & {});

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof DOMException && err.name === 'AbortError') return new ApiError('ABORTED', 'Cancelled.');
  if (err instanceof TypeError) return new ApiError('NETWORK_ERROR', err.message);
  return new ApiError('INTERNAL_SERVER_ERROR', err instanceof Error ? err.message : String(err));
}

function numberAt(source: Record<string, unknown>, ...path: string[]): number | undefined {
  let value: unknown = source;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function remainingBudget(ext: Record<string, unknown>): string {
  const remaining =
    numberAt(ext, 'epsilonRemaining') ?? numberAt(ext, 'remaining') ?? numberAt(ext, 'budget', 'epsilonRemaining');
  if (remaining === undefined) return '';
  const refill = ext.refillsAt ?? (ext.budget as Record<string, unknown> | undefined)?.refillsAt;
  const refillText = typeof refill === 'string' ? ` It refills on ${new Date(refill).toLocaleString()}.` : '';
  return ` Remaining budget: ε = ${Number(remaining.toPrecision(4))}.${refillText}`;
}

/** A sentence a person can act on; server text is shown only where it is meant for users. */
export function describeError(err: unknown): string {
  const e = toApiError(err);
  const ext = e.extensions;
  switch (e.code) {
    case 'UNAUTHENTICATED':
      return 'Your token is not valid or has expired — sign in again.';
    case 'FORBIDDEN':
      return 'You are not allowed to do this with your current roles.';
    case 'NOT_FOUND':
      return 'Not found: it does not exist or is not shared with your organization.';
    case 'BAD_USER_INPUT':
      return `The server rejected the input: ${e.message}`;
    case 'BUDGET_EXHAUSTED':
      return `This query would exceed the agreement's privacy budget; nothing was spent.${remainingBudget(ext)}`;
    case 'RATE_LIMITED': {
      const retry = numberAt(ext, 'retryAfter') ?? numberAt(ext, 'retryAfterSeconds');
      return `Too many requests — wait ${retry !== undefined ? `${Math.ceil(retry)} s` : 'a moment'} and try again.`;
    }
    case 'QUERY_TOO_COMPLEX':
      return 'The request is too large or too deeply nested for the server. Ask for less at once.';
    case 'GRAPHQL_VALIDATION_FAILED':
      return 'The server does not support this request (its API may be older than this console).';
    case 'NETWORK_ERROR':
      return 'Could not reach the server. Check your connection and try again.';
    case 'ABORTED':
      return 'Cancelled.';
    default:
      return 'Something went wrong on the server. Try again; if it keeps happening, tell your platform administrator.';
  }
}
