import { randomBytes } from 'node:crypto';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ColumnSpec } from './column-spec';
import { physicalType, quoteIdent } from './dataset-definition';
import { qualifiedTable } from './dataset.store';
import type { Transactor } from '../db/transaction';
import { openDedicatedConnection } from '../db/pool';

export type Row = (string | null)[];

export interface ColumnStats {
  nulls: number;
  distinct: number;
  clamped: number;
  min?: number | string | null;
  max?: number | string | null;
}

const INSERT_BATCH_ROWS = 2000;

/**
 * An upload is first loaded into an UNLOGGED staging table shaped like the data table, outside any
 * transaction: the data table and its metadata are only touched by the short final transaction, so a
 * failed or slow upload never holds locks nor leaves partial rows. Everything here, the final
 * transaction included, runs on one connection: an upload never needs a second one to finish, so
 * uploads that fill the pool cannot deadlock waiting for each other.
 */
export class StagingTable {
  readonly name = `stg_${randomBytes(16).toString('hex')}`;
  readonly distinctName = `stg_${randomBytes(16).toString('hex')}`;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
    private readonly discardConnection: () => void,
    private readonly columns: readonly ColumnSpec[],
    /** COPY FROM STDIN needs the CopyData sub-protocol, which the embedded database's socket does not speak. */
    private readonly useCopy: boolean,
  ) {}

  static async create(dataSource: DataSource, dataTable: string, columns: readonly ColumnSpec[], useCopy: boolean): Promise<StagingTable> {
    const { runner, client, discard } = await openDedicatedConnection(dataSource);
    const staging = new StagingTable(dataSource, runner, client, discard, columns, useCopy);
    try {
      await client.query(`CREATE UNLOGGED TABLE ${qualifiedTable(staging.name)} (LIKE ${qualifiedTable(dataTable)})`);
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

  /** Streams cleaned rows in; resolves when all are stored, rejects (and stops) on any failure. */
  load(source: Readable, stages: Transform[]): Promise<void> {
    const list = this.columns.map((c) => quoteIdent(c.name)).join(', ');
    if (this.useCopy) {
      const copy = this.client.query(copyFrom(`COPY ${qualifiedTable(this.name)} (${list}) FROM STDIN`));
      return pipeline([source, ...stages, new CopyTextEncoder(), copy]);
    }
    return pipeline([source, ...stages, new BatchInserter(this.client, this.name, this.columns)]);
  }

  /** Removes exact duplicate rows into the second staging table; returns how many distinct rows remain. */
  async dedupe(): Promise<number> {
    const result = await this.client.query(
      `CREATE UNLOGGED TABLE ${qualifiedTable(this.distinctName)} AS SELECT DISTINCT * FROM ${qualifiedTable(this.name)}`,
    );
    return result.rowCount ?? 0;
  }

  /** Exact per-column figures over the rows about to be loaded (after duplicate removal). */
  async stats(clampedByColumn: Record<string, number>): Promise<Record<string, ColumnStats>> {
    const parts: string[] = [];
    this.columns.forEach((c, i) => {
      const q = quoteIdent(c.name);
      parts.push(`count(*) - count(${q}) AS n${i}`, `count(DISTINCT ${q}) AS d${i}`);
      if (hasRange(c)) parts.push(`min(${q})::text AS lo${i}`, `max(${q})::text AS hi${i}`);
    });
    const { rows } = await this.client.query(`SELECT ${parts.join(', ')} FROM ${qualifiedTable(this.distinctName)}`);
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

  /** Always called: drops both tables and gives the connection back. */
  async dispose(failed: boolean): Promise<void> {
    const drop = `DROP TABLE IF EXISTS ${qualifiedTable(this.name)}, ${qualifiedTable(this.distinctName)}`;
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

function hasRange(c: ColumnSpec): boolean {
  return c.sensitivity !== 'IDENTIFIER' && (c.type === 'INTEGER' || c.type === 'FLOAT' || c.type === 'DATE');
}

/** Rows to COPY text format, a few hundred rows per chunk. */
class CopyTextEncoder extends Transform {
  private buffer = '';
  constructor() {
    super({ writableObjectMode: true, readableObjectMode: false });
  }

  override _transform(row: Row, _enc: BufferEncoding, done: TransformCallback): void {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      if (i > 0) line += '\t';
      const v = row[i];
      line += v === null || v === undefined ? '\\N' : escapeCopy(v);
    }
    this.buffer += line + '\n';
    if (this.buffer.length >= 64 * 1024) {
      this.push(this.buffer);
      this.buffer = '';
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.buffer) this.push(this.buffer);
    done();
  }
}

function escapeCopy(v: string): string {
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : v;
}

/** The embedded database's loader: multi-row INSERTs with one array parameter per column. */
class BatchInserter extends Writable {
  private batch: Row[] = [];
  private readonly sql: string;

  constructor(private readonly client: PoolClient, table: string, private readonly columns: readonly ColumnSpec[]) {
    super({ objectMode: true, highWaterMark: 256 });
    const list = columns.map((c) => quoteIdent(c.name)).join(', ');
    const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const casts = columns.map((c, i) => `u.c${i}::${physicalType(c)}`).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    this.sql = `INSERT INTO ${qualifiedTable(table)} (${list}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`;
  }

  override _write(row: Row, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.batch.push(row);
    if (this.batch.length < INSERT_BATCH_ROWS) return done();
    this.flushBatch().then(() => done(), done);
  }

  override _final(done: (e?: Error | null) => void): void {
    this.flushBatch().then(() => done(), done);
  }

  private async flushBatch(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    const params = this.columns.map((_, i) => rows.map((r) => r[i] ?? null));
    await this.client.query(this.sql, params);
  }
}
