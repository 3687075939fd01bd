/** Where the suite's migrated template lives: a PostgreSQL database name, or a PGlite data dir. */
export const TEMPLATE_ENV = 'PARLEY_TEST_TEMPLATE';

export function adminUrl(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/' + database;
  return url.toString();
}
