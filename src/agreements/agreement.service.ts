import type { EntityManager } from 'typeorm';
import type { Guard } from '../auth/guard';
import type { AuditLog } from '../audit/audit-log';
import type { Transactor } from '../db/transaction';
import type { DatasetEntity } from '../datasets/dataset.entity';
import { datasetSubject } from '../datasets/dataset-subject';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import type { OrganizationStore } from '../organizations/organization.store';
import { effectiveStatus, type AgreementEntity, type BudgetPeriod } from './agreement.entity';
import { transition, type LifecycleAction } from './agreement-lifecycle';
import { agreementResource as resourceOf, agreementSubject } from './agreement-subject';
import { amendTerms, validateGrantTerms, type EpsilonCaps, type TermsChange } from './agreement-terms';
import type { AgreementStore } from './agreement.store';

export interface GrantInput {
  datasetId: string;
  partnerOrganizationId: string;
  purpose: string;
  columns: string[];
  allowedAggregations: string[];
  epsilonBudget: number;
  epsilonPerQueryMax: number;
  delta?: number | null;
  deltaBudget?: number | null;
  budgetPeriod?: BudgetPeriod | null;
  suppressBelow?: number | null;
  expiresAt?: Date | null;
}

/** Absent or null terms keep their current value. */
export interface AmendInput {
  agreementId: string;
  epsilonBudget?: number | null;
  epsilonPerQueryMax?: number | null;
  expiresAt?: Date | null;
  suppressBelow?: number | null;
  deltaBudget?: number | null;
}

const STATUS_EVENT: Record<Exclude<LifecycleAction, 'amend'>, string> = {
  suspend: 'AGREEMENT_SUSPENDED',
  resume: 'AGREEMENT_RESUMED',
  revoke: 'AGREEMENT_REVOKED',
};

/** Sharing agreements: granting, amending, their lifecycle, and whether a query may use one. */
export class AgreementService {
  constructor(
    private readonly tx: Transactor,
    private readonly store: AgreementStore,
    private readonly organizations: OrganizationStore,
    private readonly audit: AuditLog,
    private readonly caps: EpsilonCaps,
    readonly now: () => Date,
  ) {}

  async grant(guard: Guard, input: GrantInput): Promise<AgreementEntity> {
    const actor = guard.user;
    const datasetId = requireUuid(input.datasetId, 'datasetId');
    const partnerId = requireUuid(input.partnerOrganizationId, 'partnerOrganizationId');
    const now = this.now();
    return this.tx.run(async (m) => {
      const dataset = await this.visibleDataset(guard, m, datasetId);
      const shape = { id: '', datasetId, ownerOrganizationId: dataset.ownerOrganizationId, partnerOrganizationId: partnerId };
      if (!guard.can('grant', 'Agreement', shape)) {
        throw new ForbiddenError("only the dataset owner's ORG_ADMIN may grant agreements on it").about({
          type: 'Dataset',
          id: dataset.id,
          organizationId: dataset.ownerOrganizationId,
        });
      }
      const terms = validateGrantTerms(
        {
          purpose: input.purpose,
          columns: input.columns,
          allowedAggregations: input.allowedAggregations,
          epsilonBudget: input.epsilonBudget,
          epsilonPerQueryMax: input.epsilonPerQueryMax,
          delta: input.delta ?? 0,
          deltaBudget: input.deltaBudget ?? null,
          budgetPeriod: input.budgetPeriod ?? 'NEVER',
          suppressBelow: input.suppressBelow ?? null,
          expiresAt: input.expiresAt ?? null,
        },
        dataset.columns,
        this.caps,
        now,
      );
      if (partnerId === dataset.ownerOrganizationId) {
        throw new BadUserInputError('the partner must be another organization than the dataset owner', 'partnerOrganizationId');
      }
      if (!(await this.organizations.findById(m, partnerId))) {
        throw new BadUserInputError('partnerOrganizationId does not name an existing organization', 'partnerOrganizationId');
      }
      const agreement = await this.store.insert(m, {
        ...terms,
        deltaBudget: terms.deltaBudget!,
        datasetId,
        ownerOrganizationId: dataset.ownerOrganizationId,
        partnerOrganizationId: partnerId,
        status: 'ACTIVE',
        validFrom: now,
        grantedBy: actor.userId,
      });
      await this.audit.append(m, {
        actor,
        action: 'AGREEMENT_GRANTED',
        resourceType: 'Agreement',
        resourceId: agreement.id,
        resourceOrganizationId: agreement.ownerOrganizationId,
        outcome: 'SUCCESS',
        details: {
          datasetId,
          partnerOrganizationId: partnerId,
          columns: terms.columns,
          allowedAggregations: terms.allowedAggregations,
          epsilonBudget: terms.epsilonBudget,
          epsilonPerQueryMax: terms.epsilonPerQueryMax,
          delta: terms.delta,
          deltaBudget: terms.deltaBudget,
          budgetPeriod: terms.budgetPeriod,
          suppressBelow: terms.suppressBelow,
          expiresAt: terms.expiresAt?.toISOString() ?? null,
        },
      });
      return agreement;
    });
  }

