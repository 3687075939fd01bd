import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: undefined,
      dataDir: './.parley/data',
      port: 4000,
      host: '127.0.0.1',
      logLevel: 'info',
      maxEpsilonPerQuery: 10,
      maxEpsilonBudget: 100,
      production: false,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('gives the embedded database one ingest worker from two cores, a PostgreSQL server none below four', () => {
    const cores = availableParallelism();
    const server = loadConfig({ DATABASE_URL: 'postgres://localhost/x', PARLEY_SECRET: 's'.repeat(32) }).ingestWorkers;
    expect(server).toBe(cores < 4 ? 0 : Math.min(4, cores - 1));
    expect(loadConfig({}).ingestWorkers).toBe(cores < 2 ? 0 : Math.max(1, server));
    expect(loadConfig({ PARLEY_INGEST_WORKERS: '0' }).ingestWorkers).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://localhost/x' }, /PARLEY_SECRET is required/],
    [{ PARLEY_SECRET: 'too-short' }, /PARLEY_SECRET/],
    [{ PARLEY_LOG_LEVEL: 'loud' }, /PARLEY_LOG_LEVEL/],
    [{ PARLEY_MAX_EPSILON_PER_QUERY: '-1' }, /PARLEY_MAX_EPSILON_PER_QUERY/],
    [{ PARLEY_MAX_EPSILON_BUDGET: 'NaN' }, /PARLEY_MAX_EPSILON_BUDGET/],
    [{ PARLEY_METRICS_PORT: 'metrics' }, /PARLEY_METRICS_PORT/],
    [{ PARLEY_CORS_ORIGINS: '*' }, /PARLEY_CORS_ORIGINS/],
    [{ PARLEY_CORS_ORIGINS: 'https://app.example.org/' }, /PARLEY_CORS_ORIGINS/],
    [{ PARLEY_BOOTSTRAP_TOKEN: 'a' }, /PARLEY_BOOTSTRAP_TOKEN must be at least 32 random characters/],
    [{ PARLEY_BOOTSTRAP_TOKEN: 'a'.repeat(64) }, /PARLEY_BOOTSTRAP_TOKEN/],
    [{ PARLEY_BOOTSTRAP_TOKEN: 'ab'.repeat(32) }, /PARLEY_BOOTSTRAP_TOKEN/],
    [{ PARLEY_BOOTSTRAP_TOKEN: 'short-but-varied-Q7x!' }, /PARLEY_BOOTSTRAP_TOKEN/],
    [{ PARLEY_BOOTSTRAP_TOKEN: 'has some spaces in it 0123456789abcdef' }, /PARLEY_BOOTSTRAP_TOKEN/],
  ])('refuses %j with one line naming the variable', (env, pattern) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
  });

  it('has no separate metrics listener unless PARLEY_METRICS_PORT is set, and binds it to loopback', () => {
    expect(loadConfig({})).toMatchObject({ metricsPort: undefined, metricsHost: '127.0.0.1' });
    expect(loadConfig({ PARLEY_METRICS_PORT: '9464' })).toMatchObject({ metricsPort: 9464, metricsHost: '127.0.0.1' });
  });

  it('reads PARLEY_CORS_ORIGINS as a trimmed list of exact origins, empty by default', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ PARLEY_CORS_ORIGINS: 'https://a.example.org, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example.org',
      'http://localhost:5173',
    ]);
  });

  it('accepts a generated bootstrap token (32 hex digits or base64 of 32 bytes)', () => {
    expect(loadConfig({ PARLEY_BOOTSTRAP_TOKEN: '20baef969f83cf2df89693093a9dd403' }).bootstrapToken).toBe('20baef969f83cf2df89693093a9dd403');
    const b64 = 'q3V0Jt9mXk2Lr8ZpW1cYb6Hn4sAeFg0DiToUvRxKz5M';
    expect(loadConfig({ PARLEY_BOOTSTRAP_TOKEN: b64 }).bootstrapToken).toBe(b64);
  });

  it('derives the organization and address limits from the per-user limit unless they are set', () => {
    expect(loadConfig({})).toMatchObject({ rateLimitPoints: 600, organizationRateLimitPoints: 6000, addressRateLimitPoints: 3000, authFailureLimit: 20, maxTokensPerUser: 20 });
    expect(loadConfig({ PARLEY_RATE_LIMIT_POINTS: '10' })).toMatchObject({ organizationRateLimitPoints: 100, addressRateLimitPoints: 50 });
    expect(loadConfig({ PARLEY_ORG_RATE_LIMIT_POINTS: '7', PARLEY_ADDRESS_RATE_LIMIT_POINTS: '9' })).toMatchObject({ organizationRateLimitPoints: 7, addressRateLimitPoints: 9 });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(4000);
  });
});
