import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ok, startTestApp, type TestApp } from '../support/test-app';
import { createWorld, type TwoOrgWorld } from '../support/fixtures';
import { PRIVATE_AGGREGATE } from './query-support';

/**
 * What one privateAggregate costs in database round trips. Every statement Parley sends goes
 * through a TypeORM query runner, one round trip each (node-postgres does not pipeline), so the
 * runner's `query` is counted for the duration of one request while nothing else runs.
 */
let t: TestApp;
let w: TwoOrgWorld;
let agreementId: string;

const SALES = {
  name: 'sales',
  columns: [
    { name: 'dept', type: 'CATEGORY', categories: ['north', 'south'], nullable: false },
    { name: 'amount', type: 'INTEGER', lowerBound: 0, upperBound: 100, nullable: false },
    { name: 'flag', type: 'BOOLEAN', nullable: false },
  ],
};

beforeAll(async () => {
  // The lookup cap of the round-trip plugin is set to the same budget: it must not trip either.
  t = await startTestApp({ PARLEY_MAX_DB_ROUND_TRIPS: '8' });
  w = await createWorld(t);
  const admin = w.users.ownerAdmin.token;
  const { createDataset } = ok<{ createDataset: { id: string } }>(await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: SALES }, admin));
  const csv = ['dept,amount,flag', ...Array.from({ length: 200 }, (_, i) => `${i % 2 ? 'north' : 'south'},${i % 101},${i % 3 === 0}`)].join('\n');
  ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted } }', { d: createDataset.id, c: csv }, admin));
  const grant = {
    datasetId: createDataset.id,
    partnerOrganizationId: w.partner,
    purpose: 'round trips',
    columns: ['dept', 'amount', 'flag'],
    allowedAggregations: ['COUNT', 'SUM', 'MEAN'],
    epsilonBudget: 50,
    epsilonPerQueryMax: 1,
  };
  agreementId = ok<{ grantAgreement: { id: string } }>(await t.gql('mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }', { i: grant }, admin)).grantAgreement.id;
});
afterAll(() => t.close());

const input = (epsilon: number) => ({
  agreementId,
  epsilon,
  aggregations: [{ function: 'COUNT' }, { function: 'SUM', column: 'amount' }, { function: 'MEAN', column: 'amount' }],
  groupBy: ['dept'],
  filters: [{ column: 'flag', op: 'EQ', value: 'true' }],
});

/** The statements sent while `run` is in flight. */
async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
    sent.push(String(args[0]).replace(/\s+/g, ' ').slice(0, 80));
    return original.apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    PostgresQueryRunner.prototype.query = original;
  }
  return sent;
}

describe('database round trips of privateAggregate (no privacy unit)', () => {
  it('a fresh answer takes at most 8, a cached one fewer', async () => {
    // Warm: the token is authenticated and the process knows the server's default isolation.
    ok(await t.gql(PRIVATE_AGGREGATE, { input: input(0.5) }, w.users.partnerAnalyst.token));

    const fresh = await statementsDuring(async () => {
      const r = ok<{ privateAggregate: { cached: boolean } }>(await t.gql(PRIVATE_AGGREGATE, { input: input(0.25) }, w.users.partnerAnalyst.token));
      expect(r.privateAggregate.cached).toBe(false);
    });
    // The counter sees the statements at all: the data statement is among them.
    expect(fresh.some((sql) => sql.includes('parley_data.'))).toBe(true);
    expect(fresh.length).toBeLessThanOrEqual(8);

    const cached = await statementsDuring(async () => {
      const r = ok<{ privateAggregate: { cached: boolean } }>(await t.gql(PRIVATE_AGGREGATE, { input: input(0.25) }, w.users.partnerAnalyst.token));
      expect(r.privateAggregate.cached).toBe(true);
    });
    expect(cached.length).toBeLessThan(fresh.length);
  });
});
