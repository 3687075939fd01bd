import { rulesToAST } from '@casl/ability/extra';
import type { Action, AppAbility, SubjectType } from './subjects';

interface FieldCondition {
  operator: string;
  field: string;
  value: unknown;
}
interface CompoundCondition {
  operator: 'and' | 'or' | 'not';
  value: Condition[];
}
type Condition = FieldCondition | CompoundCondition;

/**
 * How a subject field maps to SQL. A string is a column expression compared with the operator; a
 * function builds the whole predicate (for fields such as a dataset's partners that live in
 * another table).
 */
export type FieldSql = string | ((operator: string, param: string) => string);

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

/**
 * Translates the caller's CASL rules for (action, subject) into a WHERE predicate with named
 * parameters for TypeORM's query builder. `null` means no rule allows anything: the caller must
 * return no rows. Unknown fields or operators throw, so a new rule can never silently widen a list.
 */
export function rulesToSql(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
  fields: Record<string, FieldSql>,
  paramPrefix = 'casl',
): SqlCondition | null {
  const ast = rulesToAST(ability, action, subjectType) as Condition | null;
  if (ast === null) return null;
  const params: Record<string, unknown> = {};
  let n = 0;
  const bind = (value: unknown) => {
    const name = `${paramPrefix}_${n++}`;
    params[name] = value;
    return name;
  };

  const walk = (c: Condition): string => {
    if (c.operator === 'and' || c.operator === 'or') {
      const parts = (c as CompoundCondition).value.map(walk);
      if (parts.length === 0) return c.operator === 'and' ? 'TRUE' : 'FALSE';
      return '(' + parts.join(c.operator === 'and' ? ' AND ' : ' OR ') + ')';
    }
    if (c.operator === 'not') {
      // ucast gives `not` either one condition or a list of one. SQL NULLs make a NOT fail closed.
      const inner = (c as { value: Condition | Condition[] }).value;
      return `NOT ${walk(Array.isArray(inner) ? { operator: 'and', value: inner } : inner)}`;
    }
    const f = c as FieldCondition;
    const mapping = fields[f.field];
    if (mapping === undefined) throw new Error(`no SQL mapping for ${subjectType}.${f.field}`);
    if (typeof mapping === 'function') return '(' + mapping(f.operator, bind(f.value)) + ')';
    if (f.operator === 'in' || f.operator === 'nin') {
      const list = f.value as unknown[];
      if (list.length === 0) return f.operator === 'in' ? 'FALSE' : 'TRUE';
      const op = f.operator === 'in' ? 'IN' : 'NOT IN';
      return `${mapping} ${op} (:...${bind(list)})`;
    }
    const cmp = COMPARATORS[f.operator];
    if (!cmp) throw new Error(`no SQL for operator ${f.operator} on ${subjectType}.${f.field}`);
    return `${mapping} ${cmp} :${bind(f.value)}`;
  };

  return { sql: walk(ast), params };
}

/**
 * For array-valued columns (e.g. users.roles), with MongoDB's array semantics that CASL applies in
 * memory: `in` means "shares an element with", `nin` "shares none with", `eq` "contains".
 */
export function arrayColumn(column: string): FieldSql {
  return (operator, param) => {
    if (operator === 'in') return `${column} && CAST(:${param} AS text[])`;
    if (operator === 'nin') return `NOT (${column} && CAST(:${param} AS text[]))`;
    if (operator === 'eq') return `:${param} = ANY(${column})`;
    throw new Error(`no SQL for operator ${operator} on ${column}`);
  };
}