  async amend(guard: Guard, input: AmendInput): Promise<AgreementEntity> {
    const actor = guard.user;
    const id = requireUuid(input.agreementId, 'agreementId');
    const now = this.now();
    return this.tx.run(async (m) => {
      const a = await this.load(guard, m, id, true);
      guard.ensure('amend', 'Agreement', agreementSubject(a), 'agreement');
      transition('amend', effectiveStatus(a, now));
      const change: TermsChange = {
        epsilonBudget: input.epsilonBudget ?? undefined,
        epsilonPerQueryMax: input.epsilonPerQueryMax ?? undefined,
        expiresAt: input.expiresAt ?? undefined,
        suppressBelow: input.suppressBelow ?? undefined,
        deltaBudget: input.deltaBudget ?? undefined,
      };
      const current = {
        epsilonBudget: a.epsilonBudget,
        epsilonPerQueryMax: a.epsilonPerQueryMax,
        expiresAt: a.expiresAt,
        suppressBelow: a.suppressBelow,
        deltaBudget: a.deltaBudget,
      };
      const { next, before, after } = amendTerms(current, change, this.caps, now);
      await this.store.update(m, a.id, next, now);
      await this.audit.append(m, {
        actor,
        action: 'AGREEMENT_AMENDED',
        resourceType: 'Agreement',
        resourceId: a.id,
        resourceOrganizationId: a.ownerOrganizationId,
        outcome: 'SUCCESS',
        details: { datasetId: a.datasetId, partnerOrganizationId: a.partnerOrganizationId, before, after },
      });
      return { ...a, ...next, updatedAt: now };
    });
  }

  suspend(guard: Guard, id: string): Promise<AgreementEntity> {
    return this.changeStatus(guard, id, 'suspend');
  }

  resume(guard: Guard, id: string): Promise<AgreementEntity> {
    return this.changeStatus(guard, id, 'resume');
  }

  revoke(guard: Guard, id: string): Promise<AgreementEntity> {
    return this.changeStatus(guard, id, 'revoke');
  }

  private async changeStatus(guard: Guard, rawId: string, action: Exclude<LifecycleAction, 'amend'>): Promise<AgreementEntity> {
    const actor = guard.user;
    const id = requireUuid(rawId, 'id');
    const now = this.now();
    return this.tx.run(async (m) => {
      const a = await this.load(guard, m, id, true);
      guard.ensure(action, 'Agreement', agreementSubject(a), 'agreement');
      const from = effectiveStatus(a, now);
      const status = transition(action, from)!;
      const patch = action === 'revoke' ? { status, revokedAt: now } : { status };
      await this.store.update(m, a.id, patch, now);
      await this.audit.append(m, {
        actor,
        action: STATUS_EVENT[action],
        resourceType: 'Agreement',
        resourceId: a.id,
        resourceOrganizationId: a.ownerOrganizationId,
        outcome: 'SUCCESS',
        details: { datasetId: a.datasetId, partnerOrganizationId: a.partnerOrganizationId, from, to: status },
      });
      return { ...a, ...patch, updatedAt: now };
    });
  }

  /**
   * The agreement a private query runs under: the caller may 'query' it and it is ACTIVE and
   * unexpired at `now`. Malformed id → BAD_USER_INPUT; not visible → NOT_FOUND; visible but not
   * queryable by the caller, SUSPENDED, REVOKED, EXPIRED, or its dataset deleted → FORBIDDEN.
   * Budget is spent separately with BudgetAccountant.reserve, which re-checks the status under a lock.
   */
  async getUsable(guard: Guard, m: EntityManager, agreementId: string, now: Date): Promise<AgreementEntity> {
    return (await this.getUsableWithDataset(guard, m, agreementId, now)).agreement;
  }

  /** getUsable and the agreement's dataset, read together in one round trip. */
  async getUsableWithDataset(guard: Guard, m: EntityManager, agreementId: string, now: Date): Promise<{ agreement: AgreementEntity; dataset: DatasetEntity }> {
    guard.user;
    const id = requireUuid(agreementId, 'agreementId');
    const found = await this.store.findWithDataset(m, id);
    if (!found) throw NotFoundError.missing('agreement', 'Agreement', id);
    const { agreement: a, dataset } = found;
    if (!guard.can('read', 'Agreement', agreementSubject(a))) throw new NotFoundError('agreement').about(resourceOf(a));
    guard.ensure('query', 'Agreement', agreementSubject(a), 'agreement');
    const status = effectiveStatus(a, now);
    if (status !== 'ACTIVE') {
      throw new ForbiddenError(`the agreement is ${status}; it cannot be queried`, { agreementStatus: status }).about(resourceOf(a));
    }
    if (!dataset || dataset.deletedAt) {
      throw new ForbiddenError("the agreement's dataset was deleted; it cannot be queried").about(resourceOf(a));
    }
    return { agreement: a, dataset };
  }

  private async load(guard: Guard, m: EntityManager, id: string, lock: boolean): Promise<AgreementEntity> {
    const a = await this.store.findById(m, id, lock);
    if (!a) throw NotFoundError.missing('agreement', 'Agreement', id);
    if (!guard.can('read', 'Agreement', agreementSubject(a))) throw new NotFoundError('agreement').about(resourceOf(a));
    return a;
  }

  private async visibleDataset(guard: Guard, m: EntityManager, id: string): Promise<DatasetEntity> {
    const dataset = await this.store.findDataset(m, id);
    if (!dataset || dataset.deletedAt) throw NotFoundError.missing('dataset', 'Dataset', id);
    if (!guard.can('read', 'Dataset', await datasetSubject(m, dataset))) {
      throw new NotFoundError('dataset').about({ type: 'Dataset', id, organizationId: dataset.ownerOrganizationId });
    }
    return dataset;
  }
}
