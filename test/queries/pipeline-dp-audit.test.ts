import { AggregateFunction } from '../../src/agreements/aggregate-function';
import type { AgreementEntity } from '../../src/agreements/agreement.entity';
import { DatasetStore } from '../../src/datasets/dataset.store';
import { seededRandomSource } from '../../src/privacy';
import { auditPureDp } from '../../src/privacy/testing/dp-auditor';
import { planQuery } from '../../src/queries/noise-planner';
import type { ValidatedQuery } from '../../src/queries/query-model';
import { validateQuery } from '../../src/queries/query-validator';
import { buildRelease } from '../../src/queries/release-builder';
import { compileQuery } from '../../src/queries/sql-compiler';
import { createWorld } from '../support/fixtures';
import { ok, startTestApp, type TestApp } from '../support/test-app';

const EPSILON = 1;
const STATEMENTS = 200;
const RELEASES_PER_STATEMENT = 250;

/**
 * A stochastic DP test of the WHOLE pipeline for COUNT and the centred MEAN, in the style of Google's DP Stochastic
 * Tester: two neighbouring datasets that differ by one person who brings more rows than the
 * contribution bound (7 rows in department a, 1 in b; m = 2), the query validated, compiled to SQL,
 * run on the database (a fresh row choice per statement, from a seeded stream), and released with
 * noise, many times.
 * The released value of department a must be ε-indistinguishable across the two datasets. A
 * pipeline that skipped contribution bounding fails the same test.
 */
describe('DP audit of COUNT and MEAN through validate → compile → run → noise', () => {
  let t: TestApp;
  let datasets: { a: string; b: string };
  beforeAll(async () => {
    t = await startTestApp();
    const w = await createWorld(t);
    const admin = w.users.ownerAdmin.token;
    // `visit` keeps one person's rows distinct: ingest removes exact duplicates.
    const base = ['person,dept,visit', ...Array.from({ length: 10 }, (_, i) => `p${i},a,0`), ...Array.from({ length: 10 }, (_, i) => `q${i},b,0`)];
    const neighbour = [...base, ...Array.from({ length: 7 }, (_, i) => `x,a,${i}`), 'x,b,7'];
    const create = async (name: string, lines: string[]) => {
      const input = {
        name,
        privacyUnitColumn: 'person',
        maxRowsPerUnit: 2,
        columns: [
          { name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
          { name: 'dept', type: 'CATEGORY', categories: ['a', 'b'], nullable: false },
          { name: 'visit', type: 'INTEGER', lowerBound: 0, upperBound: 100 },
        ],
      };
      const id = ok<{ createDataset: { id: string } }>(await t.gql('mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }', { i: input }, admin)).createDataset.id;
      ok(await t.gql('mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c, strict: true) { rowsAccepted } }', { d: id, c: lines.join('\n') + '\n' }, admin));
      return id;
    };
    datasets = { a: await create('neighbour_a', base), b: await create('neighbour_b', neighbour) };
  }, 120_000);
  afterAll(() => t.close());

  type Aggregation = { function: AggregateFunction; column?: string };
  const COUNT: Aggregation = { function: AggregateFunction.COUNT };

  async function validated(datasetId: string, aggregation: Aggregation): Promise<ValidatedQuery> {
    const dataset = (await new DatasetStore().findById(t.services.dataSource.manager, datasetId))!;
    const agreement = {
      id: '00000000-0000-4000-8000-000000000001',
      ownerOrganizationId: dataset.ownerOrganizationId,
      columns: ['dept', 'visit'],
      allowedAggregations: [AggregateFunction.COUNT, AggregateFunction.MEAN],
      epsilonPerQueryMax: EPSILON,
      delta: 0,
      suppressBelow: null,
    } as unknown as AgreementEntity;
    return validateQuery({ agreementId: agreement.id, epsilon: EPSILON, aggregations: [aggregation], groupBy: ['dept'] }, agreement, dataset);
  }

  /** Released values of department a; `bound` overrides the contribution bound the SQL enforces. */
  async function releases(datasetId: string, seed: string, bound?: number, aggregation: Aggregation = COUNT): Promise<number[]> {
    const q = await validated(datasetId, aggregation);
    const plan = planQuery(q);
    const compiledQuery = bound === undefined ? q : { ...q, contributionBound: bound };
    const rng = seededRandomSource(seed);
    // The row choice of contribution bounding is drawn afresh per statement, from a seeded stream
    // too: the whole run, and so the verdict, is reproducible.
    const rowSeeds = seededRandomSource(`${seed}-rows`);
    const out: number[] = [];
    for (let s = 0; s < STATEMENTS; s += 1) {
      const compiled = compileQuery(compiledQuery, rowSeeds.randomBelow(2n ** 63n).toString());
      const rows = await t.services.dataSource.query(compiled.sql, compiled.params);
      for (let r = 0; r < RELEASES_PER_STATEMENT; r += 1) {
        const result = buildRelease(q, plan, rows, compiled.keyCount, null, rng);
        out.push(result.groups.find((g) => g.key[0] === 'a')!.values[0]!.value);
      }
    }
    return out;
  }

  const binOf = (v: number) => Math.min(30, Math.max(0, Math.round(v)));

  it('passes for the pipeline as built', async () => {
    const a = await releases(datasets.a, 'pipeline-audit-a');
    const b = await releases(datasets.b, 'pipeline-audit-b');
    const verdict = auditPureDp(a, b, { epsilon: EPSILON, bins: 31, binOf });
    expect(verdict).toMatchObject({ passed: true });
  }, 300_000);

  // The centred MEAN of `visit` ([0, 100]) through the same pipeline: A has 10 values at 0 in
  // department a, B adds the person whose 2 kept rows move the centred sum and the count.
  it('passes for the centred MEAN as built', async () => {
    const mean: Aggregation = { function: AggregateFunction.MEAN, column: 'visit' };
    const a = await releases(datasets.a, 'pipeline-audit-mean-a', undefined, mean);
    const b = await releases(datasets.b, 'pipeline-audit-mean-b', undefined, mean);
    // One assertion over the 100,000 values: an expect per value costs more than the releases.
    expect([...a, ...b].filter((v) => !(v >= 0 && v <= 100))).toEqual([]);
    const verdict = auditPureDp(a, b, { epsilon: EPSILON, bins: 20, binOf: (v) => Math.min(19, Math.floor(v / 5)) });
    expect(verdict.eventsChecked).toBeGreaterThan(5);
    expect(verdict).toMatchObject({ passed: true });
  }, 300_000);

  it('catches a pipeline without contribution bounding', async () => {
    const a = await releases(datasets.a, 'pipeline-audit-a2', 1000);
    const b = await releases(datasets.b, 'pipeline-audit-b2', 1000);
    const verdict = auditPureDp(a, b, { epsilon: EPSILON, bins: 31, binOf });
    expect(verdict.passed).toBe(false);
  }, 300_000);
});
