import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config/config';
import type { GraphQLContext } from './context';
import { formatError } from './format-error';
import { noSubscriptionsPlugin } from './plugins/no-subscriptions.plugin';
import { armor, fanOutRule, LIMITS } from './limits';
import { countLookups, lookupBudgetPlugin } from './plugins/lookup-budget.plugin';
import { rateLimitPlugin } from './plugins/rate-limit.plugin';
import { refusalAuditPlugin } from './plugins/refusal-audit.plugin';
import { requestLogPlugin } from './plugins/request-log.plugin';

export interface ApolloOptions {
  schema: GraphQLSchema;
  config: Config;
  onOperation?: (operation: string, outcome: string, seconds: number) => void;
}

export function createApollo({ schema, config, onOperation }: ApolloOptions): ApolloServer<GraphQLContext> {
  const limits = armor();
  return new ApolloServer<GraphQLContext>({
    schema: countLookups(schema),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    allowBatchedHttpRequests: false,
    // A browser cannot send Authorization cross-origin without a preflight, so a request carrying
    // it is as safe as one with Apollo's own headers; this lets urql's and graphql-request's GET
    // queries through. GET stays for queries only: Apollo refuses mutations over GET.
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // The process owns shutdown (src/main.ts): Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: [...limits.validationRules, fanOutRule()],
    plugins: [
      // Apollo's landing page loads Sandbox from a CDN; browsers get the bundled explorer instead.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo installs its cache-control plugin unless told otherwise; Parley sets no cache hints
      // (every answer depends on the caller), and its per-field hooks cost a third of a list's time.
      ApolloServerPluginCacheControlDisabled(),
      noSubscriptionsPlugin<GraphQLContext>(),
      ...(limits.plugins as ApolloServerPlugin<GraphQLContext>[]),
      requestLogPlugin(onOperation),
      rateLimitPlugin(),
      lookupBudgetPlugin(config.maxDbRoundTrips),
      refusalAuditPlugin(),
    ],
  });
}
