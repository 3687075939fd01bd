import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ColumnSpec } from './column-spec';
import { physicalType, quoteIdent } from './dataset-definition';
import { qualifiedTable } from './dataset.store';
import type { Transactor } from '../db/transaction';
import { openDedicatedConnection } from '../db/pool';
import type { PieceResult } from './ingest-piece';
import { UNIT_RANK_SQL, rankSeed, rankedDistinctSql } from './unit-rank';

export interface ColumnStats {
  nulls: number;
  distinct: number;
  clamped: number;
  min?: number | string | null;
  max?: number | string | null;
}

/** Where cleaned pieces go, in order; `end` resolves once every row is stored. */
export interface StagingSink {
  write(piece: PieceResult): Promise<void>;
  end(): Promise<void>;
}

/**
 * An upload is first loaded into an UNLOGGED staging table shaped like the data table, outside any
 * transaction; one statement then writes its distinct rows, ranked, into a second table shaped like
 * the data table (for REPLACE a logged one that becomes the data table). The data table and its
 * metadata are only touched by the short final transaction, so a failed or slow upload never holds
 * locks nor leaves partial rows. Everything here, the final transaction included, runs on one
 * connection: an upload never needs a second one to finish, so uploads that fill the pool cannot
 * deadlock waiting for each other.
 */
export class StagingTable {
  readonly name = `stg_${randomBytes(16).toString('hex')}`;
  /** The rows to store: distinct, with their rank within their unit among this load's rows. */
  readonly preparedName = `stg_${randomBytes(16).toString('hex')}`;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly dataTable: string,
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
    private readonly discardConnection: () => void,
    private readonly columns: readonly ColumnSpec[],
    /** COPY FROM STDIN needs the CopyData sub-protocol, which the embedded database's socket does not speak. */
    private readonly useCopy: boolean,
  ) {}

  static async create(dataSource: DataSource, dataTable: string, columns: readonly ColumnSpec[], useCopy: boolean): Promise<StagingTable> {
    const { runner, client, discard } = await openDedicatedConnection(dataSource);
    const staging = new StagingTable(dataSource, dataTable, runner, client, discard, columns, useCopy);
    try {
      await client.query(`CREATE UNLOGGED TABLE ${qualifiedTable(staging.name)} (LIKE ${qualifiedTable(dataTable)}) ${SCRATCH}`);
    } catch (e) {
      staging.discardConnection();
      throw e;
    }
    return staging;
  }

  /** The final, short transaction, on this upload's own connection (under the shutdown commit gate). */
  transaction<T>(tx: Transactor, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return tx.runOn(this.runner, work);
  }

  /** How rows reach PostgreSQL here: COPY text, or arrays for batched INSERTs on the embedded database. */
  get output(): 'copy' | 'columns' {
    return this.useCopy ? 'copy' : 'columns';
  }

  /** Opens the way in for cleaned rows; a failure ends the upload (dispose discards the connection). */
  open(): StagingSink {
    const list = this.columns.map((c) => quoteIdent(c.name)).join(', ');
    if (this.useCopy) return new CopySink(this.client.query(copyFrom(`COPY ${qualifiedTable(this.name)} (${list}) FROM STDIN`)));
    return new InsertSink(this.client, this.name, this.columns);
  }

  /**
   * Writes the staged rows, without exact duplicates and ranked within their unit, into the second
   * table (unit-rank.ts, one sort for both); returns how many rows it holds. Outside the final
   * transaction, so the dataset is not locked meanwhile. For REPLACE the table is logged and shaped
   * exactly like the data table (`LIKE`: types and NOT NULL): the final transaction swaps it in by a
   * rename instead of copying it once more. Text is compared byte-wise: the same equality as the
   * database's collation, and a much faster sort.
   */
  async prepare(replace: boolean, unitColumn: string | null): Promise<number> {
    const prepared = qualifiedTable(this.preparedName);
    // REPLACE: the data table to be, vacuumed like any; APPEND: scratch, like the staging table.
    await this.client.query(`CREATE ${replace ? '' : 'UNLOGGED '}TABLE ${prepared} (LIKE ${qualifiedTable(this.dataTable)})${replace ? '' : ` ${SCRATCH}`}`);
    const names = this.columns.map((c) => quoteIdent(c.name));
    const distinct = this.columns.map((c, i) => `${comparedBy(c)} AS ${names[i]}`);
    const unit = unitColumn ? quoteIdent(unitColumn) : null;
    const select = rankedDistinctSql(qualifiedTable(this.name), names, distinct, unit);
    const list = unit ? `${names.join(', ')}, ${UNIT_RANK_SQL}` : names.join(', ');
    const result = await this.client.query(`INSERT INTO ${prepared} (${list}) ${select}`, unit ? [rankSeed()] : []);
    return result.rowCount ?? 0;
  }

  /**
   * Exact per-column figures over the rows about to be loaded (after duplicate removal). One scan
   * counts nulls, minima and maxima, and the distinct units (each unit has exactly one row ranked
   * 1); one more counts every other column's distinct values, each column a grouping set hashed in
   * the same pass (about 0.7 CPU-s per million rows of the benchmark against 1.0 for one
   * count(DISTINCT), a sort, per column).
   */
  async stats(clampedByColumn: Record<string, number>, unitColumn: string | null): Promise<Record<string, ColumnStats>> {
    const parts: string[] = [];
    const grouped: number[] = [];
    this.columns.forEach((c, i) => {
      const q = quoteIdent(c.name);
      parts.push(`count(*) - count(${q}) AS n${i}`);
      if (c.name === unitColumn) parts.push(`count(*) FILTER (WHERE ${UNIT_RANK_SQL} = 1 AND ${q} IS NOT NULL) AS d${i}`);
      else grouped.push(i);
      if (hasRange(c)) parts.push(`min(${q})::text AS lo${i}`, `max(${q})::text AS hi${i}`);
    });
    const table = qualifiedTable(this.preparedName);
    const { rows } = await this.client.query(`SELECT ${parts.join(', ')} FROM ${table}`);
    if (grouped.length > 0) {
      // In the rows of one grouping set every other column is null: count(x) counts x's distinct
      // non-null values. Text byte-wise, as in prepare: the same equality, cheaper hashing.
      const keys = grouped.map((i) => `${comparedBy(this.columns[i]!)} AS g${i}`);
      const sets = grouped.map((i) => `(g${i})`).join(', ');
      const counts = grouped.map((i) => `count(g${i}) AS d${i}`).join(', ');
      const inner = `SELECT ${grouped.map((i) => `g${i}`).join(', ')} FROM (SELECT ${keys.join(', ')} FROM ${table}) t GROUP BY GROUPING SETS (${sets})`;
      const { rows: distinct } = await this.client.query(`SELECT ${counts} FROM (${inner}) g`);
      Object.assign(rows[0], distinct[0]);
    }
    const r = rows[0] as Record<string, string | null>;
    const stats: Record<string, ColumnStats> = {};
    this.columns.forEach((c, i) => {
      const s: ColumnStats = { nulls: Number(r[`n${i}`]), distinct: Number(r[`d${i}`]), clamped: clampedByColumn[c.name] ?? 0 };
      if (hasRange(c)) {
        const parse = (v: string | null | undefined) => (v == null ? null : c.type === 'DATE' ? v : Number(v));
        s.min = parse(r[`lo${i}`]);
        s.max = parse(r[`hi${i}`]);
      }
      stats[c.name] = s;
    });
    return stats;
  }

  /** Always called: drops both tables (the second one is gone if REPLACE swapped it in) and gives the connection back. */
  async dispose(failed: boolean): Promise<void> {
    const drop = `DROP TABLE IF EXISTS ${qualifiedTable(this.name)}, ${qualifiedTable(this.preparedName)}`;
    if (failed && this.useCopy) {
      // A COPY cut off midway leaves the protocol in an unknown state: discard the connection (its
      // backend ends, releasing its locks) and clean up from another one.
      this.discardConnection();
      await this.dataSource.query(drop);
      return;
    }
    // Batched inserts queue behind any statement still running on this connection.
    try {
      await this.client.query(drop);
      await this.runner.release();
    } catch {
      this.discardConnection();
      await this.dataSource.query(drop);
    }
  }
}

