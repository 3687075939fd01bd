import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { budgetOf, createQueryWorld, grantOn, RESULT_FIELDS, type QueryWorld } from '../queries/query-support';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Arbitrary query inputs through the real server: whatever an analyst sends — unknown or hostile
 * column names, invalid operators, operands of the wrong type, NaN, infinities, huge or negative ε,
 * malformed bins and quantiles — the answer is a clean refusal or a release. Never a 500, never SQL
 * text or a stack trace, and never budget spent on a refusal.
 */

/** Numbers JSON cannot carry; each transport below sends them its own way. */
const SPECIAL = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;

const KNOWN = ['dept', 'amount', 'score', 'flag', 'city', 'day'];
const HOSTILE = [
  'person', // the IDENTIFIER column, outside the agreement
  'nope',
  '',
  ' amount',
  'AMOUNT',
  'amount"',
  '"amount"',
  'amount" FROM pg_catalog.pg_tables --',
  "'; DROP TABLE audit_events; --",
  'dept") OR 1=1 --',
  'ctid',
  'parley_data.x',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'é'.repeat(300),
  'x'.repeat(5000),
  '${amount}',
  '__proto__',
  'constructor',
];

const columnName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

const number = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 130 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 5e-324, 1e308, -1e308, 2 ** 53 + 1, ...Object.values(SPECIAL)) },
);

const operand = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'd', 'north', 'big', 'rare', 'true', 'no', '1', '0', '42', '2024-01-05', '0.5') },
  { weight: 2, arbitrary: number.map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('2024-02-30', '0000-01-01', '9999-12-31', '99999-01-01', ' 7 ', '007', '1e3', '1e400', '--1', "1'; SELECT 1; --", '\u0000') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(7, true, null, { x: 1 }, ['a']) }, // not a String: coercion fails
);

const filter = fc.record(
  {
    column: columnName,
    op: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'IN', 'IS_NULL', 'NOT_NULL') },
      { weight: 1, arbitrary: fc.constantFrom('LIKE', 'eq', '', 'EQ; DROP', 'BETWEEN') },
    ),
    value: fc.option(operand, { nil: undefined }),
    values: fc.option(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(operand, { maxLength: 6 }) },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: 1001 }, (_, i) => String(i))) },
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['column', 'op'] },
);

const aggregation = fc.record(
  {
    function: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('COUNT', 'COUNT_DISTINCT_UNITS', 'SUM', 'MEAN', 'HISTOGRAM', 'QUANTILE') },
      { weight: 1, arbitrary: fc.constantFrom('MEDIAN', 'count', 'MAX', '') },
    ),
    column: fc.option(columnName, { nil: undefined }),
    quantile: fc.option(fc.oneof(fc.double({ min: 0, max: 1 }), number), { nil: undefined }),
    bins: fc.option(
      fc.oneof(
        fc.array(number, { maxLength: 8 }),
        fc.array(fc.integer({ min: -10, max: 150 }), { minLength: 2, maxLength: 8 }).map((xs) => [...new Set(xs)].sort((x, y) => x - y)),
        fc.constant(Array.from({ length: 105 }, (_, i) => i)),
      ),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['function'] },
);

