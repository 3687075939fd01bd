import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ParleyError } from '../errors/errors';
import { isLimitRejection } from './limits';

/** Codes produced by GraphQL itself (parse and validation) whose messages are safe to show. */
const GRAPHQL_OWN_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

/**
 * The only place errors leave the server. Our own errors pass with their code; errors GraphQL
 * raises about the request pass without internals; everything else becomes a bare
 * INTERNAL_SERVER_ERROR — never SQL, stack traces or data, in any environment.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ParleyError) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { ...original.extensions, code: original.code },
    };
  }
  if (isLimitRejection(formatted.message)) {
    return { message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: 'QUERY_TOO_COMPLEX' } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && GRAPHQL_OWN_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
    const { stacktrace: _drop, ...rest } = formatted.extensions ?? {};
    return { message: scrub(formatted.message), locations: formatted.locations, path: formatted.path, extensions: rest };
  }
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Validation messages echo the caller's input; keep them, but never beyond a sane length, and
 * without graphql-js's "Did you mean …?" hints, which spell out field, argument, type and enum value
 * names one guess at a time to a client without introspection. graphql-armor's blockFieldSuggestion
 * masks only validation errors that quote a field; enum values in variables fail at coercion and
 * read `Did you mean the enum value "X"?`, so the hint is removed here, for every message.
 */
export function scrub(message: string): string {
  const plain = message.replace(/\s*Did you mean [^?]*\?/g, '').trim();
  return plain.length > 500 ? plain.slice(0, 500) + '…' : plain;
}