/** Scratch tables are dropped within the upload: autovacuum, woken by a million inserted rows, would only waste CPU on them. */
const SCRATCH = 'WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)';

/** How a column's values are compared for duplicates and distinct counts: text byte-wise (`COLLATE "C"`). */
function comparedBy(c: ColumnSpec): string {
  const q = quoteIdent(c.name);
  return physicalType(c) === 'text' ? `${q} COLLATE "C"` : q;
}

function hasRange(c: ColumnSpec): boolean {
  return c.sensitivity !== 'IDENTIFIER' && (c.type === 'INTEGER' || c.type === 'FLOAT' || c.type === 'DATE');
}

/** COPY FROM STDIN with back-pressure; the stream's failure (the database refusing) ends the upload. */
class CopySink implements StagingSink {
  private readonly done: Promise<void>;

  constructor(private readonly copy: Writable) {
    this.done = finished(copy);
    this.done.catch(() => undefined); // observed by write and end
  }

  async write(piece: PieceResult): Promise<void> {
    if (piece.copy.length === 0) return;
    if (!this.copy.write(piece.copy)) await Promise.race([once(this.copy, 'drain'), this.done]);
  }

  async end(): Promise<void> {
    this.copy.end();
    await this.done;
  }
}

/** The embedded database's loader: one multi-row INSERT per piece, one array parameter per column. */
class InsertSink implements StagingSink {
  private readonly sql: string;

  constructor(private readonly client: PoolClient, table: string, columns: readonly ColumnSpec[]) {
    const list = columns.map((c) => quoteIdent(c.name)).join(', ');
    const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const casts = columns.map((c, i) => `u.c${i}::${physicalType(c)}`).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    this.sql = `INSERT INTO ${qualifiedTable(table)} (${list}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`;
  }

  async write(piece: PieceResult): Promise<void> {
    if (piece.rowsStaged === 0 || !piece.columns) return;
    await this.client.query(this.sql, piece.columns);
  }

  async end(): Promise<void> {}
}
