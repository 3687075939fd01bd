import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import { loadersFor } from '../db/request-loaders';
import type { Transactor } from '../db/transaction';
import type { DatasetEntity } from '../datasets/dataset.entity';
import { datasetSubject } from '../datasets/dataset-subject';
import { NotFoundError } from '../errors/errors';
import { isUuid, requireUuid } from '../errors/input';
import type { UserEntity } from '../organizations/user.entity';
import type { AgreementEntity } from './agreement.entity';
import type { AgreementStatusValue } from './agreement-lifecycle';
import { agreementSubject } from './agreement-subject';
import { AGREEMENT_SUBJECT_SQL, type AgreementStore } from './agreement.store';
import { agreementView, type AgreementKeys, type AgreementView } from './agreement.view';
import type { BudgetAccountant } from './budget-accountant';
import type { BudgetLedgerStore, LedgerDay } from './budget-ledger.store';
import type { PrivacyBudgetView } from './privacy-budget.view';

export interface AgreementUsage {
  agreement: AgreementView;
  queriesRun: number;
  epsilonSpent: number;
  lastQueryAt: Date | null;
}

/** What callers may see of agreements: lists filtered in SQL, budgets, usage, and the nested fields. */
export class AgreementReadService {
  constructor(
    private readonly tx: Transactor,
    private readonly store: AgreementStore,
    private readonly ledger: BudgetLedgerStore,
    private readonly accountant: BudgetAccountant,
    private readonly now: () => Date,
  ) {}

  async list(guard: Guard, status?: AgreementStatusValue | null, datasetId?: string | null): Promise<AgreementView[]> {
    guard.requireUser();
    const dataset = datasetId ? requireUuid(datasetId, 'datasetId') : null;
    const visible = rulesToSql(guard.ability, 'read', 'Agreement', AGREEMENT_SUBJECT_SQL);
    if (!visible) return [];
    const now = this.now();
    return (await this.store.list(this.tx.manager, visible, { status, datasetId: dataset, now })).map((a) => agreementView(a, now));
  }

  /** For `agreement(id)`: null when the id is malformed or the caller may not see it. */
  async find(guard: Guard, id: string): Promise<AgreementView | null> {
    guard.requireUser();
    if (!isUuid(id)) return null;
    const a = await this.store.findById(this.tx.manager, id.toLowerCase());
    return a && guard.can('read', 'Agreement', agreementSubject(a)) ? agreementView(a, this.now()) : null;
  }

  /** The current period's budget; needs 'readBudget'. */
  async budget(guard: Guard, a: AgreementView): Promise<PrivacyBudgetView> {
    guard.ensure('readBudget', 'Agreement', agreementSubject(a), 'agreement');
    return this.accountant.budgetOf(this.tx.manager, a, this.now());
  }

  /** All-time usage of every agreement whose budget the caller may read, optionally those of one organization. */
  async usage(guard: Guard, organizationId?: string | null): Promise<AgreementUsage[]> {
    guard.requireUser();
    const orgId = organizationId ? requireUuid(organizationId, 'organizationId') : null;
    const visible = rulesToSql(guard.ability, 'readBudget', 'Agreement', AGREEMENT_SUBJECT_SQL);
    if (!visible) return [];
    const m = this.tx.manager;
    const now = this.now();
    const agreements = await this.store.list(m, visible, { organizationId: orgId, now });
    const usage = await this.ledger.usage(
      m,
      agreements.map((a) => a.id),
    );
    return agreements.map((a) => {
      const u = usage.get(a.id);
      return { agreement: agreementView(a, now), queriesRun: u?.queries ?? 0, epsilonSpent: u ? Number(u.spent) : 0, lastQueryAt: u?.lastSpentAt ?? null };
    });
  }

  /** Spends per UTC day over the agreement's life; needs 'readBudget' like the totals. */
  async dailyUsage(guard: Guard, a: AgreementKeys): Promise<LedgerDay[]> {
    guard.ensure('readBudget', 'Agreement', agreementSubject(a), 'agreement');
    return this.ledger.daily(this.tx.manager, a.id);
  }

  /**
   * The dataset behind an agreement the caller can read, under the dataset's own read policy: a
   * partner sees it only while one of its agreements on it is ACTIVE or SUSPENDED (not after a
   * revocation, an expiry or the dataset's deletion). `SharingAgreement.dataset` is non-null in the
   * contract, so a dataset the caller may not see is NOT_FOUND on that field, as everywhere else.
   * The owner organization and the platform auditor keep seeing it, its deleted tombstone
   * included, so that agreement histories stay readable.
   */
  async datasetOf(guard: Guard, a: AgreementKeys): Promise<DatasetEntity> {
    guard.ensure('read', 'Agreement', agreementSubject(a), 'agreement');
    const m = this.tx.manager;
    const dataset = await loadersFor(guard, m).datasets.load(a.datasetId);
    if (!dataset) throw new NotFoundError('dataset');
    // Readers who need no agreement (the owner organization, the platform auditor) keep the history;
    // a partner needs one that is in force now, and a deleted dataset has none.
    const withoutPartners = { id: dataset.id, ownerOrganizationId: dataset.ownerOrganizationId, partnerOrganizationIds: [] };
    if (guard.can('read', 'Dataset', withoutPartners)) return dataset;
    if (dataset.deletedAt || !guard.can('read', 'Dataset', await datasetSubject(m, this.store, dataset))) throw new NotFoundError('dataset');
    return dataset;
  }


  /**
   * Who granted the agreement. A caller of another organization (the partner) may not read that
   * user as such; it sees the counterpart's id, email and organization, with its roles withheld.
   */
  async grantedBy(guard: Guard, a: Pick<AgreementView, 'grantedBy'>): Promise<UserEntity> {
    // The agreements of one list mostly share their grantor: looked up once per request.
    const user = await loadersFor(guard, this.tx.manager).users.load(a.grantedBy);
    if (!user) throw new NotFoundError('user');
    return guard.can('read', 'User', user) ? user : { ...user, roles: [] };
  }
}
