import { Column, Entity, PrimaryColumn } from 'typeorm';
import { asNumber } from '../db/column-transformers';

/** A generated synthetic dataset; its rows are in `synthetic_dataset_chunks` (see the store). */
@Entity({ name: 'synthetic_datasets' })
export class SyntheticDatasetEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'agreement_id' })
  agreementId!: string;

  @Column('uuid', { name: 'dataset_id' })
  datasetId!: string;

  @Column('integer', { name: 'dataset_version' })
  datasetVersion!: number;

  @Column('uuid', { name: 'owner_organization_id' })
  ownerOrganizationId!: string;

  @Column('uuid', { name: 'partner_organization_id' })
  partnerOrganizationId!: string;

  @Column('text', { array: true })
  columns!: string[];

  @Column('integer', { name: 'row_count' })
  rowCount!: number;

  @Column('numeric', { transformer: asNumber })
  epsilon!: number;

  @Column('text')
  method!: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
