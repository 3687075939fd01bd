import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import type { ColumnSpec } from '../datasets/column-spec';
import { quoteIdent } from '../datasets/dataset-definition';
import type { CompiledQuery } from './sql-compiler';
import { keyText } from './sql-fragments';
import type { NormalizedQuery, StoredResult } from './query-model';
import type { Row } from './release-builder';

export interface StoredQueryResult {
  id: string;
  result: StoredResult;
  epsilon: number;
  createdAt: Date;
}

export interface NewQueryResult {
  id: string;
  agreementId: string;
  datasetVersion: number;
  fingerprint: string;
  result: StoredResult;
  epsilon: number;
  createdBy: string;
  createdAt: Date;
  /** The normalized query: the analyst's own input, kept for their history. */
  query: NormalizedQuery;
}

export interface PastQueryRow {
  id: string;
  agreementId: string;
  datasetVersion: number;
  result: StoredResult;
  epsilon: number;
  createdAt: Date;
  query: NormalizedQuery | null;
}

/** The result cache (`query_results`) and the one statement that reads a dataset's rows. */
export class QueryResultStore {
  async find(m: EntityManager, agreementId: string, datasetVersion: number, fingerprint: string): Promise<StoredQueryResult | null> {
    const rows: { id: string; result: StoredResult; epsilon: string; created_at: Date }[] = await m.query(
      `SELECT id, result, epsilon, created_at FROM query_results
        WHERE agreement_id = $1 AND dataset_version = $2 AND fingerprint = $3`,
      [agreementId, datasetVersion, fingerprint],
    );
    const row = rows[0];
    return row ? { id: row.id, result: row.result, epsilon: Number(row.epsilon), createdAt: new Date(row.created_at) } : null;
  }

  async insert(m: EntityManager, r: NewQueryResult): Promise<void> {
    await m.query(
      `INSERT INTO query_results (id, agreement_id, dataset_version, fingerprint, result, epsilon, created_by, created_at, query)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.agreementId, r.datasetVersion, r.fingerprint, JSON.stringify(r.result), String(r.epsilon), r.createdBy, r.createdAt, JSON.stringify(r.query)],
    );
  }

  /**
   * A user's released answers, newest first, under the agreements `visible` allows (alias `a`) that
   * are still ACTIVE or SUSPENDED and unexpired — the same window in which the partner sees the dataset.
   */
  async history(m: EntityManager, userId: string, visible: SqlCondition, agreementId: string | null, limit: number, now: Date): Promise<PastQueryRow[]> {
    const q = m
      .createQueryBuilder()
      .select(['r.id AS id', 'r.agreement_id AS agreement_id', 'r.dataset_version AS dataset_version', 'r.result AS result'])
      .addSelect(['r.epsilon AS epsilon', 'r.created_at AS created_at', 'r.query AS query'])
      .from('query_results', 'r')
      .innerJoin('agreements', 'a', 'a.id = r.agreement_id')
      .where('r.created_by = :userId', { userId })
      .andWhere("a.status IN ('ACTIVE', 'SUSPENDED')")
      .andWhere('(a.expires_at IS NULL OR a.expires_at > :now)', { now })
      .andWhere(visible.sql, visible.params);
    if (agreementId) q.andWhere('r.agreement_id = :agreementId', { agreementId });
    const rows: Record<string, any>[] = await q.orderBy('r.created_at', 'DESC').addOrderBy('r.id').limit(limit).getRawMany();
    return rows.map((r) => ({
      id: r.id,
      agreementId: r.agreement_id,
      datasetVersion: r.dataset_version,
      result: r.result,
      epsilon: Number(r.epsilon),
      createdAt: new Date(r.created_at),
      query: r.query,
    }));
  }

  /**
   * A savepoint, then the statement timeout for the rest of the transaction or until a rollback to
   * that savepoint: set after the budget is reserved, so that it bounds the data statement and never
   * the reservation, nor what a failure still records. Both in one round trip (simple protocol, no
   * parameters: the name is a constant of the caller and the timeout an integer).
   */
  async savepointWithTimeout(m: EntityManager, savepoint: string, timeoutMs: number): Promise<void> {
    if (!/^[a-z_]+$/.test(savepoint)) throw new Error(`unsafe savepoint name ${savepoint}`);
    await m.query(`SAVEPOINT ${savepoint}; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  }

  /**
   * The distinct key values (as group keys travel: see keyText) of one column of a joined dataset,
   * at most `limit`. They are the caller's own data: the keys of a group-by on that column.
   */
  async heldKeys(m: EntityManager, tableName: string, spec: ColumnSpec, limit: number): Promise<(string | null)[]> {
    const rows: { v: string | null }[] = await m.query(
      `SELECT DISTINCT ${keyText(spec)} AS v FROM parley_data.${quoteIdent(tableName)} LIMIT $1::bigint`,
      [limit],
    );
    return rows.map((r) => r.v);
  }

  /**
   * Inside the query's transaction: the joined dataset's version as committed now, under a share
   * lock (as prepareRun does for the shared one), so the rows read match the version in the cache key.
   */
  async lockJoinedVersion(m: EntityManager, datasetId: string): Promise<number | null> {
    const rows: { version: number }[] = await m.query('SELECT version FROM datasets WHERE id = $1 AND deleted_at IS NULL FOR SHARE', [datasetId]);
    return rows[0]?.version ?? null;
  }

  /** Runs the compiled statement; with `limit`, at most that many groups are returned. */
  async execute(m: EntityManager, compiled: CompiledQuery, limit: number | null = null): Promise<Row[]> {
    if (limit === null) return (await m.query(compiled.sql, compiled.params)) as Row[];
    const sql = `SELECT * FROM (${compiled.sql}) capped LIMIT $${compiled.params.length + 1}::bigint`;
    return (await m.query(sql, [...compiled.params, limit])) as Row[];
  }
}
