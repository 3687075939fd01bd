import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { AgreementResolver } from '../agreements/agreement.resolver';
import { BudgetUsageResolver } from '../agreements/budget-usage.resolver';
import { DatasetAgreementsResolver } from '../agreements/dataset-agreements.resolver';
import { AuditEventResolver } from '../audit/audit-event.resolver';
import { AuditTrailResolver } from '../audit/audit-trail.resolver';
import { ApiTokenResolver } from '../auth/api-token.resolver';
import { DatasetResolver } from '../datasets/dataset.resolver';
import { FederationResolver } from '../federation/federation.resolver';
import { applyDescriptions } from '../graphql/apply-descriptions';
import '../graphql/enums';
import { NodeResolver } from '../graphql/node.resolver';
import { DateTimeScalar } from '../graphql/scalars';
import { OrganizationResolver } from '../organizations/organization.resolver';
import { UserResolver } from '../organizations/user.resolver';
import { AggregateResultAgreementResolver, PastQueryAgreementResolver } from '../queries/query-agreement.resolver';
import { QueryResolver } from '../queries/query.resolver';
import { SyntheticDatasetResolver } from '../synthetic/synthetic-dataset.resolver';

export const resolvers = [OrganizationResolver, UserResolver, ApiTokenResolver, AuditEventResolver, AuditTrailResolver, AgreementResolver, BudgetUsageResolver, DatasetAgreementsResolver, DatasetResolver, QueryResolver, AggregateResultAgreementResolver, PastQueryAgreementResolver, SyntheticDatasetResolver, FederationResolver, NodeResolver] as const;

/** Built from the resolvers; `npm run schema` writes it to schema.graphql, a test keeps them equal. */
export async function buildParleySchema(): Promise<GraphQLSchema> {
  // Parameter decorators run last-to-first, and type-graphql emits arguments in the order it
  // collected them: createUser(roles, email, organizationId). Ordering them by parameter position
  // makes the SDL follow the method signature, i.e. the contract. Execution maps by index, so
  // resolvers are unaffected; the sort is stable and idempotent for repeated builds.
  getMetadataStorage().params.sort((a, b) => a.index - b.index);
  useDefaultFieldResolvers();
  const schema = await buildSchema({
    resolvers: [...resolvers],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return applyDescriptions(schema);
}

/**
 * A plain field (one without a @FieldResolver) reads its property through graphql's default
 * resolver. type-graphql otherwise wraps every such field in a resolver of its own, whose only
 * purpose is to run middlewares and the auth checker on it; Parley has neither (authorization is
 * in the services and in the guarded field resolvers, such as Dataset.rowCount), and on a list of
 * objects a wrapper ran for every field of every object. The default resolver reads
 * `source[schema name]` where the wrapper read `source[property name]`, so a field named
 * differently in the schema keeps the wrapper; a middleware or @Authorized stops the build.
 */
function useDefaultFieldResolvers(): void {
  const storage = getMetadataStorage();
  const guarded = storage.middlewares.length + storage.resolverMiddlewares.length + storage.authorizedFields.length + storage.authorizedResolver.length;
  if (guarded > 0) throw new Error('a field middleware or @Authorized would be skipped by the default field resolvers: see useDefaultFieldResolvers');
  for (const field of storage.fields) if (field.schemaName === field.name) field.simple ??= true;
}
