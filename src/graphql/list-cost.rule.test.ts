import 'reflect-metadata';
import { parse, validate, type GraphQLSchema } from 'graphql';
import * as consoleMutations from '../console/api/mutations';
import * as consoleQueries from '../console/api/queries';
import { buildParleySchema } from '../app/schema';
import { fanOutRule } from './limits';
import { listCostRule } from './list-cost.rule';

describe('list cost rule', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildParleySchema();
  });

  const errorsOf = (doc: string, rule = fanOutRule()) => validate(schema, parse(doc), [rule]).map((e) => e.message);

  it('admits every document the console sends', () => {
    const docs = Object.entries({ ...consoleQueries, ...consoleMutations }).filter(([, v]) => typeof v === 'string' && /^\s*(query|mutation)\b/.test(v as string));
    expect(docs.length).toBeGreaterThan(10);
    for (const [name, doc] of docs) expect([name, errorsOf(doc as string)]).toEqual([name, []]);
  });

  it('multiplies nested lists by their assumed size, and paged fields by first', () => {
    const rule = (max: number) => listCostRule({ maxCost: max, assumedListSize: 10, variablePageSize: 100 });
    // datasets (10) × (id + agreements (10) × id) = 1 + 10 × (1 + 1 + 10 × 1) = 121
    expect(errorsOf('{ datasets { id agreements { id } } }', rule(121))).toEqual([]);
    expect(errorsOf('{ datasets { id agreements { id } } }', rule(120))).toHaveLength(1);
    // auditEvents(first: 5): 1 + 5 × (edges 1 + 1 × (node 1 + 1 × id 1)) = 16
    expect(errorsOf('{ auditEvents(first: 5) { edges { node { id } } } }', rule(16))).toEqual([]);
    expect(errorsOf('{ auditEvents(first: 5) { edges { node { id } } } }', rule(15))).toHaveLength(1);
    // A variable page counts as the largest page.
    expect(errorsOf('query($n: Int) { auditEvents(first: $n) { edges { node { id } } } }', rule(301))).toEqual([]);
    expect(errorsOf('query($n: Int) { auditEvents(first: $n) { edges { node { id } } } }', rule(300))).toHaveLength(1);
  });
});
