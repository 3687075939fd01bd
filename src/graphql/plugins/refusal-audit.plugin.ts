import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { RefusalRecorder } from '../../audit/refusal-recorder';
import type { GraphQLContext } from '../context';
import { rootFieldOf } from '../root-field';

/**
 * Hands a request's first refusal to the RefusalRecorder (src/audit/refusal-recorder.ts), which
 * writes it in a transaction of its own after the refused work rolled back. One event per request.
 */
export function refusalAuditPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operation, document, schema }) {
          const refusal = errors.map((e) => unwrapResolverError(e)).find((e) => RefusalRecorder.isUnrecorded(e));
          if (!refusal) return;
          // The schema's root field, never the client's operationName (free text of any size).
          await contextValue.services.refusals.record(contextValue.guard.actor, refusal, {
            operation: rootFieldOf(schema, operation, document),
            clientAddress: contextValue.clientAddress,
          });
        },
      };
    },
  };
}
