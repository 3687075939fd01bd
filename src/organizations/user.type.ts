import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from './role';
import type { UserEntity } from './user.entity';
import { Node } from '../graphql/node.type';

registerEnumType(Role, { name: 'Role' });

@ObjectType('User', { implements: Node })
export class User {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) disabledAt!: Date | null;
  /** Resolved by UserResolver.organization. */
  organizationId!: string;

  static from(e: UserEntity): User {
    return Object.assign(new User(), {
      id: e.id,
      email: e.email,
      roles: e.roles,
      createdAt: e.createdAt,
      disabledAt: e.disabledAt,
      organizationId: e.organizationId,
    });
  }
}
