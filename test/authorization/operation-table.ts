import type { TestApp } from '../support/test-app';
import { CALLERS, type Caller, type Relation, type World } from './world';

/**
 * What a call must produce:
 * - `ok`: data, no error;
 * - `listed` / `hidden`: a list answered, with / without the relation's object in it;
 * - `null`: a nullable single-object query answered null (the object is invisible);
 * - an error code: exactly that `extensions.code`.
 */
export type Outcome = 'ok' | 'listed' | 'hidden' | 'null' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT';
const OUTCOMES = new Set<string>(['ok', 'listed', 'hidden', 'null', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']);

export interface CaseContext {
  t: TestApp;
  world: World;
  caller: Caller;
  relation: Relation;
  /** The caller's token (null for anonymous). */
  token: string | null;
}

export interface PreparedCase {
  variables: Record<string, unknown>;
  /** Call with this token instead of the caller's standing one (a fresh caller for `self` changes). */
  token?: string | null;
  /** For `listed`/`hidden`/`ok` checks: the id the answer is about. */
  targetId?: string;
}

export interface Operation {
  /** The contract operation (Query or Mutation field). */
  name: string;
  /** Distinguishes several rows of the same operation (e.g. granting a platform role). */
  variant?: string;
  document: string;
  /** Builds the variables for one case; may create fresh objects so that cases never depend on each other. */
  prepare(ctx: CaseContext): Promise<PreparedCase>;
  /** For list outcomes: the ids in the answer. */
  ids?(data: Record<string, any>): string[];
  /** For `null`: the single object in the answer. */
  single?(data: Record<string, any>): unknown;
  /** Extra check on a successful answer. */
  check?(data: Record<string, any>, ctx: CaseContext, prepared: PreparedCase): void;
  /** caller × relation → outcome; anonymous callers are UNAUTHENTICATED unless the grid says otherwise. */
  expected: Map<Caller, Map<Relation, Outcome>>;
}

/**
 * Reads an outcome grid: a header line of relations, then one line per role:
 *
 *                      self   own        outsider
 *   PLATFORM_ADMIN     ok     ok         ok
 *   ORG_ADMIN          ok     ok         NOT_FOUND
 */
export function grid(text: string): Map<Caller, Map<Relation, Outcome>> {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const relations = lines[0]!.split(/\s+/) as Relation[];
  const out = new Map<Caller, Map<Relation, Outcome>>();
  for (const line of lines.slice(1)) {
    const [caller, ...cells] = line.split(/\s+/);
    if (!CALLERS.includes(caller as Caller)) throw new Error(`unknown caller ${caller} in grid`);
    if (cells.length !== relations.length) throw new Error(`grid row ${caller} has ${cells.length} cells for ${relations.length} relations`);
    const row = new Map<Relation, Outcome>();
    cells.forEach((cell, i) => {
      if (!OUTCOMES.has(cell)) throw new Error(`unknown outcome ${cell} in grid row ${caller}`);
      row.set(relations[i]!, cell as Outcome);
    });
    out.set(caller as Caller, row);
  }
  if (!out.has('anonymous')) out.set('anonymous', new Map(relations.map((r) => [r, 'UNAUTHENTICATED'])));
  for (const caller of CALLERS) if (!out.has(caller)) throw new Error(`grid lacks a row for ${caller}`);
  return out;
}

export interface MatrixCase {
  label: string;
  operation: Operation;
  caller: Caller;
  relation: Relation;
  outcome: Outcome;
}

/** Every operation × caller × relation of the catalogue, each with its expected outcome. */
export function expandCases(operations: readonly Operation[]): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const operation of operations) {
    for (const [caller, row] of operation.expected) {
      for (const [relation, outcome] of row) {
        const name = operation.variant ? `${operation.name} (${operation.variant})` : operation.name;
        cases.push({ label: `${name} | ${caller} | ${relation} → ${outcome}`, operation, caller, relation, outcome });
      }
    }
  }
  return cases;
}
