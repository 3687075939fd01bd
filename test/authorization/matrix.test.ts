import { ADMIN_TOKEN, codeOf, startTestApp, type TestApp } from '../support/test-app';
import { expandCases, type MatrixCase } from './operation-table';
import { OPERATIONS } from './operations';
import { buildWorld, type World } from './world';

/**
 * The authorization matrix: every contract operation in the catalogue × every role (and no token)
 * × the object's relation to the caller, through HTTP, the real schema and the real database.
 */
const cases = expandCases(OPERATIONS);

describe('authorization matrix', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildWorld(t);
  }, 180_000);
  afterAll(() => t.close());

  it('covers every operation for every caller', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(ADMIN_TOKEN).toBeTruthy();
  });

  it.each(cases.map((c) => [c.label, c] as const))('%s', async (_label: string, c: MatrixCase) => {
    const token = c.caller === 'anonymous' ? null : world.callers[c.caller].token;
    const ctx = { t, world, caller: c.caller, relation: c.relation, token };
    const prepared = await c.operation.prepare(ctx);
    const res = await t.gql(c.operation.document, prepared.variables, prepared.token === undefined ? token : prepared.token);
    if (['ok', 'listed', 'hidden', 'null'].includes(c.outcome)) {
      if (res.errors?.length) throw new Error(`expected ${c.outcome}, got ${JSON.stringify(res.errors)}`);
      const data = res.data as Record<string, any>;
      if (c.outcome === 'listed' || c.outcome === 'hidden') {
        const ids = c.operation.ids!(data);
        expect({ listed: ids.includes(prepared.targetId!) }).toEqual({ listed: c.outcome === 'listed' });
      } else if (c.outcome === 'null') {
        expect(c.operation.single!(data)).toBeNull();
      } else {
        c.operation.check?.(data, ctx, prepared);
      }
    } else {
      expect({ code: codeOf(res), data: res.data?.[c.operation.name] ?? null }).toEqual({ code: c.outcome, data: null });
    }
  });
});
