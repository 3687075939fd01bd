import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { ParleyError } from '../../errors/errors';
import type { GraphQLContext } from '../context';

/** One line per operation: request id, operation, duration, outcome. Never variables or results. */
export function requestLogPlugin(onDone?: (operation: string, outcome: string, seconds: number) => void): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, request, response, errors }) {
          const field = operation?.selectionSet.selections.find((s) => s.kind === 'Field');
          const name = request.operationName ?? (field && field.kind === 'Field' ? field.name.value : 'unknown');
          const codes = (errors ?? []).map(codeOf);
          const outcome = codes.length ? codes[0]! : 'ok';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          onDone?.(name, outcome, seconds);
          const internal = (errors ?? []).find((e) => codeOf(e) === 'INTERNAL_SERVER_ERROR');
          contextValue.log[internal ? 'error' : 'info'](
            {
              operation: name,
              durationMs: Math.round(seconds * 1000),
              outcome,
              ...(internal ? { err: { message: internal.originalError?.message ?? internal.message, stack: internal.originalError?.stack } } : {}),
            },
            'graphql',
          );
          void response;
        },
      };
    },
  };
}

function codeOf(e: GraphQLError): string {
  const original = e.originalError;
  if (original instanceof ParleyError) return original.code;
  if (e instanceof ParleyError) return e.code;
  const code = e.extensions?.code;
  return typeof code === 'string' && !original ? code : 'INTERNAL_SERVER_ERROR';
}
