import type { ApolloServerPlugin } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../errors/errors';
import type { GraphQLContext } from '../context';

export interface RateLimitOptions {
  points: number;
  windowSeconds: number;
}

/**
 * Counts GraphQL operations (not HTTP requests) per token, or per client address when no token
 * authenticated. The limiter lives in each process: with N replicas the effective ceiling is N
 * times the limit, which docs/deployment.md states.
 */
export function rateLimitPlugin(opts: RateLimitOptions): ApolloServerPlugin<GraphQLContext> {
  const limiter = new RateLimiterMemory({ points: opts.points, duration: opts.windowSeconds });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          const actor = contextValue.guard.actor;
          const key = actor ? `token:${actor.tokenId}` : `addr:${contextValue.clientAddress}`;
          try {
            await limiter.consume(key);
          } catch (e) {
            if (e instanceof RateLimiterRes) {
              const error = new RateLimitedError(Math.ceil(e.msBeforeNext / 1000));
              error.extensions.http = { status: 429 };
              throw error;
            }
            throw e;
          }
        },
      };
    },
  };
}
