import canonicalize from 'canonicalize';
import { AggregateFunction } from '../agreements/aggregate-function';
import type { AgreementEntity } from '../agreements/agreement.entity';
import { isNumeric, type ColumnSpec } from '../datasets/column-spec';
import type { DatasetEntity } from '../datasets/dataset.entity';
import { BadUserInputError, ForbiddenError } from '../errors/errors';
import type { AggregateQueryRequest, AggregationRequest, FilterRequest } from './aggregate-query';
import { FilterOp } from './filter-op';
import { canonicalOperand, describe } from './filter-value';
import { domainOf, keysOfDomains } from './group-keys';
import { hasDeclaredDomain, joinedColumnName, type ValidatedJoin } from './join-validator';
import type { GroupKeys, NormalizedAggregation, NormalizedFilter, ValidatedQuery } from './query-model';

/** A validated join and the keys its grouped columns without a declared domain may take. */
export interface JoinContext extends ValidatedJoin {
  /** By `alias.column`: every value the joined dataset holds in that column (see heldDomainColumns). */
  domains: ReadonlyMap<string, (string | null)[]>;
}

export const MIN_EPSILON = 0.001;
export const LIMITS = { aggregations: 10, filters: 20, groupBy: 3, inValues: 1000, bins: 100 } as const;

const ORDERED_TYPES = new Set(['INTEGER', 'FLOAT', 'DATE']);
const NEEDS_COLUMN = new Set<AggregateFunction>([
  AggregateFunction.SUM,
  AggregateFunction.MEAN,
  AggregateFunction.QUANTILE,
  AggregateFunction.HISTOGRAM,
]);

/** ε is checked before anything is looked up: NaN and infinities never reach the agreement. */
export function checkEpsilonShape(epsilon: number): void {
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon)) {
    throw new BadUserInputError('epsilon must be a finite number', 'epsilon');
  }
  if (epsilon < MIN_EPSILON) throw new BadUserInputError(`epsilon must be at least ${MIN_EPSILON}`, 'epsilon');
}

/**
 * Checks a query against the agreement and the dataset schema and puts it in canonical form.
 * BAD_USER_INPUT for what is malformed or unknown; FORBIDDEN for what is well-formed but outside
 * what the agreement allows (a column it does not cover, an aggregation it does not list).
 */
export function validateQuery(
  input: AggregateQueryRequest,
  agreement: AgreementEntity,
  dataset: DatasetEntity,
  join: JoinContext | null = null,
): ValidatedQuery {
  checkEpsilonShape(input.epsilon);
  if (input.epsilon > agreement.epsilonPerQueryMax) {
    throw new BadUserInputError(`epsilon must be at most the agreement's epsilonPerQueryMax (${agreement.epsilonPerQueryMax})`, 'epsilon');
  }
  const columns = new Map(dataset.columns.map((c) => [c.name, c]));
  // The joined dataset is the caller's own: its columns need no agreement, only a qualified name.
  const alias = join?.plan.alias ?? null;
  for (const c of join?.dataset.columns ?? []) columns.set(`${alias}.${c.name}`, { ...c, name: `${alias}.${c.name}` });
  const resource = { type: 'Agreement', id: agreement.id, organizationId: agreement.ownerOrganizationId };
  const column = (name: string, field: string): ColumnSpec => {
    const spec = columns.get(name);
    if (!spec) throw new BadUserInputError(`${field}: unknown column ${describe(name)}`, field);
    const joined = alias !== null && joinedColumnName(name, alias) !== null;
    if (!joined && !agreement.columns.includes(name)) {
      throw new ForbiddenError(`${field}: column ${describe(name)} is not covered by the agreement`, { field }).about(resource);
    }
    if (spec.sensitivity === 'IDENTIFIER') {
      throw new BadUserInputError(`${field}: IDENTIFIER column ${describe(name)} cannot be aggregated, grouped or filtered on`, field);
    }
    return spec;
  };

  const aggregationsIn = input.aggregations ?? [];
  if (aggregationsIn.length < 1 || aggregationsIn.length > LIMITS.aggregations) {
    throw new BadUserInputError(`aggregations must list 1 to ${LIMITS.aggregations} aggregations`, 'aggregations');
  }
  const requested = aggregationsIn.map((a, i) => {
    const field = `aggregations[${i}]`;
    if (!agreement.allowedAggregations.includes(a.function)) {
      throw new ForbiddenError(`${field}: the agreement does not allow ${a.function}`, { field }).about(resource);
    }
    return normalizeAggregation(a, field, column);
  });
  const keyed = requested.map((a) => canonicalize(a) as string);
  const sortedKeys = [...new Set(keyed)].sort();
  if (sortedKeys.length !== keyed.length) throw new BadUserInputError('aggregations lists the same aggregation twice', 'aggregations');
  const aggregations = sortedKeys.map((k) => requested[keyed.indexOf(k)]!);

  const groupBy = input.groupBy ?? [];
  if (groupBy.length > LIMITS.groupBy) throw new BadUserInputError(`groupBy names at most ${LIMITS.groupBy} columns`, 'groupBy');
  if (new Set(groupBy).size !== groupBy.length) throw new BadUserInputError('groupBy names a column twice', 'groupBy');
  const groupSpecs = groupBy.map((name, i) => column(name, `groupBy[${i}]`));
  const groupKeys = chooseGroupKeys(groupSpecs, agreement, resource, join);

  const filtersIn = input.filters ?? [];
  if (filtersIn.length > LIMITS.filters) throw new BadUserInputError(`filters holds at most ${LIMITS.filters} filters`, 'filters');
  const filters = dedupe(filtersIn.map((f, i) => normalizeFilter(f, `filters[${i}]`, column)));

  const delta = chooseDelta(input.delta, groupKeys, agreement);

  return {
    normalized: {
      agreementId: agreement.id,
      datasetVersion: dataset.version,
      aggregations,
      filters,
      groupBy,
      epsilon: input.epsilon,
      delta,
      ...(join ? { join: join.normalized } : {}),
    },
    requestOrder: keyed.map((k) => sortedKeys.indexOf(k)),
    tableName: dataset.tableName,
    columns,
    join: join?.plan ?? null,
    unitColumn: dataset.privacyUnitColumn,
    // Every data table with a unit is ranked at ingest (migration 1764500000500 ranked the older ones).
    unitRanked: dataset.privacyUnitColumn !== null,
    contributionBound: dataset.privacyUnitColumn ? dataset.maxRowsPerUnit : 1,
    groupKeys,
    delta,
    suppressBelow: agreement.suppressBelow,
  };
}

