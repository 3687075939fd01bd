import type { EntityManager } from 'typeorm';
import type { Guard } from '../auth/guard';
import type { SuccessAction } from '../audit/audit-action';
import type { AuditLog } from '../audit/audit-log';
import type { Transactor } from '../db/transaction';
import type { DatasetEntity } from '../datasets/dataset.entity';
import type { DatasetStore } from '../datasets/dataset.store';
import { datasetSubject } from '../datasets/dataset-subject';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import type { OrganizationStore } from '../organizations/organization.store';
import { effectiveStatus, type AgreementEntity, type BudgetPeriod } from './agreement.entity';
import { transition, type LifecycleAction } from './agreement-lifecycle';
import { agreementResource as resourceOf, agreementSubject } from './agreement-subject';
import { amendTerms, validateGrantTerms, type EpsilonCaps, type TermsChange } from './agreement-terms';
import type { AgreementStore } from './agreement.store';
import { agreementView, type AgreementView } from './agreement.view';

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
  joinColumns?: string[] | null;
  allowSynthetic?: boolean | null;
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

const STATUS_EVENT: Record<Exclude<LifecycleAction, 'amend'>, SuccessAction> = {
  suspend: 'AGREEMENT_SUSPENDED',
  resume: 'AGREEMENT_RESUMED',
  revoke: 'AGREEMENT_REVOKED',
};

/** Sharing agreements: granting, amending, their lifecycle, and whether a query may use one. */
export class AgreementService {
  constructor(
    private readonly tx: Transactor,
    private readonly store: AgreementStore,
    private readonly datasets: DatasetStore,
    private readonly organizations: OrganizationStore,
    private readonly audit: AuditLog,
    private readonly caps: EpsilonCaps,
    private readonly now: () => Date,
  ) {}

  /** The organizations a dataset is shared with (a dataset's CASL subject needs them). */
  partnerOrganizationIds(m: EntityManager, datasetId: string): Promise<string[]> {
    return this.store.partnerOrganizationIds(m, datasetId);
  }

  async grant(guard: Guard, input: GrantInput): Promise<AgreementView> {
    const actor = guard.requireUser();
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
          joinColumns: input.joinColumns ?? [],
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
        allowSynthetic: input.allowSynthetic ?? false,
        datasetId,
        ownerOrganizationId: dataset.ownerOrganizationId,
        partnerOrganizationId: partnerId,
        status: 'ACTIVE',
        validFrom: now,
        grantedBy: actor.userId,
      });
      await this.audit.success(m, actor, 'AGREEMENT_GRANTED', resourceOf(agreement), {
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
        joinColumns: terms.joinColumns,
        allowSynthetic: input.allowSynthetic ?? false,
      });
      return agreementView(agreement, now);
    });
  }

  async amend(guard: Guard, input: AmendInput): Promise<AgreementView> {
    const actor = guard.requireUser();
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
      await this.audit.success(m, actor, 'AGREEMENT_AMENDED', resourceOf(a), {
        datasetId: a.datasetId,
        partnerOrganizationId: a.partnerOrganizationId,
        before,
        after,
      });
      return agreementView({ ...a, ...next, updatedAt: now }, this.now());
    });
  }

  suspend(guard: Guard, id: string): Promise<AgreementView> {
    return this.changeStatus(guard, id, 'suspend');
  }

  resume(guard: Guard, id: string): Promise<AgreementView> {
    return this.changeStatus(guard, id, 'resume');
  }

  revoke(guard: Guard, id: string): Promise<AgreementView> {
    return this.changeStatus(guard, id, 'revoke');
  }

  private async changeStatus(guard: Guard, rawId: string, action: Exclude<LifecycleAction, 'amend'>): Promise<AgreementView> {
    const actor = guard.requireUser();
    const id = requireUuid(rawId, 'id');
    const now = this.now();
    return this.tx.run(async (m) => {
      const a = await this.load(guard, m, id, true);
      guard.ensure(action, 'Agreement', agreementSubject(a), 'agreement');
      const from = effectiveStatus(a, now);
      const status = transition(action, from)!;
      const patch = action === 'revoke' ? { status, revokedAt: now } : { status };
      await this.store.update(m, a.id, patch, now);
      await this.audit.success(m, actor, STATUS_EVENT[action], resourceOf(a), {
        datasetId: a.datasetId,
        partnerOrganizationId: a.partnerOrganizationId,
        from,
        to: status,
      });
      return agreementView({ ...a, ...patch, updatedAt: now }, this.now());
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
    guard.requireUser();
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
    const dataset = await this.datasets.findIncludingDeleted(m, id);
    if (!dataset || dataset.deletedAt) throw NotFoundError.missing('dataset', 'Dataset', id);
    if (!guard.can('read', 'Dataset', await datasetSubject(m, this.store, dataset))) {
      throw new NotFoundError('dataset').about({ type: 'Dataset', id, organizationId: dataset.ownerOrganizationId });
    }
    return dataset;
  }
}
