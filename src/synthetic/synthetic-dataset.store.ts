import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import type { CellTuple } from './marginals';
import { SyntheticDatasetEntity } from './synthetic-dataset.entity';
import type { CompiledCellCount } from './synthetic-sql';

/** The fields of the SyntheticDataset policy subject, as columns of `synthetic_datasets s`. */
export const SYNTHETIC_SUBJECT_SQL = {
  id: 's.id',
  agreementId: 's.agreement_id',
  ownerOrganizationId: 's.owner_organization_id',
  partnerOrganizationId: 's.partner_organization_id',
};

export class SyntheticDatasetStore {
  findById(m: EntityManager, id: string): Promise<SyntheticDatasetEntity | null> {
    return m.findOneBy(SyntheticDatasetEntity, { id });
  }

  list(m: EntityManager, visible: SqlCondition, agreementId: string | null): Promise<SyntheticDatasetEntity[]> {
    const q = m.createQueryBuilder(SyntheticDatasetEntity, 's').where(visible.sql, visible.params);
    if (agreementId) q.andWhere('s.agreement_id = :agreementId', { agreementId });
    return q.orderBy('s.created_at', 'DESC').addOrderBy('s.id').getMany();
  }

  async insert(m: EntityManager, s: SyntheticDatasetEntity, chunks: readonly string[]): Promise<void> {
    await m.insert(SyntheticDatasetEntity, s);
    // Batches keep each statement's parameter list small whatever the row cap.
    for (let start = 0; start < chunks.length; start += 50) {
      const batch = chunks.slice(start, start + 50);
      await m.query(
        `INSERT INTO synthetic_dataset_chunks (synthetic_dataset_id, chunk, csv)
         SELECT $1::uuid, start + ord - 1, csv FROM unnest($2::text[]) WITH ORDINALITY AS t(csv, ord), (SELECT $3::int AS start) s`,
        [s.id, batch, start],
      );
    }
  }

  async storedRows(m: EntityManager, agreementId: string): Promise<number> {
    const rows: { n: string }[] = await m.query(`SELECT COALESCE(SUM(row_count), 0)::text AS n FROM synthetic_datasets WHERE agreement_id = $1`, [agreementId]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Chunk `chunk` of the CSV rows, or null past the last. */
  async chunk(m: EntityManager, id: string, chunk: number): Promise<string | null> {
    const rows: { csv: string }[] = await m.query(`SELECT csv FROM synthetic_dataset_chunks WHERE synthetic_dataset_id = $1 AND chunk = $2`, [id, chunk]);
    return rows[0]?.csv ?? null;
  }

  async setStatementTimeout(m: EntityManager, timeoutMs: number): Promise<void> {
    await m.query(`SELECT set_config('statement_timeout', $1, true)`, [String(Math.max(1, Math.floor(timeoutMs)))]);
  }

  async cellCounts(m: EntityManager, compiled: CompiledCellCount, columns: number): Promise<CellTuple[]> {
    const rows: Record<string, number>[] = await m.query(compiled.sql, compiled.params);
    return rows.map((r) => ({ cells: Array.from({ length: columns }, (_, i) => Number(r[`c${i}`])), count: Number(r.n) }));
  }
}