function normalizeAggregation(
  a: AggregationRequest,
  field: string,
  column: (name: string, field: string) => ColumnSpec,
): NormalizedAggregation {
  const fn = a.function;
  const hasColumn = a.column !== null && a.column !== undefined;
  if (NEEDS_COLUMN.has(fn) !== hasColumn) {
    throw new BadUserInputError(`${field}.column is ${hasColumn ? 'not allowed' : 'required'} for ${fn}`, `${field}.column`);
  }
  const wantsQuantile = fn === AggregateFunction.QUANTILE;
  const hasQuantile = a.quantile !== null && a.quantile !== undefined;
  if (wantsQuantile !== hasQuantile) {
    throw new BadUserInputError(`${field}.quantile is ${hasQuantile ? 'only for QUANTILE' : 'required for QUANTILE'}`, `${field}.quantile`);
  }
  if (hasQuantile && !(Number.isFinite(a.quantile) && a.quantile! > 0 && a.quantile! < 1)) {
    throw new BadUserInputError(`${field}.quantile must lie strictly between 0 and 1`, `${field}.quantile`);
  }
  const spec = hasColumn ? column(a.column!, `${field}.column`) : null;
  const hasBins = a.bins !== null && a.bins !== undefined;
  const wantsBins = fn === AggregateFunction.HISTOGRAM && spec !== null && isNumeric(spec);
  if (wantsBins !== hasBins) {
    throw new BadUserInputError(`${field}.bins is ${hasBins ? 'only for HISTOGRAM over a numeric column' : 'required for HISTOGRAM over a numeric column'}`, `${field}.bins`);
  }
  if (spec) checkColumnFits(fn, spec, field);
  if (hasBins) checkBins(a.bins!, `${field}.bins`);
  return { function: fn, column: spec?.name ?? null, quantile: hasQuantile ? a.quantile! : null, bins: hasBins ? [...a.bins!] : null };
}

function checkColumnFits(fn: AggregateFunction, spec: ColumnSpec, field: string): void {
  const where = `${field}.column`;
  if (fn === AggregateFunction.HISTOGRAM) {
    if (spec.type === 'BOOLEAN' || isNumeric(spec)) return;
    if (spec.type === 'CATEGORY' && spec.categories?.length) return;
    throw new BadUserInputError(`${field}: HISTOGRAM needs a CATEGORY, BOOLEAN or numeric column`, where);
  }
  if (!isNumeric(spec)) throw new BadUserInputError(`${field}: ${fn} needs an INTEGER or FLOAT column`, where);
  const { lowerBound: l, upperBound: u } = spec;
  if (l === null || u === null || !Number.isFinite(l) || !Number.isFinite(u) || !(l < u)) {
    throw new BadUserInputError(`${field}: ${fn} needs a column with clamping bounds (lowerBound < upperBound)`, where);
  }
}

function checkBins(bins: number[], field: string): void {
  if (bins.length < 2 || bins.length > LIMITS.bins + 1) {
    throw new BadUserInputError(`${field} must hold 2 to ${LIMITS.bins + 1} edges (at most ${LIMITS.bins} bins)`, field);
  }
  for (let i = 0; i < bins.length; i += 1) {
    if (!Number.isFinite(bins[i])) throw new BadUserInputError(`${field} must hold finite numbers`, field);
    if (i > 0 && !(bins[i]! > bins[i - 1]!)) throw new BadUserInputError(`${field} must be strictly ascending`, field);
  }
}

