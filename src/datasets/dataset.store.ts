import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import type { DatasetDefinition } from './dataset-definition';
import { dataTableName, physicalType, quoteIdent } from './dataset-definition';
import { OrganizationEntity } from '../organizations/organization.entity';
import { DatasetEntity } from './dataset.entity';
import { UNIT_RANK_DDL, appendRanked } from './unit-rank';

export const DATA_SCHEMA = 'parley_data';

/** The quoted, schema-qualified name of a dataset's data table (or a staging table). */
export function qualifiedTable(tableName: string): string {
  return `${DATA_SCHEMA}.${quoteIdent(tableName)}`;
}

/** Dataset metadata and the DDL of their data tables. Deleted datasets are tombstones: never returned. */
export class DatasetStore {
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

  /** The visible datasets, each with its owner organization (read in the same statement). */
  async list(m: EntityManager, visible: SqlCondition): Promise<{ dataset: DatasetEntity; owner: OrganizationEntity | null }[]> {
    const rows = await m
      .createQueryBuilder(DatasetEntity, 'd')
      .leftJoinAndMapOne('d.owner', OrganizationEntity, 'o', 'o.id = d.owner_organization_id')
      .where('d.deleted_at IS NULL')
      .andWhere(visible.sql, visible.params)
      .orderBy('d.created_at')
      .addOrderBy('d.id')
      .getMany();
    return rows.map((row) => {
      const { owner, ...dataset } = row as DatasetEntity & { owner?: OrganizationEntity | null };
      return { dataset: Object.assign(new DatasetEntity(), dataset), owner: owner ?? null };
    });
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
