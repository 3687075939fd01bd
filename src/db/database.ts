import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { createDataSource } from './data-source';
import { EMBEDDED_MAX_CONNECTIONS, startEmbedded, type EmbeddedDatabase } from './embedded';

export interface Database {
  dataSource: DataSource;
  /** Where the pool connects; the embedded database's loopback URL in embedded mode. */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** One code path for both modes: a `pg` pool against DATABASE_URL or against embedded PGlite. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  opts: { migrate?: boolean; /** Already starting (see main.ts), to overlap with loading modules. */ embedded?: Promise<EmbeddedDatabase> } = {},
): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await (opts.embedded ?? startEmbedded(config.dataDir));
    url = embedded.url;
  }
  const dataSource = createDataSource({ url, poolSize: embedded ? EMBEDDED_MAX_CONNECTIONS : 10 });
  try {
    await dataSource.initialize();
    if (opts.migrate !== false) await migrateExclusively(dataSource);
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.close().catch(() => undefined);
    throw e;
  }
  return {
    dataSource,
    url,
    embedded: embedded !== null,
    async close() {
      // The pool ends once every client is back; work abandoned at shutdown may never give its client
      // back (its connection was ended under it), so wait a bounded time and close the database anyway.
      if (dataSource.isInitialized) await boundedWait(dataSource.destroy(), POOL_DRAIN_MS);
      await embedded?.close();
    },
  };
}

const POOL_DRAIN_MS = 1_000;

function boundedWait(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Readiness: the database answers and no migration is pending. */
export async function isReady(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return !(await dataSource.showMigrations());
  } catch {
    return false;
  }
}

const MIGRATION_LOCK_KEY = 0x4d494752; // "MIGR"

/** Several replicas may start at once: one migrates while the others wait, then find nothing to do. */
export async function migrateExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
