import type { ApolloServerPlugin } from '@apollo/server';
import { RateLimitedError } from '../../errors/errors';
import type { GraphQLContext } from '../context';

/**
 * Counts GraphQL operations (not HTTP requests, not root fields) per user and per organization, or
 * per client address when no token authenticated; a request that never resolves to an operation
 * (parse or validation failure) costs nothing here. Counting per user rather than per token means
 * that minting more tokens buys no more operations. The address is the socket's peer: behind a proxy
 * every caller shares the proxy's address (see docs/authorization.md). The counters (RequestLimits)
 * live in each process: with N replicas the effective ceiling is N times the limit.
 */
export function rateLimitPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, response }) {
          const { limits } = contextValue.services;
          const actor = contextValue.guard.actor;
          try {
            if (actor) await limits.consumeOperation(actor.userId, actor.organizationId);
            else await limits.consumeAnonymous(contextValue.clientAddress);
          } catch (e) {
            if (!(e instanceof RateLimitedError)) throw e;
            // Set on the response head rather than in `extensions.http`, which would reach the client.
            response.http.status = 429;
            response.http.headers.set('retry-after', String(e.extensions.retryAfterSeconds));
            throw e;
          }
        },
      };
    },
  };
}
