import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context';
import { AuditCheckpoint, AuditVerification } from './audit-trail.type';

@Resolver()
export class AuditTrailResolver {
  @Query(() => AuditVerification, { description: 'Checks the whole chain and every signed checkpoint.' })
  async verifyAuditTrail(@Ctx() { guard, services }: GraphQLContext): Promise<AuditVerification> {
    return AuditVerification.from(await services.auditTrail.verify(guard));
  }

  @Query(() => [AuditCheckpoint], { description: 'The latest signed checkpoints, in ascending seq.' })
  async auditCheckpoints(
    @Arg('last', () => Int, { nullable: true, defaultValue: 20 }) last: number | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<AuditCheckpoint[]> {
    return (await services.auditTrail.checkpointList(guard, last ?? 20)).map(AuditCheckpoint.from);
  }

  @Query(() => String, { description: 'The key that signs checkpoints: base64 of its DER SubjectPublicKeyInfo (Ed25519).' })
  auditPublicKey(@Ctx() { guard, services }: GraphQLContext): string {
    return services.auditTrail.publicKey(guard);
  }

  @Mutation(() => AuditCheckpoint, { description: 'Sign the current head of the audit trail now.' })
  async createAuditCheckpoint(@Ctx() { guard, services }: GraphQLContext): Promise<AuditCheckpoint> {
    return AuditCheckpoint.from(await services.auditCheckpoints.create(guard));
  }
}
