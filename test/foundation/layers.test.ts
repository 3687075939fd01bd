import { join } from 'node:path';
import { findCycles, importGraph } from '../support/import-graph';

/*
 * The layering README.md ("How it is built") describes, checked on the real import graph:
 * dependencies point one way, from the edge (app, graphql, http, cli) into the domain, never back.
 * A domain folder also holds its GraphQL-facing files (resolvers, object and input types, an HTTP
 * route): those are the edge inside the folder and may use src/graphql and src/http, never the
 * composition root; nothing else in the folder may use them.
 */
const SRC = join(__dirname, '..', '..', 'src');
const EDGE_FOLDERS = ['app', 'graphql', 'http', 'cli'];
/** Every other folder of src/ is domain, so a new module is held to the rules from its first file. */
const NOT_DOMAIN = [...EDGE_FOLDERS, 'console', 'main.ts'];
const EDGE_FILE = /\.(resolver|type|input|route)\.ts$/;
const GRAPHQL_PACKAGES = /^(type-graphql|@apollo\/)/;

const graph = importGraph(SRC);
const folderOf = (path: string) => path.split('/')[0]!;
const inDomain = (path: string) => !NOT_DOMAIN.includes(folderOf(path));
const isEdgeFile = (path: string) => EDGE_FILE.test(path);

function violations(rule: (from: string, to: string) => boolean): string[] {
  return [...graph.values()].flatMap((m) => m.modules.filter((to) => rule(m.path, to)).map((to) => `${m.path} -> ${to}`));
}

describe('the import graph of src/', () => {
  it('reads the real tree (the rules below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('app/services.ts')?.modules).toContain('queries/query.service.ts');
    expect(graph.get('graphql/plugins/refusal-audit.plugin.ts')?.packages).toContain('@apollo/server');
    for (const folder of ['agreements', 'queries', 'privacy', 'synthetic']) expect([...graph.keys()].some((p) => inDomain(p) && folderOf(p) === folder)).toBe(true);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('keeps the domain free of the edge: no src/app, src/graphql, src/http or src/cli, no resolver or GraphQL type', () => {
    const upward = violations((from, to) => inDomain(from) && !isEdgeFile(from) && (EDGE_FOLDERS.includes(folderOf(to)) || isEdgeFile(to)));
    expect(upward).toEqual([]);
  });

  it('loads no GraphQL library in domain code', () => {
    const loading = [...graph.values()]
      .filter((m) => inDomain(m.path) && !isEdgeFile(m.path))
      .flatMap((m) => m.packages.filter((p) => GRAPHQL_PACKAGES.test(p)).map((p) => `${m.path} -> ${p}`));
    expect(loading).toEqual([]);
  });

  it('lets the edge files inside domain folders use src/graphql and src/http, never the composition root or the CLI', () => {
    expect(violations((from, to) => inDomain(from) && isEdgeFile(from) && ['app', 'cli'].includes(folderOf(to)))).toEqual([]);
  });

  it('keeps src/privacy pure: it imports nothing else of src/', () => {
    expect(violations((from, to) => folderOf(from) === 'privacy' && folderOf(to) !== 'privacy')).toEqual([]);
  });

  it('keeps src/config and src/errors at the bottom: they import only each other', () => {
    const bottom = ['config', 'errors'];
    expect(violations((from, to) => bottom.includes(folderOf(from)) && !bottom.includes(folderOf(to)))).toEqual([]);
  });
});

describe('findCycles', () => {
  it('finds a cycle through three modules and none in a chain', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, modules]) => [k, { modules }]));
    expect(findCycles(g({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(g({ a: ['b'], b: ['c'], c: [] }))).toEqual([]);
  });
});
