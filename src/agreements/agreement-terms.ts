import type { ColumnSpec } from '../datasets/column-spec';
import { isNumeric } from '../datasets/column-spec';
import { BadUserInputError } from '../errors/errors';
import { requireFutureDate } from '../errors/input';
import { AggregateFunction, isAggregateFunction } from './aggregate-function';
import type { BudgetPeriod } from './agreement.entity';

export interface EpsilonCaps {
  maxEpsilonPerQuery: number;
  maxEpsilonBudget: number;
}

export interface GrantTerms {
  purpose: string;
  columns: string[];
  allowedAggregations: string[];
  epsilonBudget: number;
  epsilonPerQueryMax: number;
  delta: number;
  /** Null: the default, DEFAULT_DELTA_BUDGET_FACTOR × delta. */
  deltaBudget: number | null;
  budgetPeriod: BudgetPeriod;
  suppressBelow: number | null;
  expiresAt: Date | null;
  /** IDENTIFIER columns the partner may join on; absent: none. */
  joinColumns?: string[] | null;
}

export const MAX_DELTA = 1e-5;
/**
 * The most δ one agreement may spend per period. Each selection query's δ is a probability of
 * releasing a key held by a single person; summed over queries it must stay far below 1/n.
 */
export const MAX_DELTA_BUDGET = 1e-3;
/** An agreement granted without a deltaBudget may run this many selection queries at its full δ. */
export const DEFAULT_DELTA_BUDGET_FACTOR = 10;
const MAX_PURPOSE = 2000;
const BUDGET_PERIODS: readonly BudgetPeriod[] = ['NEVER', 'DAILY', 'WEEKLY', 'MONTHLY'];
const HISTOGRAM_TYPES = new Set(['CATEGORY', 'BOOLEAN', 'INTEGER', 'FLOAT']);

/** Validates and normalizes the terms of a new agreement against the dataset and platform caps. */
export function validateGrantTerms(
  t: GrantTerms,
  datasetColumns: readonly ColumnSpec[],
  caps: EpsilonCaps,
  now: Date,
): GrantTerms & { joinColumns: string[] } {
  const purpose = t.purpose.trim();
  if (purpose.length < 1 || purpose.length > MAX_PURPOSE) {
    throw new BadUserInputError(`purpose must be 1 to ${MAX_PURPOSE} characters`, 'purpose');
  }
  const columns = validateColumns(t.columns, datasetColumns);
  const allowedAggregations = validateAggregations(t.allowedAggregations, columns.map((c) => datasetColumns.find((d) => d.name === c)!));
  validateEpsilons(t.epsilonBudget, t.epsilonPerQueryMax, caps);
  if (!Number.isFinite(t.delta) || t.delta < 0 || t.delta > MAX_DELTA) {
    throw new BadUserInputError(`delta must be between 0 and ${MAX_DELTA}`, 'delta');
  }
  // Rounded to 15 significant digits: 10 × 1e-6 is 9.999999999999999e-6 in binary floating point,
  // and the ledger compares in exact decimals, so the tenth query at the full δ would not fit.
  const deltaBudget = t.deltaBudget ?? Number((DEFAULT_DELTA_BUDGET_FACTOR * t.delta).toPrecision(15));
  validateDeltaBudget(deltaBudget);
  if (!BUDGET_PERIODS.includes(t.budgetPeriod)) throw new BadUserInputError(`unknown budget period ${t.budgetPeriod}`, 'budgetPeriod');
  validateSuppressBelow(t.suppressBelow);
  requireFutureDate(t.expiresAt, 'expiresAt', now);
  const joinColumns = validateJoinColumns(t.joinColumns ?? [], datasetColumns);
  return { ...t, purpose, columns, allowedAggregations, deltaBudget, joinColumns };
}

/**
 * Join columns are the dataset's IDENTIFIER columns, and only those: a partner matches its own
 * rows on their pseudonyms, never on a shared attribute. They are not in `columns` (identifiers are
 * never shared) and are never aggregated, grouped or filtered on.
 */
export function validateJoinColumns(requested: readonly string[], datasetColumns: readonly ColumnSpec[]): string[] {
  const joinColumns = [...new Set(requested)];
  for (const name of joinColumns) {
    const spec = datasetColumns.find((c) => c.name === name);
    if (!spec) throw new BadUserInputError(`the dataset has no column "${name}"`, 'joinColumns');
    if (spec.sensitivity !== 'IDENTIFIER') {
      throw new BadUserInputError(`join column "${name}" must be an IDENTIFIER column`, 'joinColumns');
    }
  }
  return joinColumns;
}

function validateColumns(requested: string[], datasetColumns: readonly ColumnSpec[]): string[] {
  const columns = [...new Set(requested)];
  if (columns.length === 0) throw new BadUserInputError('columns must name at least one column', 'columns');
  for (const name of columns) {
    const spec = datasetColumns.find((c) => c.name === name);
    if (!spec) throw new BadUserInputError(`the dataset has no column "${name}"`, 'columns');
    if (spec.sensitivity === 'IDENTIFIER') {
      throw new BadUserInputError(`column "${name}" is a direct identifier and cannot be shared`, 'columns');
    }
  }
  return columns;
}

