import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { TEMPLATE_ENV } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.end();
  } else {
    rmSync(dirname(template), { recursive: true, force: true });
  }
}
