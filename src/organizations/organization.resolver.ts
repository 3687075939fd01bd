import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { Organization } from './organization.type';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => String, { description: 'Liveness and readiness; needs no token.' })
  health(): string {
    return 'ok';
  }

  @Query(() => [Organization])
  async organizations(@Ctx() { guard, services }: GraphQLContext): Promise<Organization[]> {
    return (await services.organizations.list(guard)).map(Organization.from);
  }

  @Mutation(() => Organization)
  async createOrganization(
    @Arg('name') name: string,
    @Arg('slug') slug: string,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<Organization> {
    return Organization.from(await services.organizations.create(guard, name, slug));
  }
}
