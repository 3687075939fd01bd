import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

export const SUBSCRIPTIONS_UNSUPPORTED = 'subscriptions are not supported: the API has no Subscription type; poll the query instead (e.g. agreement { budget })';

/**
 * The schema has no Subscription root, and GraphQL validation does not check fields of a root the
 * schema lacks, so a subscription would reach execution and fail there as an internal error.
 * Refusing it once the operation is known gives clients a clear 400 BAD_REQUEST instead.
 */
export function noSubscriptionsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(SUBSCRIPTIONS_UNSUPPORTED, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        },
      };
    },
  };
}
