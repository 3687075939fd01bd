import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import type { Subjects } from '../auth/subjects';
import type { AuditLog } from '../audit/audit-log';
import { loadersFor } from '../db/request-loaders';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { isUniqueViolation, requireUuid } from '../errors/input';
import { validateDefinition, type DatasetDefinitionInput } from './dataset-definition';
import type { DatasetEntity } from './dataset.entity';
import type { OrganizationEntity } from '../organizations/organization.entity';
import type { DatasetStore, ListedDataset } from './dataset.store';
import { DATASET_SQL_FIELDS, datasetResource, datasetSubject, type PartnerLookup } from './dataset-subject';

/** What deleting a dataset needs of the agreements' store (AgreementStore). */
export interface DatasetAgreements extends PartnerLookup {
  revokeAllOfDataset(m: EntityManager, datasetId: string, at: Date): Promise<string[]>;
}

export class DatasetService {
  constructor(
    private readonly tx: Transactor,
    private readonly store: DatasetStore,
    private readonly agreements: DatasetAgreements,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async create(guard: Guard, input: DatasetDefinitionInput): Promise<DatasetEntity> {
    const actor = guard.requireUser();
    guard.ensure('create', 'Dataset', { id: '', ownerOrganizationId: actor.organizationId, partnerOrganizationIds: [] }, 'dataset');
    const def = validateDefinition(input);
    try {
      return await this.tx.run(async (m) => {
        const dataset = await this.store.insert(m, randomUUID(), actor.organizationId, def, actor.userId);
        await this.audit.success(m, actor, 'DATASET_CREATED', datasetResource(dataset), {
          name: def.name,
          columns: def.columns.map((c) => ({ name: c.name, type: c.type, sensitivity: c.sensitivity })),
          privacyUnitColumn: def.privacyUnitColumn,
          maxRowsPerUnit: def.maxRowsPerUnit,
        });
        return dataset;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new BadUserInputError(`your organization already has a dataset named "${def.name}"`, 'name');
      throw e;
    }
  }

  /** The visible datasets, each with its owner organization (unchecked: `owner` asks the policy). */
  async list(guard: Guard): Promise<{ dataset: ListedDataset; owner: OrganizationEntity | null }[]> {
    guard.requireUser();
    const visible = rulesToSql(guard.ability, 'read', 'Dataset', DATASET_SQL_FIELDS);
    if (!visible) return [];
    const rows = await this.store.list(this.tx.manager, visible);
    // Other nested fields of this request that name these owners need no further lookup either.
    const organizations = loadersFor(guard, this.tx.manager).organizations;
    for (const { owner } of rows) if (owner) organizations.prime(owner.id, owner);
    return rows;
  }

  /**
   * The stored quality report of a listed dataset (a list leaves it out), through the request's
   * loader: the datasets of one list are read in one statement. Unchecked: the caller asks the
   * field-level policy first.
   */
  async storedQualityReport(guard: Guard, datasetId: string): Promise<Record<string, unknown> | null> {
    const dataset = await loadersFor(guard, this.tx.manager).datasets.load(datasetId);
    return dataset?.qualityReport ?? null;
  }

  /** A dataset the caller may read (deleted ones do not exist); NOT_FOUND otherwise. */
  async get(guard: Guard, id: string): Promise<DatasetEntity> {
    return (await this.readable(guard, id, 'id')).dataset;
  }

  /** The dataset and its CASL shape, for services that check a further action on it. */
  async readable(guard: Guard, id: string, field: string): Promise<{ dataset: DatasetEntity; shape: Subjects['Dataset'] }> {
    guard.requireUser();
    const datasetId = requireUuid(id, field);
    const dataset = await this.store.findById(this.tx.manager, datasetId);
    if (!dataset) throw NotFoundError.missing('dataset', 'Dataset', datasetId);
    const shape = await datasetSubject(this.tx.manager, this.agreements, dataset);
    guard.ensure('read', 'Dataset', shape, 'dataset');
    return { dataset, shape };
  }

  /** Drops the data, keeps a tombstone, revokes the dataset's agreements: one transaction, one event. */
  async delete(guard: Guard, id: string): Promise<boolean> {
    const actor = guard.requireUser();
    const datasetId = requireUuid(id, 'id');
    return this.tx.run(async (m) => {
      const dataset = await this.store.lockById(m, datasetId);
      if (!dataset) throw NotFoundError.missing('dataset', 'Dataset', datasetId);
      guard.ensure('delete', 'Dataset', await datasetSubject(m, this.agreements, dataset), 'dataset');
      const at = this.now();
      const revoked = await this.agreements.revokeAllOfDataset(m, dataset.id, at);
      await this.store.tombstone(m, dataset, at);
      // No rowCount: the event is readable outside the owner organization (PLATFORM_AUDITOR, partners' auditors).
      await this.audit.success(m, actor, 'DATASET_DELETED', datasetResource(dataset), {
        name: dataset.name,
        version: dataset.version,
        revokedAgreementIds: revoked,
      });
      return true;
    });
  }
}
