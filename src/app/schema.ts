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
  const schema = await buildSchema({
    resolvers: [...resolvers],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return applyDescriptions(schema);
}
