import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A client's mistakes are not our faults. The attack: flood the server with malformed documents
 * and make the operators' error log and INTERNAL_SERVER_ERROR count look like an outage.
 */
describe('attack: client errors passed off as server errors', () => {
  let t: TestApp;
  const lines: Record<string, any>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await startTestApp({}, { log: pino({ level: 'info' }, sink) });
  });
  afterAll(() => t.close());

  const cases: [string, string, Record<string, unknown>, string][] = [
    ['a parse error', '{ me { id ', {}, 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', '{ nope }', {}, 'GRAPHQL_VALIDATION_FAILED'],
    ['a coercion error', 'query($id: ID!) { dataset(id: $id) { id } }', { id: { not: 'an id' } }, 'BAD_USER_INPUT'],
    ['a depth limit', `{ datasets { ${'agreements { dataset { '.repeat(6)}id${' } }'.repeat(6)} } }`, {}, 'QUERY_TOO_COMPLEX'],
    ['an alias limit', `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: health`).join(' ')} }`, {}, 'QUERY_TOO_COMPLEX'],
  ];

  it.each(cases)('%s is logged at info without a stack and counted by its own code', async (_what, query, variables, code) => {
    lines.length = 0;
    const res = await t.gql(query, variables);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    const logged = lines.filter((l) => l.msg === 'graphql');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 30, outcome: code });
    expect(JSON.stringify(logged[0])).not.toMatch(/stack|at .*\.js:\d+/);
    expect(lines.some((l) => l.level >= 50)).toBe(false);
  });

  it('counts none of them as INTERNAL_SERVER_ERROR', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).not.toMatch(/outcome="INTERNAL_SERVER_ERROR"/);
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']) {
      expect(text).toMatch(new RegExp(`parley_graphql_operations_total\\{operation="\\w+",outcome="${code}"\\} [1-9]`));
    }
  });
});
