import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import type { Database } from '../../src/db/database';
import { EMBEDDED_MAX_CONNECTIONS, startEmbedded, type EmbeddedDatabase } from '../../src/db/embedded';
import { TEMPLATE_ENV, adminUrl } from './test-env';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

export type TestDatabase = Database & { dataDir: string | null };

/**
 * Fills `dataDir` with a copy of the suite's migrated embedded template, for a server or CLI process
 * started on a data directory of its own whose first start (initdb and every migration) is not what
 * the test is about. Only in the embedded run: there is no embedded template when DATABASE_URL is set.
 */
export function copyEmbeddedTemplate(dataDir: string): void {
  cpSync(embeddedTemplate(), dataDir, { recursive: true });
}

/**
 * The embedded database of a test file lives in memory, loaded from a snapshot of the migrated
 * template: the same PostgreSQL and the same socket server as a data directory, without copying
 * 40 MB and without the file system calls of every page write (tests of the on-disk data directory,
 * its lock and restarts run real server processes on one).
 */
export async function startEmbeddedFromTemplate(): Promise<EmbeddedDatabase> {
  // A Blob backed by the file: PGlite reads it once, with no copy in between.
  return startEmbedded({ snapshot: await openAsBlob(join(embeddedTemplate(), '..', 'template.tar')) });
}

function embeddedTemplate(): string {
  const template = process.env[TEMPLATE_ENV];
  if (!template || usingPostgres) throw new Error('the embedded test template exists only in the embedded run, through jest (globalSetup)');
  return template;
}

/** A fresh, migrated database for one test file; `close` removes it. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error('the test template is missing: run through jest (globalSetup)');
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `parley_t_${randomBytes(5).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const dbUrl = adminUrl(url, name);
    const dataSource = createDataSource({ url: dbUrl, poolSize: 20, connectionTimeoutMs: 60_000 });
    await dataSource.initialize();
    return {
      dataSource,
      url: dbUrl,
      embedded: false,
      dataDir: null,
      async close() {
        if (dataSource.isInitialized) await dataSource.destroy();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  // Holds what the server keeps beside its database (the pseudonym secret, the audit signing key).
  const dataDir = join(mkdtempSync(join(tmpdir(), 'parley-t-')), 'data');
  mkdirSync(dataDir);
  const embedded = await startEmbeddedFromTemplate();
  const dataSource = createDataSource({ url: embedded.url, poolSize: EMBEDDED_MAX_CONNECTIONS, connectionTimeoutMs: 60_000 });
  await dataSource.initialize();
  return {
    dataSource,
    url: embedded.url,
    embedded: true,
    dataDir,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
