import 'reflect-metadata';
import pino from 'pino';
import { startParley, type ParleyApp } from '../../src/app/parley-app';
import { loadConfig } from '../../src/config/config';
import { openTestDatabase, type TestDatabase } from './test-database';
import { ADMIN_TOKEN, graphqlClient, type GqlResult } from './graphql-client';

export { ADMIN_TOKEN, type GqlResult };
export const TEST_SECRET = 'test-secret-for-pseudonyms-0123456789abcdef';

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
  opts: { now?: () => Date; wrapDatabase?: (db: TestDatabase) => Promise<TestDatabase>; log?: pino.Logger } = {},
): Promise<TestApp> {
  const fresh = await openTestDatabase();
  const database = opts.wrapDatabase ? await opts.wrapDatabase(fresh) : fresh;
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
    ...env,
  });
  const app = await startParley(config, { log: opts.log ?? pino({ level: process.env.PARLEY_TEST_LOG ?? 'silent' }), database, now: opts.now });
  const { gql } = graphqlClient(app.url);
  return { app, url: app.url, services: app.services, gql, close: () => app.close() };
}

/** The data of a successful call; fails the test with the errors otherwise. */
// The second form takes the untyped result of a helper that returns `GqlResult<Record<string, any>>`
// and names the shape the caller expects.
export function ok<T>(result: GqlResult<T> | GqlResult<Record<string, any>>): T {
  if (result.errors?.length) throw new Error('GraphQL errors: ' + JSON.stringify(result.errors));
  return result.data as T;
}

/** The error code of a failed call. */
export function codeOf(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
