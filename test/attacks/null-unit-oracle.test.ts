import { CHARGED_FAILURE_MESSAGE } from '../../src/queries/charged-failure';
import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { VISITS, createQueryWorld, grantOn, type QueryWorld } from '../queries/query-support';
import { AGGREGATE, BUDGET_OF, auditOf, tableOf } from './attack-support';

/**
 * The NULL-unit oracle: rows whose privacy unit is NULL pooled into one pseudo-person, and a
 * selection group whose kept rows all had a NULL unit made the query throw — answered as an
 * error exactly when such a row existed, rolled back and never charged: a free, exact test.
 */
describe('attack: NULL privacy units as a membership oracle', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  beforeAll(async () => {
    // A low candidate cap gives a deterministic failure after the reservation (see below).
    t = await startTestApp({ PARLEY_MAX_SELECTION_CANDIDATES: '20' });
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w, { delta: 1e-5, deltaBudget: 1e-3 });
  });
  afterAll(() => t.close());

  const create = (unit: Record<string, unknown>) =>
    t.gql(
      'mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }',
      { i: { ...VISITS, name: `nullable_${Object.keys(unit).length}`, columns: [{ name: 'person', type: 'TEXT', sensitivity: 'IDENTIFIER', ...unit }, ...VISITS.columns.slice(1)] } },
      w.users.ownerAdmin.token,
    );

  it('refuses a privacy unit column that may be NULL, naming the field', async () => {
    for (const unit of [{}, { nullable: true }]) {
      const r = await create(unit);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe('privacyUnitColumn');
    }
  });

  it('rejects an uploaded row without a unit with a line error; the other rows load', async () => {
    const r = ok<{ ingestCsv: { rowsAccepted: number; rowsRejected: number; errors: { line: number; column: string | null }[] } }>(
      await t.gql(
        'mutation($d: ID!, $c: String!) { ingestCsv(datasetId: $d, csv: $c) { rowsAccepted rowsRejected errors { line column } } }',
        { d: w.datasetId, c: 'person,dept\nq1,a\n,b\n   ,c\n' },
        w.users.ownerAdmin.token,
      ),
    );
    expect(r.ingestCsv).toMatchObject({ rowsAccepted: 1, rowsRejected: 2 });
    expect(r.ingestCsv.errors).toEqual([
      { line: 3, column: 'person' },
      { line: 4, column: 'person' },
    ]);
  });

  it('never reads rows stored with a NULL unit before the column became required: selection cannot throw', async () => {
    // A dataset from before the rule: the unit column allowed NULL and such rows were stored.
    const table = await tableOf(t, w.datasetId);
    await t.services.dataSource.query(`ALTER TABLE ${table} ALTER COLUMN person DROP NOT NULL`);
    await t.services.dataSource.query(
      `INSERT INTO ${table} (person, dept, city) SELECT NULL, 'a', 'ghost' FROM generate_series(1, 50)`,
    );
    for (let probe = 0; probe < 3; probe += 1) {
      const r = ok<{ privateAggregate: { groups: { key: string[] }[] } }>(
        await t.gql(
          AGGREGATE,
          { input: { agreementId, aggregations: [{ function: 'COUNT' }], groupBy: ['city'], epsilon: 1 - probe / 10, filters: [{ column: 'dept', op: 'EQ', value: 'a' }] } },
          w.analyst,
        ),
      );
      expect(r.privateAggregate.groups.map((g) => g.key[0])).not.toContain('ghost');
    }
  });

  it('charges a query that fails after its budget was reserved, answers one generic error and audits it', async () => {
    const before = ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: agreementId }, w.analyst)).agreement.budget;
    // 28 distinct days are more candidates than the cap of 20: known only after the data were read.
    const input = { agreementId, aggregations: [{ function: 'COUNT' }], groupBy: ['day'], epsilon: 0.5 };
    const r = await t.gql(AGGREGATE, { input }, w.analyst);
    expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors![0]!.message).toBe(CHARGED_FAILURE_MESSAGE);
    expect(r.errors![0]!.extensions).toMatchObject({ charged: true, epsilonSpent: 0.5, deltaSpent: 1e-5 });
    expect(JSON.stringify(r)).not.toMatch(/candidate|stack|SELECT/i);
    const after = ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: agreementId }, w.analyst)).agreement.budget;
    expect(after.epsilonSpent).toBeCloseTo(before.epsilonSpent + 0.5, 9);
    expect(after.deltaSpent).toBeCloseTo(before.deltaSpent + 1e-5, 12);
    expect(after.queriesRun).toBe(before.queriesRun + 1);
    const failed = (await auditOf(t, agreementId)).filter((e) => e.action === 'QUERY_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ outcome: 'ERROR', details: { epsilonSpent: 0.5, deltaSpent: 1e-5, code: 'QUERY_FAILED' } });
    // A failure is not an answer: asking again pays again.
    expect(codeOf(await t.gql(AGGREGATE, { input }, w.analyst))).toBe('INTERNAL_SERVER_ERROR');
    const again = ok<{ agreement: { budget: any } }>(await t.gql(BUDGET_OF, { id: agreementId }, w.analyst)).agreement.budget;
    expect(again.epsilonSpent).toBeCloseTo(before.epsilonSpent + 1, 9);
  });
});
