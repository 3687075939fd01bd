// A minimal GraphQL-over-HTTP client: POST /graphql with the bearer token.
import { ApiError, toApiError } from './errors';

interface GraphQLErrorBody {
  message?: string;
  extensions?: Record<string, unknown>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

export interface RequestOptions { signal?: AbortSignal }

export type Request = <T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) => Promise<T>;

export interface ClientConfig {
  token: string;
  endpoint?: string;
  /** Called once for any UNAUTHENTICATED answer, so the session can end everywhere at once. */
  onUnauthenticated?: (error: ApiError) => void;
}

function firstError(errors: GraphQLErrorBody[]): ApiError {
  const [first] = errors;
  const extensions = first?.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
  return new ApiError(code, first?.message ?? 'Unknown error', extensions);
}

function transportError(status: number): ApiError {
  if (status === 401) return new ApiError('UNAUTHENTICATED', 'Unauthorized');
  if (status === 403) return new ApiError('FORBIDDEN', 'Forbidden');
  if (status === 413) return new ApiError('BAD_USER_INPUT', 'The request is larger than the server accepts.');
  if (status === 429) return new ApiError('RATE_LIMITED', 'Too many requests');
  return new ApiError('INTERNAL_SERVER_ERROR', `HTTP ${status}`);
}

export function createClient({ token, endpoint = '/graphql', onUnauthenticated }: ClientConfig): Request {
  return async function request<T>(query: string, variables?: Record<string, unknown>, options: RequestOptions = {}) {
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json, application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query, variables }),
        signal: options.signal,
      });
      // GraphQL errors may come with a 4xx status (e.g. validation failures): read the body first.
      let body: GraphQLResponse<T> | undefined;
      try {
        body = (await response.json()) as GraphQLResponse<T>;
      } catch {
        body = undefined;
      }
      if (body?.errors?.length) throw firstError(body.errors);
      if (!response.ok || !body?.data) throw transportError(response.status);
      return body.data;
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'UNAUTHENTICATED') onUnauthenticated?.(error);
      throw error;
    }
  };
}
