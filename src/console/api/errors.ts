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

const short = (n: number) => Number(n.toPrecision(4));

/**
 * Which budget ran out. The server refuses before reserving anything, so a refusal spends neither;
 * when both fall short, ε is named first (it is the one the analyst usually lowers).
 */
function exhaustedBudget(ext: Record<string, unknown>): string {
  const epsLeft = numberAt(ext, 'epsilonRemaining');
  const epsNeeded = numberAt(ext, 'epsilonRequested');
  const deltaLeft = numberAt(ext, 'deltaRemaining');
  const deltaNeeded = numberAt(ext, 'deltaRequested');
  const epsShort = epsLeft !== undefined && epsNeeded !== undefined && epsNeeded > epsLeft;
  const deltaShort = deltaLeft !== undefined && deltaNeeded !== undefined && deltaNeeded > deltaLeft;
  if (deltaShort && !epsShort) {
    return `The agreement's δ budget has run out: this query needs δ = ${short(deltaNeeded!)}, only δ = ${short(deltaLeft!)} is left this period; nothing was spent.${refillText(ext)}`;
  }
  if (epsShort) {
    const both = deltaShort ? ` Its δ budget is short too (δ = ${short(deltaLeft!)} left).` : '';
    return `The agreement's ε budget has run out: this query needs ε = ${short(epsNeeded!)}, only ε = ${short(epsLeft!)} is left this period; nothing was spent.${both}${refillText(ext)}`;
  }
  return `This query would exceed the agreement's privacy budget; nothing was spent.${remainingBudget(ext)}`;
}

function refillText(ext: Record<string, unknown>): string {
  const refill = ext.refillsAt ?? (ext.budget as Record<string, unknown> | undefined)?.refillsAt;
  return typeof refill === 'string' ? ` It refills on ${new Date(refill).toLocaleString()}.` : '';
}

function remainingBudget(ext: Record<string, unknown>): string {
  const remaining =
    numberAt(ext, 'epsilonRemaining') ?? numberAt(ext, 'remaining') ?? numberAt(ext, 'budget', 'epsilonRemaining');
  if (remaining === undefined) return '';
  return ` Remaining budget: ε = ${short(remaining)}.${refillText(ext)}`;
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
      return exhaustedBudget(ext);
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
