import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import { DatasetEntity } from '../datasets/dataset.entity';
import { AgreementEntity } from './agreement.entity';
import type { AgreementStatusValue } from './agreement-lifecycle';

export interface AgreementFilter {
  status?: AgreementStatusValue | null;
  datasetId?: string | null;
  /** Agreements where this organization is owner or partner. */
  organizationId?: string | null;
  now: Date;
}

export type NewAgreement = Omit<AgreementEntity, 'id' | 'createdAt' | 'updatedAt' | 'revokedAt'>;

/** The fields of the Agreement policy subject, as columns of `agreements a`. */
export const AGREEMENT_SUBJECT_SQL = {
  id: 'a.id',
  datasetId: 'a.dataset_id',
  ownerOrganizationId: 'a.owner_organization_id',
  partnerOrganizationId: 'a.partner_organization_id',
};

export class AgreementStore {
  /** With `lock`, the row stays locked until the transaction ends: lifecycle changes and budget spends serialize on it. */
  findById(m: EntityManager, id: string, lock = false): Promise<AgreementEntity | null> {
    const q = m.createQueryBuilder(AgreementEntity, 'a').where('a.id = :id', { id });
    if (lock) q.setLock('pessimistic_write');
    return q.getOne();
  }

  /** The agreement and its dataset (deleted or not, null if absent) in one statement. */
  async findWithDataset(m: EntityManager, id: string): Promise<{ agreement: AgreementEntity; dataset: DatasetEntity | null } | null> {
    const found = await m
      .createQueryBuilder(AgreementEntity, 'a')
      .leftJoinAndMapOne('a.dataset', DatasetEntity, 'd', 'd.id = a.dataset_id')
      .where('a.id = :id', { id })
      .getOne();
    if (!found) return null;
    const { dataset, ...agreement } = found as AgreementEntity & { dataset?: DatasetEntity | null };
    return { agreement: Object.assign(new AgreementEntity(), agreement), dataset: dataset ?? null };
  }

  list(m: EntityManager, visible: SqlCondition, f: AgreementFilter): Promise<AgreementEntity[]> {
    const q = m.createQueryBuilder(AgreementEntity, 'a').where(visible.sql, visible.params);
    if (f.datasetId) q.andWhere('a.dataset_id = :datasetId', { datasetId: f.datasetId });
    if (f.organizationId) {
      q.andWhere('(a.owner_organization_id = :orgId OR a.partner_organization_id = :orgId)', { orgId: f.organizationId });
    }
    const unexpired = '(a.expires_at IS NULL OR a.expires_at > :now)';
    switch (f.status) {
      case 'ACTIVE':
      case 'SUSPENDED':
        q.andWhere(`a.status = :status AND ${unexpired}`, { status: f.status, now: f.now });
        break;
      case 'EXPIRED':
        q.andWhere(`a.status <> 'REVOKED' AND a.expires_at <= :now`, { now: f.now });
        break;
      case 'REVOKED':
        q.andWhere(`a.status = 'REVOKED'`);
        break;
    }
    return q.orderBy('a.created_at', 'DESC').addOrderBy('a.id').getMany();
  }

  insert(m: EntityManager, a: NewAgreement): Promise<AgreementEntity> {
    return m.save(m.create(AgreementEntity, { ...a, revokedAt: null }));
  }

  async update(m: EntityManager, id: string, patch: Partial<AgreementEntity>, at: Date): Promise<void> {
    await m.update(AgreementEntity, { id }, { ...patch, updatedAt: at });
  }

  /** Organizations that currently see the dataset through a live agreement (see DATASET_SQL_FIELDS). */
  async partnerOrganizationIds(m: EntityManager, datasetId: string): Promise<string[]> {
    const rows: { partner_organization_id: string }[] = await m.query(
      `SELECT DISTINCT partner_organization_id FROM agreements
        WHERE dataset_id = $1 AND status IN ('ACTIVE', 'SUSPENDED') AND (expires_at IS NULL OR expires_at > now())`,
      [datasetId],
    );
    return rows.map((r) => r.partner_organization_id);
  }

  /** Agreements die with their dataset; returns the ids that changed. */
  async revokeAllOfDataset(m: EntityManager, datasetId: string, at: Date): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `UPDATE agreements SET status = 'REVOKED', revoked_at = $2, updated_at = $2
        WHERE dataset_id = $1 AND status <> 'REVOKED' RETURNING id`,
      [datasetId, at],
    );
    return rows.map((r) => r.id);
  }
}
