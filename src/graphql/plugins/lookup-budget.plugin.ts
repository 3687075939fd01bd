import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { QueryTooComplexError } from '../../errors/errors';
import type { GraphQLContext } from '../context';

/**
 * Caps the database lookups one request may cause. Every resolution of a field that returns an
 * entity (an object type with an `id`) is at least one round trip, unless the entity came with its
 * parent's page (the nodes of a connection); the count is per request. The cost rule prices a
 * document before it runs; this catches what the price could not see (how many agreements a
 * dataset actually has). Over the cap every further lookup fails at once, and the response is one
 * QUERY_TOO_COMPLEX error without partial data.
 *
 * Only the lookup fields are counted, by wrapping their resolvers once (`countLookups`): a per-field
 * hook of Apollo (willResolveField) would run for every field of every answer, scalars included,
 * which costs more than the lookups it counts on a list of objects.
 */
export function lookupBudgetPlugin(maxLookups: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      budgets.set(contextValue, { max: maxLookups, lookups: 0, exceeded: false });
      return {
        async willSendResponse({ response }) {
          if (!budgets.get(contextValue)?.exceeded || response.body.kind !== 'single') return;
          const error = tooMany(maxLookups).toJSON();
          response.body.singleResult = { data: null, errors: [error] };
        },
      };
    },
  };
}

interface Budget {
  max: number;
  lookups: number;
  exceeded: boolean;
}

const budgets = new WeakMap<object, Budget>();
const COUNTED = Symbol('parley.lookupCounted');

/** Makes every lookup field of `schema` count against its request's budget; idempotent. */
export function countLookups(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isLookup(type, getNamedType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      if ((resolve as { [COUNTED]?: boolean })[COUNTED]) continue;
      const counted: typeof resolve = (source, args, context, info) => {
        const budget = budgets.get(context as object);
        if (budget) {
          budget.lookups += 1;
          if (budget.lookups > budget.max) {
            budget.exceeded = true;
            throw tooMany(budget.max);
          }
        }
        return resolve(source, args, context, info);
      };
      field.resolve = Object.assign(counted, { [COUNTED]: true });
    }
  }
  return schema;
}

function tooMany(max: number): QueryTooComplexError {
  return new QueryTooComplexError(`the request needs more than ${max} database lookups; ask for fewer nested lists`);
}

function isLookup(parent: GraphQLObjectType, returned: unknown): boolean {
  if (!isObjectType(returned) || !('id' in returned.getFields())) return false;
  return !/(Edge|Connection)$/.test(parent.name);
}
