import { Field, ID, ObjectType } from 'type-graphql';
import type { OrganizationEntity } from './organization.entity';
import { Node } from '../graphql/node.type';

@ObjectType('Organization', { implements: Node })
export class Organization {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() slug!: string;
  @Field() createdAt!: Date;

  static from(e: OrganizationEntity): Organization {
    return Object.assign(new Organization(), { id: e.id, name: e.name, slug: e.slug, createdAt: e.createdAt });
  }
}
