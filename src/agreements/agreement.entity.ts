import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { asNumber } from '../db/column-transformers';

export type StoredAgreementStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
export type BudgetPeriod = 'NEVER' | 'DAILY' | 'WEEKLY' | 'MONTHLY';

@Entity({ name: 'agreements' })
export class AgreementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'dataset_id' })
  datasetId!: string;

  @Column('uuid', { name: 'owner_organization_id' })
  ownerOrganizationId!: string;

  @Column('uuid', { name: 'partner_organization_id' })
  partnerOrganizationId!: string;

  /** EXPIRED is never stored: it is derived from `expiresAt` at every use. */
  @Column('text')
  status!: StoredAgreementStatus;

  @Column('text')
  purpose!: string;

  @Column('text', { array: true })
  columns!: string[];

  @Column('text', { name: 'allowed_aggregations', array: true })
  allowedAggregations!: string[];

  @Column('numeric', { name: 'epsilon_budget', transformer: asNumber })
  epsilonBudget!: number;

  @Column('numeric', { name: 'epsilon_per_query_max', transformer: asNumber })
  epsilonPerQueryMax!: number;

  @Column('double precision')
  delta!: number;

  /** Total δ partition selection may spend per budget period (numeric, like the ε budget). */
  @Column('numeric', { name: 'delta_budget', transformer: asNumber })
  deltaBudget!: number;

  /** IDENTIFIER columns the partner may join its own datasets on; empty: no joins. */
  @Column('text', { name: 'join_columns', array: true, default: () => "'{}'" })
  joinColumns!: string[];
  /** Whether the partner may generate DP synthetic data under this agreement. */
  @Column('boolean', { name: 'allow_synthetic', default: false })
  allowSynthetic!: boolean;

  @Column('text', { name: 'budget_period' })
  budgetPeriod!: BudgetPeriod;

  @Column('integer', { name: 'suppress_below', nullable: true })
  suppressBelow!: number | null;

  @Column('timestamptz', { name: 'valid_from' })
  validFrom!: Date;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('uuid', { name: 'granted_by' })
  grantedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}

/** The status a caller sees: EXPIRED once `expiresAt` has passed, whatever was stored. */
export function effectiveStatus(a: Pick<AgreementEntity, 'status' | 'expiresAt'>, now: Date): StoredAgreementStatus | 'EXPIRED' {
  if (a.status !== 'REVOKED' && a.expiresAt && a.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return a.status;
}