const epsilon = fc.oneof(
  { weight: 5, arbitrary: fc.double({ min: 0.001, max: 1, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(0, -0, -1, 0.0009, 0.001, 1, 1.0000001, 2, 1e9, 1e308, 5e-324, ...Object.values(SPECIAL)) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('0.5', 'NaN', null, true) },
);

/** Inputs close to what an analyst sends, so that the fuzzing reaches releases and the server's own checks. */
const plausibleAggregation = fc.oneof(
  fc.constantFrom(
    { function: 'COUNT' },
    { function: 'COUNT_DISTINCT_UNITS' },
    { function: 'HISTOGRAM', column: 'dept' },
    { function: 'HISTOGRAM', column: 'flag' },
  ),
  fc.record({ function: fc.constantFrom('SUM', 'MEAN'), column: fc.constantFrom('amount', 'score') }),
  fc.record({
    function: fc.constant('QUANTILE'),
    column: fc.constantFrom('amount', 'score'),
    quantile: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  }),
  fc
    .uniqueArray(fc.integer({ min: -10, max: 130 }), { minLength: 2, maxLength: 6 })
    .map((edges) => ({ function: 'HISTOGRAM', column: 'amount', bins: edges.sort((x, y) => x - y) })),
);
const plausibleFilter = fc.oneof(
  fc.record({ column: fc.constant('amount'), op: fc.constantFrom('EQ', 'NE', 'LT', 'LE', 'GT', 'GE'), value: fc.integer({ min: -5, max: 120 }).map(String) }),
  fc.record({ column: fc.constant('score'), op: fc.constantFrom('LT', 'GE'), value: fc.double({ min: 0, max: 1, noNaN: true }).map(String) }),
  fc.record({ column: fc.constant('dept'), op: fc.constantFrom('EQ', 'NE'), value: fc.constantFrom('a', 'b', 'c', 'd', 'z') }),
  fc.record({ column: fc.constant('flag'), op: fc.constant('EQ'), value: fc.constantFrom('true', 'false', 'yes', '0') }),
  fc.record({ column: fc.constantFrom('city', 'dept'), op: fc.constant('IN'), values: fc.array(fc.constantFrom('big', 'rare', 'a', 'b', 'x'), { minLength: 1, maxLength: 3 }) }),
  fc.record({ column: fc.constantFrom('day', 'city', 'flag'), op: fc.constantFrom('IS_NULL', 'NOT_NULL') }),
  fc.record({ column: fc.constant('day'), op: fc.constantFrom('LT', 'GE'), value: fc.constantFrom('2024-01-10', '2023-12-31', '2024-02-29') }),
);
const plausibleInput = (agreementId: string) =>
  fc.record({
    agreementId: fc.constant(agreementId),
    epsilon: fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0.001, max: 1, noNaN: true }) }, { weight: 1, arbitrary: epsilon }),
    aggregations: fc.uniqueArray(plausibleAggregation, { minLength: 1, maxLength: 3, selector: (a) => JSON.stringify(a) }),
    groupBy: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 3, arbitrary: fc.subarray(['dept', 'flag']) },
      { weight: 1, arbitrary: fc.subarray(['city', 'day', 'amount'], { maxLength: 1 }) },
      { weight: 1, arbitrary: fc.array(columnName, { maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constant(['person']) }, // outside the agreement: FORBIDDEN
    ),
    filters: fc.array(fc.oneof({ weight: 6, arbitrary: plausibleFilter }, { weight: 1, arbitrary: filter }), { maxLength: 3 }),
  });

interface FuzzCase {
  operation: 'privateAggregate' | 'previewAggregate';
  transport: 'variables' | 'literal';
  input: Record<string, unknown>;
  /** Send the last released query again instead: a cached answer, which must spend nothing. */
  repeat: boolean;
}

/** Anything at all in every field. */
const hostileInput = (agreementId: string) =>
  fc.record(
    {
      agreementId: fc.oneof(
        { weight: 10, arbitrary: fc.constant(agreementId) },
        { weight: 1, arbitrary: fc.constantFrom(randomUUID(), 'not-a-uuid', '', "' OR 1=1 --") },
      ),
      epsilon,
      aggregations: fc.oneof(
        { weight: 8, arbitrary: fc.array(aggregation, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.array(aggregation, { maxLength: 12 }) },
      ),
      groupBy: fc.option(fc.array(columnName, { maxLength: 4 }), { nil: undefined }),
      filters: fc.option(fc.array(filter, { maxLength: 4 }), { nil: undefined }),
    },
    { requiredKeys: ['agreementId', 'epsilon', 'aggregations'] },
  );

function fuzzCase(agreementId: string): fc.Arbitrary<FuzzCase> {
  return fc.record({
    operation: fc.constantFrom('privateAggregate', 'privateAggregate', 'privateAggregate', 'previewAggregate'),
    transport: fc.constantFrom('variables', 'literal'),
    repeat: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    input: fc.oneof(plausibleInput(agreementId), hostileInput(agreementId)),
  });
}

const ENUM_FIELDS = new Set(['function', 'op']);
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** JSON, except that infinities travel as 1e999 (JSON.parse makes them Infinity) and NaN as a string. */
function toJson(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? '"NaN"' : Number.isFinite(value) ? JSON.stringify(value) : value > 0 ? '1e999' : '-1e999';
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A GraphQL literal: infinities as 1e999 (parseFloat makes them Infinity), NaN as the bare name NaN. */
function toLiteral(value: unknown, key = ''): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? JSON.stringify(value) : value > 0 ? '1e999' : '-1e999';
  if (typeof value === 'string') return ENUM_FIELDS.has(key) && NAME.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => toLiteral(v, key)).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${toLiteral(v, k)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

const SELECTION: Record<FuzzCase['operation'], string> = {
  privateAggregate: RESULT_FIELDS,
  previewAggregate: 'epsilonCost wouldBeCached remainingQueriesAtThisCost expectedErrors { function column quantile errorBound95 mechanism }',
};

function requestBody(c: FuzzCase): string {
  const keyword = c.operation === 'privateAggregate' ? 'mutation' : 'query';
  if (c.transport === 'literal') {
    return JSON.stringify({ query: `${keyword} { ${c.operation}(input: ${toLiteral(c.input)}) { ${SELECTION[c.operation]} } }` });
  }
  const query = `${keyword}($input: AggregateQueryInput!) { ${c.operation}(input: $input) { ${SELECTION[c.operation]} } }`;
  return `{"query":${JSON.stringify(query)},"variables":{"input":${toJson(c.input)}}}`;
}

/** What must never reach a client; a pattern counts only when the request did not carry it itself. */
const LEAKS = [
  /\bSELECT\b/i,
  /\bINSERT\b/i,
  /parley_data/,
  /syntax error at/i,
  /relation "[^"]*" does not exist/i,
  /column "[^"]*" does not exist/i,
  /QueryFailedError|TypeORMError|node_modules/,
  /(\\n|\n)\s+at .+:\d+:\d+/,
  /\bat \S+ \(\S+:\d+:\d+\)/,
];

