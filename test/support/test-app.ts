import 'reflect-metadata';
import pino from 'pino';
import { startParley, type ParleyApp } from '../../src/app/parley-app';
import { loadConfig } from '../../src/config/config';
import { openTestDatabase, type TestDatabase } from './test-database';

export const ADMIN_TOKEN = 'test-bootstrap-admin-token-0123456789';
export const TEST_SECRET = 'test-secret-for-pseudonyms-0123456789abcdef';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  status: number;
}

export interface TestApp {
  app: ParleyApp;
  url: string;
  services: ParleyApp['services'];
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/**
 * The real server on a loopback port over a fresh database: tests go through HTTP, Apollo, the
 * resolvers, services and PostgreSQL exactly as a client does.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { now?: () => Date; wrapDatabase?: (db: TestDatabase) => Promise<TestDatabase> } = {},
): Promise<TestApp> {
  const fresh = await openTestDatabase();
  const database = opts.wrapDatabase ? await opts.wrapDatabase(fresh) : fresh;
  const config = loadConfig({
    PORT: '0',
    PARLEY_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
    PARLEY_SECRET: TEST_SECRET,
    PARLEY_DATA_DIR: database.dataDir ?? '/nonexistent',
    PARLEY_RATE_LIMIT_POINTS: '100000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const app = await startParley(config, { log: pino({ level: process.env.PARLEY_TEST_LOG ?? 'silent' }), database, now: opts.now });
  const gql = async <T,>(query: string, variables: Record<string, unknown> = {}, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult<T>;
    return { ...body, status: res.status };
  };
  return { app, url: app.url, services: app.services, gql, close: () => app.close() };
}

/** The data of a successful call; fails the test with the errors otherwise. */
export function ok<T>(result: GqlResult<T>): T {
  if (result.errors?.length) throw new Error('GraphQL errors: ' + JSON.stringify(result.errors));
  return result.data as T;
}

/** The error code of a failed call. */
export function codeOf(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
