import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import type { DatasetDefinition } from './dataset-definition';
import { dataTableName, physicalType, quoteIdent } from './dataset-definition';
import { OrganizationEntity } from '../organizations/organization.entity';
import { DatasetEntity } from './dataset.entity';
import { UNIT_RANK_DDL, appendRanked } from './unit-rank';
import { queryPrepared } from '../db/prepared-statement';

export const DATA_SCHEMA = 'parley_data';

/** A dataset as a list reads it: what its GraphQL fields show, without the quality report. */
export type ListedDataset = Pick<
  DatasetEntity,
  'id' | 'ownerOrganizationId' | 'name' | 'description' | 'columns' | 'privacyUnitColumn' | 'maxRowsPerUnit' | 'version' | 'rowCount' | 'createdAt' | 'updatedAt'
> & { qualityReport?: undefined };

/** One row of `list`'s statement, as node-postgres parses it (bigint arrives as text). */
interface ListedRow {
  id: string;
  owner_organization_id: string;
  name: string;
  description: string | null;
  columns: DatasetEntity['columns'];
  privacy_unit_column: string | null;
  max_rows_per_unit: number;
  version: number;
  row_count: string;
  created_at: Date;
  updated_at: Date;
  o_id: string | null;
  o_name: string;
  o_slug: string;
  o_created_at: Date;
}

/** The quoted, schema-qualified name of a dataset's data table (or a staging table). */
export function qualifiedTable(tableName: string): string {
  return `${DATA_SCHEMA}.${quoteIdent(tableName)}`;
}

/** Dataset metadata and the DDL of their data tables. Deleted datasets are tombstones: never returned. */
export class DatasetStore {
  /** `prepared`: hot reads run as named prepared statements (PostgreSQL only, see queryPrepared). */
  constructor(private readonly prepared = false) {}

  findById(m: EntityManager, id: string): Promise<DatasetEntity | null> {
    return m
      .createQueryBuilder(DatasetEntity, 'd')
      .where('d.id = :id AND d.deleted_at IS NULL', { id })
      .getOne();
  }

  /** The dataset, deleted or not: an agreement keeps pointing at it. */
  findIncludingDeleted(m: EntityManager, id: string): Promise<DatasetEntity | null> {
    return m.findOneBy(DatasetEntity, { id });
  }

  /** Locks the metadata row until the transaction ends: concurrent ingests and deletes queue here. */
  lockById(m: EntityManager, id: string): Promise<DatasetEntity | null> {
    return m
      .createQueryBuilder(DatasetEntity, 'd')
      .setLock('pessimistic_write')
      .where('d.id = :id AND d.deleted_at IS NULL', { id })
      .getOne();
  }

  /**
   * The visible datasets, each with its owner organization, in one statement. The rows are mapped
   * by hand: the query builder and its entity hydration were the largest part of a `datasets`
   * request's own CPU. The quality report, which can be large and which a list rarely asks for, is left out
   * (`qualityReport` undefined); `DatasetService.qualityReport` reads it when asked.
   */
  async list(m: EntityManager, visible: SqlCondition): Promise<{ dataset: ListedDataset; owner: OrganizationEntity | null }[]> {
    const [sql, params] = m.connection.driver.escapeQueryWithParameters(
      `SELECT d.id, d.owner_organization_id, d.name, d.description, d.columns, d.privacy_unit_column,
              d.max_rows_per_unit, d.version, d.row_count, d.created_at, d.updated_at,
              o.id AS o_id, o.name AS o_name, o.slug AS o_slug, o.created_at AS o_created_at
         FROM datasets d LEFT JOIN organizations o ON o.id = d.owner_organization_id
        WHERE d.deleted_at IS NULL AND (${visible.sql})
        ORDER BY d.created_at, d.id`,
      visible.params,
    );
    const rows: ListedRow[] = this.prepared ? await queryPrepared<ListedRow>(m, sql, params) : await m.query(sql, params);
    return rows.map((r) => ({
      dataset: {
        id: r.id,
        ownerOrganizationId: r.owner_organization_id,
        name: r.name,
        description: r.description,
        columns: r.columns,
        privacyUnitColumn: r.privacy_unit_column,
        maxRowsPerUnit: r.max_rows_per_unit,
        version: r.version,
        rowCount: Number(r.row_count),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
      owner: r.o_id === null ? null : Object.assign(new OrganizationEntity(), { id: r.o_id, name: r.o_name, slug: r.o_slug, createdAt: r.o_created_at }),
    }));
  }

  /** Metadata and the typed data table, in the caller's transaction. */
  async insert(m: EntityManager, id: string, ownerOrganizationId: string, def: DatasetDefinition, createdBy: string | null): Promise<DatasetEntity> {
    const tableName = dataTableName(id);
    const row = m.create(DatasetEntity, {
      id,
      ownerOrganizationId,
      name: def.name,
      description: def.description,
      columns: def.columns,
      privacyUnitColumn: def.privacyUnitColumn,
      maxRowsPerUnit: def.maxRowsPerUnit,
      version: 0,
      rowCount: 0,
      tableName,
      qualityReport: null,
      createdBy,
      deletedAt: null,
    });
    const saved = await m.save(row);
    const columns = def.columns.map((c) => `${quoteIdent(c.name)} ${physicalType(c)}${c.nullable ? '' : ' NOT NULL'}`);
    if (def.privacyUnitColumn) columns.push(UNIT_RANK_DDL);
    await m.query(`CREATE TABLE ${qualifiedTable(tableName)} (${columns.join(', ')})`);
    return saved;
  }

  /** Drops the data; the metadata row stays as a tombstone so agreements and audit references resolve. */
  async tombstone(m: EntityManager, dataset: DatasetEntity, at: Date): Promise<void> {
    await m.query(`DROP TABLE IF EXISTS ${qualifiedTable(dataset.tableName)}`);
    await m.query(
      `UPDATE datasets SET deleted_at = $2, quality_report = NULL, row_count = 0, updated_at = $2 WHERE id = $1`,
      [dataset.id, at],
    );
  }

  /**
   * Makes an upload's prepared rows (deduplicated and ranked within the load: StagingTable.prepare)
   * the dataset's rows. REPLACE: the prepared table, shaped like the data table, takes its place by
   * rename — no copy. APPEND: one INSERT adds them; with a privacy unit each unit's new ranks follow
   * its earlier ones (unit-rank.ts). These are the only statements that write a dataset's rows.
   */
  async loadPrepared(m: EntityManager, dataset: DatasetEntity, preparedTable: string, replace: boolean): Promise<void> {
    const target = qualifiedTable(dataset.tableName);
    if (replace) {
      await m.query(`DROP TABLE ${target}`);
      await m.query(`ALTER TABLE ${qualifiedTable(preparedTable)} RENAME TO ${quoteIdent(dataset.tableName)}`);
      return;
    }
    const columns = dataset.columns.map((c) => quoteIdent(c.name));
    if (dataset.privacyUnitColumn) return appendRanked(m, target, qualifiedTable(preparedTable), columns, quoteIdent(dataset.privacyUnitColumn));
    const list = columns.join(', ');
    await m.query(`INSERT INTO ${target} (${list}) SELECT ${list} FROM ${qualifiedTable(preparedTable)}`);
  }

  async recordIngest(m: EntityManager, id: string, version: number, rowCount: number, report: Record<string, unknown>, at: Date): Promise<void> {
    await m.query(
      `UPDATE datasets SET version = $2, row_count = $3, quality_report = $4, updated_at = $5 WHERE id = $1`,
      [id, version, rowCount, JSON.stringify(report), at],
    );
  }
}
