import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { Organization } from './organization.type';
import { Role } from './role';
import { User } from './user.type';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User)
  async me(@Ctx() { guard, services }: GraphQLContext): Promise<User> {
    return User.from(await services.users.me(guard));
  }

  @Query(() => [User])
  async users(
    @Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<User[]> {
    return (await services.users.list(guard, organizationId)).map(User.from);
  }

  @Mutation(() => User)
  async createUser(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('email') email: string,
    @Arg('roles', () => [Role]) roles: Role[],
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<User> {
    return User.from(await services.users.create(guard, organizationId, email, roles));
  }

  @Mutation(() => User)
  async setUserRoles(
    @Arg('userId', () => ID) userId: string,
    @Arg('roles', () => [Role]) roles: Role[],
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<User> {
    return User.from(await services.users.setRoles(guard, userId, roles));
  }

  @Mutation(() => User)
  async disableUser(@Arg('userId', () => ID) userId: string, @Ctx() { guard, services }: GraphQLContext): Promise<User> {
    return User.from(await services.users.disable(guard, userId));
  }

  @FieldResolver(() => Organization)
  async organization(@Root() user: User, @Ctx() { guard, services }: GraphQLContext): Promise<Organization> {
    return Organization.from(await services.organizations.get(guard, user.organizationId));
  }
}
