import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Dataset } from '../datasets/dataset.type';
import type { GraphQLContext } from '../graphql/context';
import { Organization } from '../organizations/organization.type';
import { User } from '../organizations/user.type';
import { AmendAgreementInput, GrantAgreementInput } from './agreement.input';
import { AgreementStatus, SharingAgreement } from './agreement.type';
import { PrivacyBudget } from './privacy-budget.type';

@Resolver(() => SharingAgreement)
export class AgreementResolver {
  @Query(() => [SharingAgreement])
  async agreements(
    @Arg('status', () => AgreementStatus, { nullable: true }) status: AgreementStatus | null,
    @Arg('datasetId', () => ID, { nullable: true }) datasetId: string | null,
    @Ctx() { guard, services }: GraphQLContext,
  ): Promise<SharingAgreement[]> {
    return (await services.agreementReads.list(guard, status, datasetId)).map((a) => SharingAgreement.from(a));
  }

  @Query(() => SharingAgreement, { nullable: true })
  async agreement(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement | null> {
    const a = await services.agreementReads.find(guard, id);
    return a ? SharingAgreement.from(a) : null;
  }

  @Mutation(() => SharingAgreement)
  async grantAgreement(@Arg('input') input: GrantAgreementInput, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement> {
    return SharingAgreement.from(await services.agreements.grant(guard, input));
  }

  @Mutation(() => SharingAgreement)
  async amendAgreement(@Arg('input') input: AmendAgreementInput, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement> {
    return SharingAgreement.from(await services.agreements.amend(guard, input));
  }

  @Mutation(() => SharingAgreement)
  async suspendAgreement(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement> {
    return SharingAgreement.from(await services.agreements.suspend(guard, id));
  }

  @Mutation(() => SharingAgreement)
  async resumeAgreement(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement> {
    return SharingAgreement.from(await services.agreements.resume(guard, id));
  }

  @Mutation(() => SharingAgreement)
  async revokeAgreement(@Arg('id', () => ID) id: string, @Ctx() { guard, services }: GraphQLContext): Promise<SharingAgreement> {
    return SharingAgreement.from(await services.agreements.revoke(guard, id));
  }

  @FieldResolver(() => Dataset)
  async dataset(@Root() a: SharingAgreement, @Ctx() { guard, services }: GraphQLContext): Promise<Dataset> {
    return Dataset.from(await services.agreementReads.datasetOf(guard, a.view));
  }

  @FieldResolver(() => Organization)
  async owner(@Root() a: SharingAgreement, @Ctx() { guard, services }: GraphQLContext): Promise<Organization> {
    return Organization.from(await services.organizations.get(guard, a.view.ownerOrganizationId));
  }

  @FieldResolver(() => Organization)
  async partner(@Root() a: SharingAgreement, @Ctx() { guard, services }: GraphQLContext): Promise<Organization> {
    return Organization.from(await services.organizations.get(guard, a.view.partnerOrganizationId));
  }

  @FieldResolver(() => User)
  async grantedBy(@Root() a: SharingAgreement, @Ctx() { guard, services }: GraphQLContext): Promise<User> {
    return User.from(await services.agreementReads.grantedBy(guard, a.view));
  }

  @FieldResolver(() => PrivacyBudget)
  async budget(@Root() a: SharingAgreement, @Ctx() { guard, services }: GraphQLContext): Promise<PrivacyBudget> {
    return PrivacyBudget.from(await services.agreementReads.budget(guard, a.view));
  }
}
