import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import type { Database } from '../../src/db/database';
import { EMBEDDED_MAX_CONNECTIONS, startEmbedded } from '../../src/db/embedded';
import { TEMPLATE_ENV, adminUrl } from './test-env';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

export type TestDatabase = Database & { dataDir: string | null };

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
  const dataDir = join(mkdtempSync(join(tmpdir(), 'parley-t-')), 'data');
  cpSync(template, dataDir, { recursive: true });
  const embedded = await startEmbedded(dataDir);
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
