import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import { AuditEventEntity } from './audit-event.entity';
import type { AuditOutcome } from './audit-log';

/** A validated filter; `visible` is the caller's CASL rules as SQL. */
export interface AuditEventQuery {
  visible: SqlCondition;
  actorId?: string;
  organizationId?: string;
  actions?: string[];
  resourceId?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
}

/** Column mapping of the AuditEvent subject for rulesToSql. */
export const AUDIT_EVENT_FIELDS_SQL = {
  actorOrganizationId: 'e.actor_organization_id',
  resourceOrganizationId: 'e.resource_organization_id',
};

export class AuditEventStore {
  /**
   * Up to `limit` events strictly between `afterSeq` and `beforeSeq` (null: no upper end), the
   * first ones (forward) or the last ones (backward); always returned in ascending seq.
   */
  async page(
    m: EntityManager,
    query: AuditEventQuery,
    afterSeq: number,
    limit: number,
    opts: { beforeSeq?: number | null; backward?: boolean } = {},
  ): Promise<AuditEventEntity[]> {
    const qb = this.filtered(m, query).andWhere('e.seq > :afterSeq', { afterSeq });
    if (opts.beforeSeq != null) qb.andWhere('e.seq < :beforeSeq', { beforeSeq: opts.beforeSeq });
    const rows = await qb.orderBy('e.seq', opts.backward ? 'DESC' : 'ASC').limit(limit).getMany();
    return opts.backward ? rows.reverse() : rows;
  }

  /** Whether a visible, filtered event lies at or below `seq` — Relay's hasPreviousPage. */
  async anyBelow(m: EntityManager, query: AuditEventQuery, seq: number): Promise<boolean> {
    return (await this.filtered(m, query).andWhere('e.seq <= :seq', { seq }).limit(1).getOne()) !== null;
  }

  /** Whether a visible, filtered event lies at or above `seq` — hasNextPage when paging backward. */
  async anyAbove(m: EntityManager, query: AuditEventQuery, seq: number): Promise<boolean> {
    return (await this.filtered(m, query).andWhere('e.seq >= :seq', { seq }).limit(1).getOne()) !== null;
  }

  /** One event by id, only when `visible` (the caller's rules) covers it. */
  byId(m: EntityManager, visible: SqlCondition, id: string): Promise<AuditEventEntity | null> {
    return this.filtered(m, { visible }).andWhere('e.id = :id', { id }).getOne();
  }

  count(m: EntityManager, query: AuditEventQuery): Promise<number> {
    return this.filtered(m, query).getCount();
  }

  /** The whole trail in pages, for verification and export: keyset paging keeps memory bounded. */
  after(m: EntityManager, afterSeq: number, limit: number): Promise<AuditEventEntity[]> {
    return m.createQueryBuilder(AuditEventEntity, 'e').where('e.seq > :afterSeq', { afterSeq }).orderBy('e.seq', 'ASC').limit(limit).getMany();
  }

  async head(m: EntityManager): Promise<{ seq: number; hash: string } | null> {
    const rows: { seq: string; hash: string }[] = await m.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    return rows.length ? { seq: Number(rows[0]!.seq), hash: rows[0]!.hash } : null;
  }

  private filtered(m: EntityManager, q: AuditEventQuery) {
    const qb = m.createQueryBuilder(AuditEventEntity, 'e').where(q.visible.sql, q.visible.params);
    if (q.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: q.actorId });
    if (q.organizationId) {
      qb.andWhere('(e.actor_organization_id = :orgId OR e.resource_organization_id = :orgId)', { orgId: q.organizationId });
    }
    if (q.actions?.length) qb.andWhere('e.action IN (:...actions)', { actions: q.actions });
    if (q.resourceId) qb.andWhere('e.resource_id = :resourceId', { resourceId: q.resourceId });
    if (q.outcome) qb.andWhere('e.outcome = :outcome', { outcome: q.outcome });
    if (q.from) qb.andWhere('e.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.at <= :to', { to: q.to });
    return qb;
  }
}
