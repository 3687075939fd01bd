import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

export { GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar };
