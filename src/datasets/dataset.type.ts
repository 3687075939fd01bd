import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JSONScalar } from '../graphql/scalars';
import type { ColumnSpec } from './column-spec';
import type { DatasetEntity } from './dataset.entity';
import type { ListedDataset } from './dataset.store';
import type { OrganizationEntity } from '../organizations/organization.entity';
import { Node } from '../graphql/node.type';

export enum ColumnType {
  INTEGER = 'INTEGER',
  FLOAT = 'FLOAT',
  BOOLEAN = 'BOOLEAN',
  CATEGORY = 'CATEGORY',
  TEXT = 'TEXT',
  DATE = 'DATE',
}

export enum Sensitivity {
  IDENTIFIER = 'IDENTIFIER',
  QUASI_IDENTIFIER = 'QUASI_IDENTIFIER',
  SENSITIVE = 'SENSITIVE',
  PUBLIC = 'PUBLIC',
}

export enum IngestMode {
  APPEND = 'APPEND',
  REPLACE = 'REPLACE',
}

registerEnumType(ColumnType, { name: 'ColumnType' });
registerEnumType(Sensitivity, { name: 'Sensitivity' });
registerEnumType(IngestMode, { name: 'IngestMode' });

@ObjectType('DatasetColumn')
export class DatasetColumn {
  @Field() name!: string;
  @Field(() => ColumnType) type!: ColumnType;
  @Field(() => Sensitivity) sensitivity!: Sensitivity;
  @Field() nullable!: boolean;
  @Field(() => Float, {
    nullable: true,
    description: 'Clamping bounds for numeric columns; they set the sensitivity of SUM/MEAN/QUANTILE.',
  })
  lowerBound!: number | null;
  @Field(() => Float, { nullable: true }) upperBound!: number | null;
  @Field(() => [String], { nullable: true, description: 'The public domain of a CATEGORY column.' })
  categories!: string[] | null;

  static from(c: ColumnSpec): DatasetColumn {
    return Object.assign(new DatasetColumn(), {
      name: c.name,
      type: c.type as ColumnType,
      sensitivity: c.sensitivity as Sensitivity,
      nullable: c.nullable,
      lowerBound: c.lowerBound,
      upperBound: c.upperBound,
      categories: c.categories,
    });
  }
}

@ObjectType('IngestError')
export class IngestError {
  @Field(() => Int, { description: '1-based line number in the uploaded CSV (header is line 1).' }) line!: number;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field() message!: string;
}

@ObjectType('IngestReport')
export class IngestReport {
  @Field(() => Int) datasetVersion!: number;
  @Field(() => Int) rowsReceived!: number;
  @Field(() => Int) rowsAccepted!: number;
  @Field(() => Int) rowsRejected!: number;
  @Field(() => Int) duplicatesRemoved!: number;
  @Field(() => Int) valuesClamped!: number;
  @Field(() => JSONScalar, {
    description: 'Per column: null count, distinct count (exact, owner-only), clamped count.',
  })
  columnStats!: Record<string, unknown>;
  @Field(() => [IngestError], { description: 'At most the first 100 problems.' }) errors!: IngestError[];
  @Field() finishedAt!: Date;

  /** From the stored JSON form (`datasets.quality_report`, or a fresh report). */
  static from(r: Record<string, unknown>): IngestReport {
    const errors = (r.errors as IngestError[] | undefined) ?? [];
    return Object.assign(new IngestReport(), {
      ...r,
      errors: errors.map((e) => Object.assign(new IngestError(), e)),
      finishedAt: new Date(r.finishedAt as string | Date),
    });
  }
}

/**
 * `rowCount`, `qualityReport` and `owner` are resolved by DatasetResolver (owner-only figures are
 * released per field by the guard); `agreements` is added by the agreements module.
 */
@ObjectType('Dataset', { implements: Node })
export class Dataset {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [DatasetColumn]) columns!: DatasetColumn[];
  @Field(() => String, {
    nullable: true,
    description: 'Column that identifies the person a row is about; null means each row is one person.',
  })
  privacyUnitColumn!: string | null;
  @Field(() => Int, { description: 'Contribution bound: at most this many rows per privacy unit enter any aggregate.' })
  maxRowsPerUnit!: number;
  @Field(() => Int, { description: 'Increments on every successful ingest.' }) version!: number;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;

  /** Not a GraphQL field: resolvers use it for `owner` and the field-level guard. */
  ownerOrganizationId!: string;
  /** Exact figures, released only through the guarded field resolvers. */
  exactRowCount!: number;
  /** Undefined when the dataset came from a list, which leaves the report out. */
  storedQualityReport!: Record<string, unknown> | null | undefined;

  /** The owner read with a list; `owner` then checks it without a lookup (undefined otherwise). */
  listedOwner?: OrganizationEntity | null;

  static from(e: DatasetEntity | ListedDataset, listedOwner?: OrganizationEntity | null): Dataset {
    return Object.assign(new Dataset(), {
      listedOwner,
      id: e.id,
      name: e.name,
      description: e.description,
      columns: e.columns.map(DatasetColumn.from),
      privacyUnitColumn: e.privacyUnitColumn,
      maxRowsPerUnit: e.maxRowsPerUnit,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      ownerOrganizationId: e.ownerOrganizationId,
      exactRowCount: e.rowCount,
      storedQualityReport: e.qualityReport,
    });
  }
}
