import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../../src/db/database';
import { TEMPLATE_ENV, adminUrl } from './test-env';

/**
 * Migrates one template per run; every test file then gets its own copy (CREATE DATABASE … TEMPLATE
 * on PostgreSQL, a copied data directory on PGlite), which is far faster than migrating each time.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `parley_tpl_${randomBytes(4).toString('hex')}`;
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const db = await openDatabase({ databaseUrl: adminUrl(url, name), dataDir: '' });
    await db.close();
    process.env[TEMPLATE_ENV] = name;
  } else {
    const dir = join(mkdtempSync(join(tmpdir(), 'parley-test-')), 'template');
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    // Only the `postgres` database is ever connected to. The template databases (two of the three
    // databases' files) are left out: a test file loads the snapshot in about half the time.
    const templates: { oid: number }[] = await db.dataSource.query(`SELECT oid FROM pg_database WHERE datname IN ('template0', 'template1')`);
    await db.close();
    for (const { oid } of templates) rmSync(join(dir, 'pgdata', 'base', String(oid)), { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(join(dir, 'pgdata'));
    const snapshot = await pglite.dumpDataDir('none');
    await pglite.close();
    writeFileSync(join(dir, '..', 'template.tar'), Buffer.from(await snapshot.arrayBuffer()));
    process.env[TEMPLATE_ENV] = dir;
  }
}
