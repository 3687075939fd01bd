import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ColumnSpec } from './column-spec';
import { asNumber } from '../db/column-transformers';

@Entity({ name: 'datasets' })
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'owner_organization_id' })
  ownerOrganizationId!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('jsonb')
  columns!: ColumnSpec[];

  @Column('text', { name: 'privacy_unit_column', nullable: true })
  privacyUnitColumn!: string | null;

  @Column('integer', { name: 'max_rows_per_unit' })
  maxRowsPerUnit!: number;

  @Column('integer')
  version!: number;

  @Column('bigint', { name: 'row_count', transformer: asNumber })
  rowCount!: number;

  /** Unquoted name of the data table in schema `parley_data`; generated, never user input. */
  @Column('text', { name: 'table_name' })
  tableName!: string;

  @Column('jsonb', { name: 'quality_report', nullable: true })
  qualityReport!: Record<string, unknown> | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
