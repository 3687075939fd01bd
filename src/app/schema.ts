import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiTokenResolver } from '../auth/api-token.resolver';
import { DateTimeScalar } from '../graphql/scalars';
import { OrganizationResolver } from '../organizations/organization.resolver';
import { UserResolver } from '../organizations/user.resolver';

export const resolvers = [OrganizationResolver, UserResolver, ApiTokenResolver] as const;

/** Built from the resolvers; `npm run schema` writes it to schema.graphql, a test keeps them equal. */
export function buildParleySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
}
