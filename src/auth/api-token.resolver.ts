import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { User } from '../organizations/user.type';
import { ApiToken, IssuedToken } from './api-token.type';

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Query(() => [ApiToken])
  async apiTokens(@Ctx() { guard, services }: GraphQLContext): Promise<ApiToken[]> {
    return (await services.apiTokens.list(guard)).map(ApiToken.from);
  }

  @Mutation(() => IssuedToken, { description: 'Issue a token for yourself, or (admins) for a user you manage.' })
  async issueApiToken(
    @Arg('name') name: string,
    @Arg('userId', () => ID, { nullable: true }) userId: string | null,
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt: Date | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<IssuedToken> {
    const issued = await services.apiTokens.issue(guard, name, userId, expiresAt);
    return Object.assign(new IssuedToken(), { token: issued.token, apiToken: ApiToken.from(issued.apiToken) });
  }

  @Mutation(() => ApiToken)
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<ApiToken> {
    return ApiToken.from(await services.apiTokens.revoke(guard, id));
  }

  @FieldResolver(() => User)
  async user(@Root() token: ApiToken, @Ctx() { guard, services }: GraphQLContext): Promise<User> {
    return User.from(await services.users.get(guard, token.userId));
  }
}
