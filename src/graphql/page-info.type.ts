import { Field, ObjectType } from 'type-graphql';

/** Relay-style page information, shared by every cursor-paginated connection. */
@ObjectType('PageInfo')
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
