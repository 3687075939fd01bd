import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../errors/errors';
import type { GraphQLContext } from '../graphql/context';
import { Organization } from '../organizations/organization.type';
import { User } from '../organizations/user.type';
import { AuditEvent, AuditEventConnection } from './audit-event.type';
import { AuditFilter } from './audit-filter.input';

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Query(() => AuditEventConnection)
  async auditEvents(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('last', () => Int, { nullable: true }) last: number | null,
    @Arg('before', () => String, { nullable: true }) before: string | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<AuditEventConnection> {
    return AuditEventConnection.from(await services.auditTrail.list(guard, filter, first ?? 50, after, last, before));
  }

  /** Null when the caller may not read that user (an AUDITOR reads its own organization's only). */
  @FieldResolver(() => User, { nullable: true })
  actor(@Root() event: AuditEvent, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    const id = event.actorId;
    if (!id) return Promise.resolve(null);
    return orNull(async () => User.from(await ctx.services.users.get(ctx.guard, id)));
  }

  @FieldResolver(() => Organization, { nullable: true })
  actorOrganization(@Root() event: AuditEvent, @Ctx() ctx: GraphQLContext): Promise<Organization | null> {
    const id = event.actorOrganizationId;
    if (!id) return Promise.resolve(null);
    return orNull(async () => Organization.from(await ctx.services.organizations.get(ctx.guard, id)));
  }
}

/**
 * A page of 500 events names few distinct actors: the services look each up once per request
 * (RequestLoaders). One the caller may not read is null here, not an error.
 */
async function orNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}