/**
 * Keys of the joined dataset's columns come from that dataset alone — its declared categories, or
 * every value it holds — never from the join's result: they are the caller's own data, and a key
 * that appears only when someone in the shared dataset matches would tell that they do.
 */
function chooseGroupKeys(
  specs: ColumnSpec[],
  agreement: AgreementEntity,
  resource: { type: string; id: string; organizationId: string },
  join: JoinContext | null,
): GroupKeys {
  if (specs.length === 0) return { kind: 'none' };
  for (const [i, s] of specs.entries()) {
    if (s.type === 'FLOAT') throw new BadUserInputError(`groupBy[${i}]: FLOAT columns cannot be grouped on; use HISTOGRAM bins`, `groupBy[${i}]`);
  }
  const isJoined = (s: ColumnSpec) => join !== null && joinedColumnName(s.name, join.plan.alias) !== null;
  const isPublic = specs.every((s) => isJoined(s) || hasDeclaredDomain(s));
  if (isPublic) {
    const domains = specs.map((s) => {
      if (!isJoined(s) || hasDeclaredDomain(s)) return domainOf(s);
      const held = join!.domains.get(s.name);
      if (!held) throw new Error(`no held domain for ${s.name}`);
      return held;
    });
    return { kind: 'public', keys: keysOfDomains(domains) };
  }
  if (specs.some(isJoined)) {
    throw new BadUserInputError(
      'a joined column cannot be grouped on together with a shared column that needs partition selection; group on declared categories instead',
      'groupBy',
    );
  }
  if (!(agreement.delta > 0)) {
    throw new ForbiddenError('grouping on a column without a public domain needs partition selection, which this agreement forbids (delta = 0)', {
      field: 'groupBy',
    }).about(resource);
  }
  return { kind: 'selected' };
}

/**
 * The δ a query spends. Only partition selection needs one: by default the agreement's whole
 * per-query δ, or any smaller positive δ the caller names (a higher selection threshold, fewer
 * groups, less δ spent). A δ named for a query that needs none is accepted and spends nothing —
 * it is normalized to 0, so that it does not change the cache key either.
 */
function chooseDelta(requested: number | null | undefined, keys: GroupKeys, agreement: AgreementEntity): number {
  const given = requested !== null && requested !== undefined;
  if (given && (typeof requested !== 'number' || !Number.isFinite(requested) || requested < 0)) {
    throw new BadUserInputError('delta must be a finite number, 0 or more', 'delta');
  }
  if (keys.kind !== 'selected') return 0;
  const delta = given ? requested : agreement.delta;
  if (!(delta > 0)) throw new BadUserInputError('grouping on a column without a public domain needs a delta above 0', 'delta');
  if (delta > agreement.delta) {
    throw new BadUserInputError(`delta must be at most the agreement's delta (${agreement.delta})`, 'delta');
  }
  return delta;
}

function normalizeFilter(f: FilterRequest, field: string, column: (name: string, field: string) => ColumnSpec): NormalizedFilter {
  const spec = column(f.column, `${field}.column`);
  const hasValue = f.value !== null && f.value !== undefined;
  const hasValues = f.values !== null && f.values !== undefined;
  const forbid = (what: string, on: string) => new BadUserInputError(`${field}.${on} ${what} for ${f.op}`, `${field}.${on}`);
  switch (f.op) {
    case FilterOp.IS_NULL:
    case FilterOp.NOT_NULL:
      if (hasValue) throw forbid('is not allowed', 'value');
      if (hasValues) throw forbid('is not allowed', 'values');
      return { column: spec.name, op: f.op, values: [] };
    case FilterOp.IN: {
      if (hasValue) throw forbid('is not allowed', 'value');
      if (!hasValues || f.values!.length === 0) throw forbid('must hold at least one value', 'values');
      if (f.values!.length > LIMITS.inValues) throw forbid(`holds at most ${LIMITS.inValues} values`, 'values');
      const values = f.values!.map((v, i) => canonicalOperand(spec, v, `${field}.values[${i}]`));
      return { column: spec.name, op: f.op, values: [...new Set(values)].sort() };
    }
    default: {
      if (hasValues) throw forbid('is not allowed', 'values');
      if (!hasValue) throw forbid('is required', 'value');
      const ordered = f.op !== FilterOp.EQ && f.op !== FilterOp.NE;
      if (ordered && !ORDERED_TYPES.has(spec.type)) {
        throw new BadUserInputError(`${field}: ${f.op} needs an INTEGER, FLOAT or DATE column`, `${field}.op`);
      }
      return { column: spec.name, op: f.op, values: [canonicalOperand(spec, f.value!, `${field}.value`)] };
    }
  }
}

function dedupe(filters: NormalizedFilter[]): NormalizedFilter[] {
  const byKey = new Map(filters.map((f) => [canonicalize(f) as string, f]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}
