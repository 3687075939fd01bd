import { codeOf, ok, startTestApp, type TestApp } from '../support/test-app';
import { PREVIEW, createQueryWorld, grantOn, query, type QueryWorld } from './query-support';
import { CUSTOMERS, appendCsv, customerRows, customersCsv, grantWithJoins, joinTruth, ownDataset } from './join-support';

/*
 * Clean-room joins end to end. The overlap of the two datasets is known (p150..p299), so every
 * released figure is compared with the truth. Single values are checked at ε = 10: with
 * sensitivity ≤ 2 a discrete Laplace draw is 5 or more away with probability below 3e-11, and
 * this file checks fewer than 30 such values.
 */
const MARGIN = 5;
const AGREEMENT = 'query { agreement(id: $id) { joinColumns } }';

describe('clean-room joins', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;
  let customersId: string;
  const customers = customerRows();
  const join = () => ({ datasetId: customersId, alias: 'c', on: 'person', otherOn: 'cust' });
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantWithJoins(t, w);
    customersId = await ownDataset(t, w.users.partnerAdmin.token, CUSTOMERS, customersCsv(customers));
  });
  afterAll(() => t.close());

  it('lists the agreement’s joinColumns; none by default; only IDENTIFIER columns may be listed', async () => {
    const get = (id: string) => t.gql(AGREEMENT.replace('query {', 'query($id: ID!) {'), { id }, w.analyst);
    expect(ok<{ agreement: { joinColumns: string[] } }>(await get(agreementId)).agreement.joinColumns).toEqual(['person']);
    const plain = await grantOn(t, w);
    expect(ok<{ agreement: { joinColumns: string[] } }>(await get(plain)).agreement.joinColumns).toEqual([]);
    const bad = await t.gql(
      'mutation($i: GrantAgreementInput!) { grantAgreement(input: $i) { id } }',
      { i: { datasetId: w.datasetId, partnerOrganizationId: w.partner, purpose: 'x', columns: ['dept'], allowedAggregations: ['COUNT'], epsilonBudget: 1, epsilonPerQueryMax: 1, joinColumns: ['city'] } },
      w.users.ownerAdmin.token,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('gives equal identifiers in datasets of two organizations equal pseudonyms (blanks trimmed), and nothing else', async () => {
    const tables: { id: string; table_name: string }[] = await t.services.dataSource.query('SELECT id, table_name FROM datasets WHERE id = ANY($1)', [[w.datasetId, customersId]]);
    const table = (id: string) => `parley_data."${tables.find((r) => r.id === id)!.table_name}"`;
    const [shared] = await t.services.dataSource.query(
      `SELECT count(DISTINCT s.person)::int AS n FROM ${table(w.datasetId)} s JOIN ${table(customersId)} c ON c.cust = s.person`,
    );
    expect(shared.n).toBe(150);
    const [clear] = await t.services.dataSource.query(`SELECT count(*)::int AS n FROM ${table(customersId)} WHERE cust LIKE '%p1%' OR cust LIKE ' %'`);
    expect(clear.n).toBe(0);
  });

  it('releases the overlap size as COUNT_DISTINCT_UNITS over the join', async () => {
    const r = ok(await query(t, w.analyst, { agreementId, epsilon: 10, join: join(), aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }] })).privateAggregate;
    expect(Math.abs(r.groups[0].values[0].value - 150)).toBeLessThan(MARGIN);
  });

  it('bounds contribution after the join: at most maxRowsPerUnit joined rows per person of the shared dataset', async () => {
    const truth = joinTruth(customers, 2);
    expect(truth.rows).toBe(210);
    // Bounding before the join (or not at all) would count p150..p159 four times each.
    expect(joinTruth(customers, Infinity).rows).toBe(230);
    const r = ok(await query(t, w.analyst, { agreementId, epsilon: 10, join: join(), aggregations: [{ function: 'COUNT' }] })).privateAggregate;
    expect(Math.abs(r.groups[0].values[0].value - truth.rows)).toBeLessThan(MARGIN);
  });

  it('groups on joined columns with keys from the joined dataset alone, even those no one in the overlap holds', async () => {
    const r = ok(
      await query(t, w.analyst, { agreementId, epsilon: 10, join: join(), aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }], groupBy: ['c.region'] }),
    ).privateAggregate;
    expect(r.groups.map((g: any) => g.key)).toEqual([['east'], ['north'], ['west']]);
    const expected = [50, 0, 100];
    r.groups.forEach((g: any, i: number) => expect(Math.abs(g.values[0].value - expected[i]!)).toBeLessThan(MARGIN));
    const bySegment = ok(
      await query(t, w.analyst, { agreementId, epsilon: 10, join: join(), aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }], groupBy: ['dept', 'c.segment'] }),
    ).privateAggregate;
    expect(bySegment.groups).toHaveLength(8);
    for (const g of bySegment.groups) {
      const [dept, segment] = g.key;
      const want = joinTruth(customers, 2, (v, c) => v.dept === dept && c.segment === segment).units;
      expect(Math.abs(g.values[0].value - want)).toBeLessThan(MARGIN);
    }
  });

  it('filters on shared and joined columns together', async () => {
    const r = ok(
      await query(t, w.analyst, {
        agreementId,
        epsilon: 10,
        join: join(),
        aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }],
        filters: [
          { column: 'dept', op: 'IN', values: ['a', 'b'] },
          { column: 'c.spend', op: 'GE', value: '250' },
        ],
      }),
    ).privateAggregate;
    const want = joinTruth(customers, 2, (v, c) => ['a', 'b'].includes(v.dept) && c.spend >= 250).units;
    expect(want).toBeGreaterThan(20);
    expect(Math.abs(r.groups[0].values[0].value - want)).toBeLessThan(MARGIN);
  });

  it('caches by the joined dataset’s version too, and audits the join without its values', async () => {
    const input = { agreementId, epsilon: 1, join: join(), aggregations: [{ function: 'COUNT' }, { function: 'MEAN', column: 'c.spend' }], groupBy: ['c.region'] };
    const first = ok(await query(t, w.analyst, input)).privateAggregate;
    expect(first.cached).toBe(false);
    const again = ok(await query(t, w.analyst, input)).privateAggregate;
    expect(again.cached).toBe(true);
    expect(again.queryId).toBe(first.queryId);
    await appendCsv(t, w.users.partnerAdmin.token, customersId, 'cust,segment,region,spend\np100,gold,east,5\n');
    const preview = ok<{ previewAggregate: any }>(await t.gql(PREVIEW, { input }, w.analyst)).previewAggregate;
    expect(preview.wouldBeCached).toBe(false);
    const fresh = ok(await query(t, w.analyst, input)).privateAggregate;
    expect(fresh.cached).toBe(false);
    expect(fresh.queryId).not.toBe(first.queryId);

    const events: { action: string; details: any }[] = await t.services.dataSource.query(
      `SELECT action, details FROM audit_events WHERE resource_id = $1 AND action IN ('QUERY_EXECUTED', 'QUERY_CACHED') ORDER BY seq`,
      [agreementId],
    );
    const last = events[events.length - 1]!;
    expect(last.action).toBe('QUERY_EXECUTED');
    expect(last.details.join).toEqual({ datasetId: customersId, datasetVersion: 2, alias: 'c', on: 'person', otherOn: 'cust' });
    expect(last.details.groupBy).toEqual(['c.region']);
    const text = JSON.stringify(events.map((e) => e.details));
    for (const value of ['east', 'north', 'west', 'gold', 'p15', '"250"']) expect(text).not.toContain(value);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('refuses malformed joins with BAD_USER_INPUT', async () => {
    const base = { agreementId, epsilon: 1, aggregations: [{ function: 'COUNT' }] };
    const refuse = async (extra: Record<string, unknown>, field: string) => {
      const r = await query(t, w.analyst, { ...base, ...extra });
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe(field);
    };
    await refuse({ join: { ...join(), alias: 'C-1' } }, 'join.alias');
    await refuse({ join: { ...join(), otherOn: 'region' } }, 'join.otherOn');
    await refuse({ join: { ...join(), otherOn: 'nope' } }, 'join.otherOn');
    await refuse({ join: { ...join(), datasetId: 'not-an-id' } }, 'join.datasetId');
    await refuse({ join: join(), groupBy: ['c.cust'] }, 'groupBy[0]');
    await refuse({ join: join(), filters: [{ column: 'c.cust', op: 'EQ', value: 'p1' }] }, 'filters[0].column');
    await refuse({ join: join(), groupBy: ['c.nope'] }, 'groupBy[0]');
    // Without a join, a qualified name is just an unknown column.
    await refuse({ groupBy: ['c.region'] }, 'groupBy[0]');
  });

  it('refuses grouping a joined column with a shared column that needs partition selection', async () => {
    const selecting = await grantWithJoins(t, w, { delta: 1e-6 });
    const r = await query(t, w.analyst, { agreementId: selecting, epsilon: 1, join: join(), aggregations: [{ function: 'COUNT' }], groupBy: ['city', 'c.segment'] });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    // A shared column alone still goes through partition selection, over the joined rows.
    const selected = ok<{ privateAggregate: { deltaSpent: number } }>(
      await t.gql('mutation($input: AggregateQueryInput!) { privateAggregate(input: $input) { deltaSpent } }', {
        input: { agreementId: selecting, epsilon: 1, join: join(), aggregations: [{ function: 'COUNT' }], groupBy: ['city'] },
      }, w.analyst),
    ).privateAggregate;
    expect(selected.deltaSpent).toBe(1e-6);
  });

  it('refuses a group-by on a joined column holding more distinct values than the group cap', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `p${i},gold,r${i},1`);
    const wide = await ownDataset(t, w.users.partnerAdmin.token, { ...CUSTOMERS, name: 'wide' }, ['cust,segment,region,spend', ...rows].join('\n') + '\n');
    const r = await query(t, w.analyst, {
      agreementId,
      epsilon: 1,
      join: { datasetId: wide, alias: 'x', on: 'person', otherOn: 'cust' },
      aggregations: [{ function: 'COUNT' }],
      groupBy: ['x.region'],
    });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/more than 10000 distinct values/);
  });
});

describe('clean-room joins: the noisy overlap lands within errorBound95 at the expected rate', () => {
  let t: TestApp;
  let w: QueryWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
  });
  afterAll(() => t.close());

  it('keeps at least 95% of 120 releases within errorBound95 (more than 25 misses: probability below 3e-10)', async () => {
    const agreementId = await grantWithJoins(t, w);
    const customersId = await ownDataset(t, w.users.partnerAdmin.token, CUSTOMERS, customersCsv(customerRows()));
    let misses = 0;
    for (let i = 0; i < 120; i += 1) {
      // A distinct ε per query, so that no answer comes from the cache.
      const r = ok(
        await query(t, w.analyst, {
          agreementId,
          epsilon: 0.5 + i / 1000,
          join: { datasetId: customersId, alias: 'c', on: 'person', otherOn: 'cust' },
          aggregations: [{ function: 'COUNT_DISTINCT_UNITS' }],
        }),
      ).privateAggregate;
      expect(r.cached).toBe(false);
      const v = r.groups[0].values[0];
      if (Math.abs(v.value - 150) > v.errorBound95) misses += 1;
    }
    expect(misses).toBeLessThanOrEqual(25);
  });
});