/**
 * COUNT and COUNT_DISTINCT_UNITS need no column (with no privacy unit column every row is one person,
 * so COUNT_DISTINCT_UNITS equals COUNT and is allowed). SUM, MEAN and QUANTILE need a numeric
 * column among the shared ones; HISTOGRAM a CATEGORY, BOOLEAN or numeric one.
 */
function validateAggregations(requested: string[], shared: readonly ColumnSpec[]): AggregateFunction[] {
  const aggregations = [...new Set(requested)];
  if (aggregations.length === 0) throw new BadUserInputError('allowedAggregations must name at least one aggregation', 'allowedAggregations');
  for (const a of aggregations) {
    if (!isAggregateFunction(a)) throw new BadUserInputError(`unknown aggregation ${a}`, 'allowedAggregations');
    if ((a === AggregateFunction.SUM || a === AggregateFunction.MEAN || a === AggregateFunction.QUANTILE) && !shared.some(isNumeric)) {
      throw new BadUserInputError(`${a} needs an INTEGER or FLOAT column among the agreement's columns`, 'allowedAggregations');
    }
    if (a === AggregateFunction.HISTOGRAM && !shared.some((c) => HISTOGRAM_TYPES.has(c.type))) {
      throw new BadUserInputError('HISTOGRAM needs a CATEGORY, BOOLEAN, INTEGER or FLOAT column among the agreement\'s columns', 'allowedAggregations');
    }
  }
  return aggregations as AggregateFunction[];
}

/** `0 < epsilonPerQueryMax ≤ epsilonBudget`, each within the platform caps. */
export function validateEpsilons(epsilonBudget: number, epsilonPerQueryMax: number, caps: EpsilonCaps): void {
  if (!Number.isFinite(epsilonBudget) || epsilonBudget <= 0) {
    throw new BadUserInputError('epsilonBudget must be a number above 0', 'epsilonBudget');
  }
  if (epsilonBudget > caps.maxEpsilonBudget) {
    throw new BadUserInputError(`epsilonBudget must be at most ${caps.maxEpsilonBudget} (PARLEY_MAX_EPSILON_BUDGET)`, 'epsilonBudget');
  }
  if (!Number.isFinite(epsilonPerQueryMax) || epsilonPerQueryMax <= 0) {
    throw new BadUserInputError('epsilonPerQueryMax must be a number above 0', 'epsilonPerQueryMax');
  }
  if (epsilonPerQueryMax > caps.maxEpsilonPerQuery) {
    throw new BadUserInputError(
      `epsilonPerQueryMax must be at most ${caps.maxEpsilonPerQuery} (PARLEY_MAX_EPSILON_PER_QUERY)`,
      'epsilonPerQueryMax',
    );
  }
  if (epsilonPerQueryMax > epsilonBudget) {
    throw new BadUserInputError(
      `epsilonPerQueryMax (${epsilonPerQueryMax}) cannot exceed epsilonBudget (${epsilonBudget})`,
      'epsilonPerQueryMax',
    );
  }
}

/** Finite, 0 (no partition selection at all) up to MAX_DELTA_BUDGET. */
export function validateDeltaBudget(value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_DELTA_BUDGET) {
    throw new BadUserInputError(`deltaBudget must be a number from 0 to ${MAX_DELTA_BUDGET}`, 'deltaBudget');
  }
}

export function validateSuppressBelow(value: number | null): void {
  if (value === null) return;
  if (!Number.isInteger(value) || value < 0) throw new BadUserInputError('suppressBelow must be a whole number, 0 or more', 'suppressBelow');
}

export interface AmendableTerms {
  epsilonBudget: number;
  epsilonPerQueryMax: number;
  expiresAt: Date | null;
  suppressBelow: number | null;
  deltaBudget: number;
}

export type TermsChange = Partial<AmendableTerms>;

/**
 * The terms after an amendment, validated as a whole (a lower budget must still hold the per-query
 * maximum), and the before/after of what the amendment names, for the audit trail.
 */
export function amendTerms(current: AmendableTerms, change: TermsChange, caps: EpsilonCaps, now: Date) {
  const keys = (Object.keys(change) as (keyof AmendableTerms)[]).filter((k) => change[k] !== undefined && change[k] !== null);
  if (keys.length === 0) {
    throw new BadUserInputError('name at least one term to change: epsilonBudget, epsilonPerQueryMax, expiresAt, suppressBelow or deltaBudget', 'input');
  }
  const next: AmendableTerms = { ...current };
  for (const k of keys) (next as unknown as Record<string, unknown>)[k] = change[k];
  validateEpsilons(next.epsilonBudget, next.epsilonPerQueryMax, caps);
  validateSuppressBelow(next.suppressBelow);
  // A lower δ budget than already spent is allowed: selection queries then stop until the refill.
  if (change.deltaBudget !== undefined && change.deltaBudget !== null) validateDeltaBudget(next.deltaBudget);
  if (change.expiresAt) requireFutureDate(change.expiresAt, 'expiresAt', now);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const k of keys) {
    before[k] = current[k];
    after[k] = next[k];
  }
  return { next, before, after };
}