describe('fuzzing the private query input', () => {
  let t: TestApp;
  let w: QueryWorld;
  let agreementId: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await createQueryWorld(t);
    agreementId = await grantOn(t, w, { epsilonBudget: 100, epsilonPerQueryMax: 1, delta: 1e-6 });
  });
  afterAll(() => t.close());

  it('a query input over the token limit is refused with 400 QUERY_TOO_COMPLEX, not a 500 (found by the run below)', async () => {
    const values = Array.from({ length: 2100 }, (_, i) => `"${i}"`).join(', ');
    const res = await t.gql(
      `mutation { privateAggregate(input: { agreementId: "${agreementId}", epsilon: 0.1, aggregations: [{ function: COUNT }],
        filters: [{ column: "amount", op: IN, values: [${values}] }] }) { queryId } }`,
      {},
      w.analyst,
    );
    expect([res.status, res.errors?.[0]?.extensions?.code]).toEqual([400, 'QUERY_TOO_COMPLEX']);
    expect((await budgetOf(t, w.analyst, agreementId)).epsilonSpent).toBe(0);
  });

  it('150 arbitrary inputs: no 500, no internal error, no SQL or stack in a response, no budget spent on a refusal', async () => {
    const outcomes = { released: 0, cached: 0, refused: 0, previews: 0 };
    const codes = new Map<string, number>();
    let spent = 0;
    let lastReleased: string | null = null;
    await fc.assert(
      fc.asyncProperty(fuzzCase(agreementId), async (generated) => {
        const c: FuzzCase = generated.repeat && lastReleased ? { ...generated, operation: 'privateAggregate' } : generated;
        const body = generated.repeat && lastReleased ? lastReleased : requestBody(c);
        const res = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${w.analyst}` },
          body,
        });
        const text = await res.text();
        if (res.status >= 500) throw new Error(`HTTP ${res.status}: ${text.slice(0, 500)}`);
        for (const leak of LEAKS) if (!leak.test(body)) expect(text).not.toMatch(leak);
        const json = JSON.parse(text) as { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };
        const errorCodes = (json.errors ?? []).map((e) => e.extensions?.code ?? 'NONE');
        expect(errorCodes).not.toContain('INTERNAL_SERVER_ERROR');
        expect(errorCodes).not.toContain('NONE');
        for (const code of errorCodes) codes.set(code, (codes.get(code) ?? 0) + 1);

        if (c.operation === 'previewAggregate') {
          outcomes.previews += 1;
        } else if (json.errors) {
          expect(json.data?.privateAggregate ?? null).toBeNull();
          outcomes.refused += 1;
        } else {
          const answer = json.data!.privateAggregate as { epsilonSpent: number; cached: boolean };
          outcomes.released += 1;
          if (answer.cached) outcomes.cached += 1;
          lastReleased = body;
          spent += answer.epsilonSpent;
        }
        // After every call, refused or not, the budget holds exactly what the releases reported.
        const budget = await budgetOf(t, w.analyst, agreementId);
        expect(budget.epsilonSpent).toBeCloseTo(spent, 9);
        expect(budget.queriesRun).toBe(outcomes.released - outcomes.cached);
      }),
      // A failure prints its seed; FUZZ_SEED=<seed> replays it.
      { numRuns: 150, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
    );
    // The generators must reach the server's own checks and releases, not only GraphQL's.
    expect(outcomes.released).toBeGreaterThan(5);
    expect(codes.get('BAD_USER_INPUT') ?? 0).toBeGreaterThan(20);
    expect(codes.get('FORBIDDEN') ?? 0).toBeGreaterThan(0);
    expect(outcomes.cached).toBeGreaterThan(0);
  }, 120_000);
});
