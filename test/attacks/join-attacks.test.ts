import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { createDataset } from '../support/dataset-fixture';
import { createQueryWorld, query, VISITS, type QueryWorld } from '../queries/query-support';
import { CUSTOMERS, customerRows, customersCsv, grantWithJoins, ownDataset } from '../queries/join-support';
import { auditOf } from './attack-support';

/**
 * Attacks on clean-room joins, performed as a partner analyst would.
 *
 * 1. Joining someone else's dataset — another organization's, or the very dataset the agreement
 *    shares — would read rows the caller has no right to: NOT_FOUND, like an id that names nothing.
 * 2. Joining on an identifier the owner did not list in joinColumns: FORBIDDEN.
 * 3. A partner table holding 1,000 copies of one identifier must not multiply that person's weight:
 *    contribution is bounded after the join, so the COUNT moves by at most maxRowsPerUnit (2).
 *    Checked at ε = 10 (sensitivity 2): each release is 5 or more off with probability < 3e-11.
 */
describe('attack: clean-room joins', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  let customersId: string;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantWithJoins(t, w);
    customersId = await ownDataset(t, w.users.partnerAdmin.token, CUSTOMERS, customersCsv(customerRows()));
  });
  afterAll(() => t.close());

  const count = (datasetId: string, extra: Record<string, unknown> = {}) =>
    query(t, w.analyst, {
      agreementId,
      epsilon: 10,
      join: { datasetId, alias: 'c', on: 'person', otherOn: 'cust', ...extra },
      aggregations: [{ function: 'COUNT' }],
    });

  it('answers NOT_FOUND, alike, for another organization’s dataset, the shared dataset itself and an id that names nothing', async () => {
    const outsiders = await ownDataset(t, w.users.outsiderAdmin.token, { ...CUSTOMERS, name: 'theirs' }, customersCsv(customerRows()));
    const before = (await auditOf(t, agreementId)).length;
    const answers = [];
    for (const [datasetId, otherOn] of [
      [outsiders, 'cust'],
      [w.datasetId, 'person'],
      ['00000000-0000-4000-8000-000000000999', 'cust'],
    ] as const) {
      const r = await count(datasetId, { otherOn });
      expect(codeOf(r)).toBe('NOT_FOUND');
      answers.push(r.errors![0]!.message);
    }
    expect(new Set(answers).size).toBe(1);
    // Nothing was spent, and the agreement's trail did not grow: the refusals are recorded against the dataset named.
    const budget = ok<{ agreement: { budget: { queriesRun: number } } }>(
      await t.gql('query($id: ID!) { agreement(id: $id) { budget { queriesRun } } }', { id: agreementId }, w.analyst),
    );
    expect(budget.agreement.budget.queriesRun).toBe(0);
    expect((await auditOf(t, agreementId)).length).toBe(before);
    const denied: { n: number }[] = await t.services.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'QUERY_DENIED' AND resource_type = 'Dataset' AND details->>'code' = 'NOT_FOUND'`,
    );
    expect(denied[0]!.n).toBe(3);
  });

  it('answers FORBIDDEN for a join column the agreement does not list, and for any join under an agreement without joinColumns', async () => {
    // A shared dataset with two identifiers, of which the agreement lists one.
    const twoIds = await createDataset(t, w.users.ownerAdmin.token, 'two_ids', [
      { name: 'patient_id', type: 'TEXT', sensitivity: 'IDENTIFIER', nullable: false },
      { name: 'email', type: 'TEXT', sensitivity: 'IDENTIFIER' },
      { name: 'age', type: 'INTEGER', lowerBound: 0, upperBound: 120 },
    ]);
    const grant = async (joinColumns: string[]) =>
      ok<{ grantAgreement: { id: string } }>(
        await t.gql(
          'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
          { i: { datasetId: twoIds, partnerOrganizationId: w.partner, purpose: 'overlap', columns: ['age'], allowedAggregations: ['COUNT'], epsilonBudget: 1, epsilonPerQueryMax: 1, joinColumns } },
          w.users.ownerAdmin.token,
        ),
      ).grantAgreement.id;
    const onlyPatient = await grant(['patient_id']);
    const none = await grant([]);
    const ask = (id: string, on: string) =>
      query(t, w.analyst, { agreementId: id, epsilon: 1, join: { datasetId: customersId, alias: 'c', on, otherOn: 'cust' }, aggregations: [{ function: 'COUNT' }] });
    for (const [id, on] of [
      [onlyPatient, 'email'],
      [onlyPatient, 'age'],
      [none, 'patient_id'],
    ] as const) {
      const r = await ask(id, on);
      expect(codeOf(r)).toBe('FORBIDDEN');
      expect(r.errors![0]!.extensions!.field).toBe('join.on');
    }
    expect(codeOf(await ask(onlyPatient, 'patient_id'))).toBeUndefined();
  });

  it('moves a COUNT by at most maxRowsPerUnit when the partner table holds 1,000 copies of one identifier', async () => {
    // p250 has one row in the shared dataset and one in the partner's table: one joined row. With
    // 999 more copies (made distinct, or ingest would drop them as duplicates) an unbounded join
    // would count it 1,000 times; bounded after the join it counts min(2, 1,000) = 2 times.
    const copies = Array.from({ length: 999 }, (_, i) => `p250,gold,east,${i}`);
    const flooded = await ownDataset(
      t,
      w.users.partnerAdmin.token,
      { ...CUSTOMERS, name: 'flooded' },
      customersCsv(customerRows()) + copies.join('\n') + '\n',
    );
    const plain = ok(await count(customersId)).privateAggregate.groups[0].values[0].value;
    const attacked = ok(await count(flooded)).privateAggregate.groups[0].values[0].value;
    expect(Math.abs(attacked - plain)).toBeLessThanOrEqual(VISITS.maxRowsPerUnit + 2 * 5);
    // The same for the overlap: the person is still one unit.
    const units = (datasetId: string) =>
      query(t, w.analyst, { agreementId, epsilon: 10, join: { datasetId, alias: 'c', on: 'person', otherOn: 'cust' }, aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }] });
    const u1 = ok(await units(customersId)).privateAggregate.groups[0].values[0].value;
    const u2 = ok(await units(flooded)).privateAggregate.groups[0].values[0].value;
    expect(Math.abs(u2 - u1)).toBeLessThan(2 * 5);
  });
});
