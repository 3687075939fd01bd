import { registerEnumType } from 'type-graphql';
import { AggregateFunction } from '../agreements/aggregate-function';
import { FilterOp } from '../queries/filter-op';

/*
 * GraphQL names for enums that the domain uses as plain TypeScript enums (the query compiler and the
 * validator load no type-graphql). Imported by the schema builder before the schema is built. Enums
 * that only the API knows are registered beside their object types.
 */
registerEnumType(AggregateFunction, { name: 'AggregateFunction' });
registerEnumType(FilterOp, { name: 'FilterOp' });
