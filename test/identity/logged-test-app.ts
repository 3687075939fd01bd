import 'reflect-metadata';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startParley } from '../../src/app/parley-app';
import { loadConfig } from '../../src/config/config';
import { ADMIN_TOKEN, TEST_SECRET, type GqlResult, type TestApp } from '../support/test-app';
import { openTestDatabase } from '../support/test-database';

export interface LoggedTestApp extends TestApp {
  /** Every log line the server wrote, at the most verbose level. */
  logLines: string[];
  /** Every HTTP response body the tests received, as sent. */
  responses: string[];
}

/** Like startTestApp, but keeps the server's logs and every response body for inspection. */
export async function startLoggedTestApp(opts: { now?: () => Date } = {}): Promise<LoggedTestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({
    PORT: '0',
    PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
    PARLEY_SECRET: TEST_SECRET,
    PARLEY_DATA_DIR: database.dataDir ?? '/nonexistent',
    PARLEY_RATE_LIMIT_POINTS: '100000',
    // Every test client shares 127.0.0.1; tests of these limits set them lower.
    PARLEY_ADDRESS_RATE_LIMIT_POINTS: '1000000',
    PARLEY_TOKEN_ISSUE_LIMIT: '100000',
    PARLEY_AUTH_FAILURE_LIMIT: '100000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: database.url } : {}),
  });
  const logLines: string[] = [];
  const responses: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level: 'trace' }, sink);
  const app = await startParley(config, { log, database, now: opts.now });
  const gql = async <T,>(query: string, variables: Record<string, unknown> = {}, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    responses.push(text);
    return { ...(JSON.parse(text) as GqlResult<T>), status: res.status };
  };
  return { app, url: app.url, services: app.services, gql, close: () => app.close(), logLines, responses };
}
