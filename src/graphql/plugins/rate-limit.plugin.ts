import type { ApolloServerPlugin } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../errors/errors';
import type { GraphQLContext } from '../context';

export interface RateLimitOptions {
  points: number;
  windowSeconds: number;
}

/**
 * Counts GraphQL operations (not HTTP requests, not root fields) per token, or per client address
 * when no token authenticated; a request that never resolves to an operation (parse or validation
 * failure) costs nothing. The address is the socket's peer: behind a proxy every caller shares the
 * proxy's address (see docs/authorization.md). The limiter lives in each process: with N replicas
 * the effective ceiling is N times the limit.
 */
export function rateLimitPlugin(opts: RateLimitOptions): ApolloServerPlugin<GraphQLContext> {
  const limiter = new RateLimiterMemory({ points: opts.points, duration: opts.windowSeconds });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, response }) {
          const actor = contextValue.guard.actor;
          const key = actor ? `token:${actor.tokenId}` : `addr:${contextValue.clientAddress}`;
          try {
            await limiter.consume(key);
          } catch (e) {
            if (!(e instanceof RateLimiterRes)) throw e;
            const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
            // Set on the response head rather than in `extensions.http`, which would reach the client.
            response.http.status = 429;
            response.http.headers.set('retry-after', String(retryAfter));
            throw new RateLimitedError(retryAfter);
          }
        },
      };
    },
  };
}
