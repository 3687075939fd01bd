import { Field, ObjectType } from 'type-graphql';

/** Relay-style page information, shared by every cursor-paginated connection. */
@ObjectType('PageInfo', { description: 'Where a page of a connection sits; cursors are opaque.' })
export class PageInfo {
  @Field({ description: 'True when more items follow endCursor.' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge on this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
  @Field({ description: 'True when items precede startCursor.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first edge on this page; pass it as `before` with `last` for the previous page.' })
  startCursor!: string | null;
}
