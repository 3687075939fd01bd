import type { Pool, PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/*
 * The only place that reaches behind TypeORM into node-postgres: its public API neither names the
 * pool (wanted for gauges and for ending checked-out clients at shutdown) nor lets a caller hand
 * back a connection as broken (wanted after a COPY cut off midway).
 */

/** The pg pool behind the DataSource's Postgres driver, once it is initialized. */
export function poolOf(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as unknown as { master?: Pool }).master;
}

/** A connection held by one caller: TypeORM's runner for transactions, and its raw pg client. */
export interface DedicatedConnection {
  runner: QueryRunner;
  client: PoolClient;
  /** Gives the connection back to the pool as broken, so that its backend ends (and its locks go). */
  discard(): void;
}

export async function openDedicatedConnection(dataSource: DataSource): Promise<DedicatedConnection> {
  const runner = dataSource.createQueryRunner('master');
  const client = (await runner.connect()) as PoolClient;
  const discard = () =>
    (runner as unknown as { releasePostgresConnection(err: Error): void }).releasePostgresConnection(new Error('connection discarded'));
  return { runner, client, discard };
}

/** Follows the pool's checked-out clients; the returned function ends them all (at shutdown). */
export function trackCheckedOut(pool: Pool | undefined): () => void {
  const out = new Set<PoolClient>();
  pool?.on('acquire', (client) => out.add(client));
  pool?.on('release', (_err, client) => out.delete(client));
  pool?.on('remove', (client) => out.delete(client));
  return () => {
    for (const client of out) void client.end().catch(() => undefined);
    out.clear();
  };
}
