import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';
import { keepProtocolSequencesTogether } from './embedded-protocol-queue';

/** Upper bound on pooled connections; PGlite runs one backend, the socket server queues per connection. */
export const EMBEDDED_MAX_CONNECTIONS = 8;

/**
 * A database in memory has every page in memory already: PostgreSQL's default 128 MB buffer pool
 * would only hold second copies, and setting it up costs a third of a start (measured on the test
 * suite's snapshot: 0.7–0.9 s of CPU per start with it, about 0.55 s with 32 MB).
 */
const IN_MEMORY_PARAMS = ['-c', 'shared_buffers=32MB'];

export interface EmbeddedDatabase {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts PGlite (a real PostgreSQL compiled to WebAssembly) on a data directory and serves it on a
 * loopback port, so that the application reaches it through the same `pg` driver and code path as a
 * real server. The socket server keeps a transaction's statements (and each protocol exchange) together:
 * while one connection is in a transaction, the others wait — so code inside a transaction must only
 * use that transaction.
 *
 * Given a snapshot (a tarball from PGlite's `dumpDataDir`) instead of a directory, the database lives
 * in memory and vanishes on close: the test suite gives each test file one loaded from its migrated
 * template. Nothing is on disk then, so there is no directory to lock.
 */
export async function startEmbedded(dataDir: string | { snapshot: Blob }): Promise<EmbeddedDatabase> {
  const inMemory = typeof dataDir !== 'string';
  if (!inMemory) mkdirSync(join(dataDir, 'pgdata'), { recursive: true });
  // Before anything touches pgdata: a second process on the same files would lose writes silently.
  const lock = inMemory ? { release() {} } : lockDataDir(dataDir);
  try {
    // PGlite's CommonJS build loads its WebAssembly through a dynamic import.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = inMemory
      ? await PGlite.create({ loadDataDir: dataDir.snapshot, startParams: [...PGlite.defaultStartParams, ...IN_MEMORY_PARAMS] })
      : await PGlite.create(join(dataDir, 'pgdata'));
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS + 2 });
    keepProtocolSequencesTogether(server);
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    return {
      url,
      async close() {
        try {
          await server.stop();
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
