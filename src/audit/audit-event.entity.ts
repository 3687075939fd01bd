import { Column, Entity, PrimaryColumn } from 'typeorm';
import { asNumber } from '../db/column-transformers';

@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryColumn('bigint', { transformer: asNumber })
  seq!: number;

  @Column({ type: 'uuid', insert: false })
  id!: string;

  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('uuid', { name: 'actor_organization_id', nullable: true })
  actorOrganizationId!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'resource_type', nullable: true })
  resourceType!: string | null;

  @Column('text', { name: 'resource_id', nullable: true })
  resourceId!: string | null;

  /** Which organization the resource belongs to: lets its auditors see others' attempts on it. */
  @Column('uuid', { name: 'resource_organization_id', nullable: true })
  resourceOrganizationId!: string | null;

  @Column('text')
  outcome!: 'SUCCESS' | 'DENIED' | 'ERROR';

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column({ type: 'char', name: 'prev_hash', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
