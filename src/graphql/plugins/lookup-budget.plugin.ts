import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { QueryTooComplexError } from '../../errors/errors';
import type { GraphQLContext } from '../context';

/**
 * Caps the database lookups one request may cause. Every resolution of a field that returns an
 * entity (an object type with an `id`) is at least one round trip, unless the entity came with its
 * parent's page (the nodes of a connection); the count is per request. The cost rule prices a
 * document before it runs; this catches what the price could not see (how many agreements a
 * dataset actually has). Over the cap every further lookup fails at once, and the response is one
 * QUERY_TOO_COMPLEX error without partial data.
 */
export function lookupBudgetPlugin(maxLookups: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      let lookups = 0;
      let exceeded = false;
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (!isLookup(info.parentType, getNamedType(info.returnType))) return;
              lookups += 1;
              if (lookups > maxLookups) {
                exceeded = true;
                throw tooMany(maxLookups);
              }
            },
          };
        },
        async willSendResponse({ response }) {
          if (!exceeded || response.body.kind !== 'single') return;
          const error = tooMany(maxLookups).toJSON();
          response.body.singleResult = { data: null, errors: [error] };
        },
      };
    },
  };
}

function tooMany(max: number): QueryTooComplexError {
  return new QueryTooComplexError(`the request needs more than ${max} database lookups; ask for fewer nested lists`);
}

function isLookup(parent: GraphQLObjectType, returned: unknown): boolean {
  if (!isObjectType(returned) || !('id' in returned.getFields())) return false;
  return !/(Edge|Connection)$/.test(parent.name);
}
