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

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).port).toBe(4000);
  });
});
