import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay's object identification. The contract keeps ids plain UUIDs (not type-prefixed global ids):
 * UUIDs are already unique across tables, so `node(id:)` finds the type from the id alone.
 * The implementing classes are resolved by instanceof, so resolvers must return class instances.
 */
@InterfaceType('Node', { description: 'An object with a globally unique id (ids are UUIDs).' })
export abstract class Node {
  @Field(() => ID, { description: 'A UUID, unique across every type.' })
  id!: string;
}
