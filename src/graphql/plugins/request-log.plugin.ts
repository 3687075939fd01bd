import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../context';
import { rootFieldOf } from '../root-field';

/**
 * One line per operation: request id, root field, duration, outcome. Never variables or results.
 * The outcome is the code the client was sent (formatError's verdict), so a parse, validation,
 * coercion or complexity error counts as what it is; only an INTERNAL_SERVER_ERROR is a fault of
 * ours and is logged at error level with its stack. Everything else is the client's doing: info, no stack.
 */
export function requestLogPlugin(onDone?: (operation: string, outcome: string, seconds: number) => void): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ schema, operation, document, response, errors }) {
          const name = rootFieldOf(schema, operation, document);
          const codes = sentCodes(response);
          const outcome = codes[0] ?? 'ok';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          onDone?.(name, outcome, seconds);
          const internalAt = codes.indexOf('INTERNAL_SERVER_ERROR');
          const fields = { operation: name, durationMs: Math.round(seconds * 1000), outcome };
          if (internalAt < 0) {
            contextValue.log.info(fields, 'graphql');
            return;
          }
          const internal = internalError(errors, internalAt);
          contextValue.log.error({ ...fields, err: { message: internal?.message ?? 'internal error', stack: internal?.stack } }, 'graphql');
        },
      };
    },
  };
}

/** The extensions.code of every error in the response as it leaves (already formatted). */
function sentCodes(response: GraphQLResponse): string[] {
  const body = response.body;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  return (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
}

/** The raw error behind the formatted one at `index` (Apollo formats them in order), unwrapped to its cause. */
function internalError(errors: readonly GraphQLError[] | undefined, index: number): Error | undefined {
  const e = errors?.[index];
  return e?.originalError ?? e;
}
