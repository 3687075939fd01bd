import type { AgreementEntity } from '../agreements/agreement.entity';
import type { ColumnSpec } from '../datasets/column-spec';
import type { DatasetEntity } from '../datasets/dataset.entity';
import { BadUserInputError, ForbiddenError } from '../errors/errors';
import type { JoinRequest } from './aggregate-query';
import { describe } from './filter-value';
import type { JoinPlan, NormalizedJoin } from './query-model';

/** The contract's alias form; with column names it never contains a dot, so `alias.column` is unambiguous. */
const ALIAS = /^[a-z][a-z0-9_]{0,62}$/;

export interface ValidatedJoin {
  plan: JoinPlan;
  normalized: NormalizedJoin;
  /** The joined dataset, already authorized: owned by the caller's organization. */
  dataset: DatasetEntity;
}

/**
 * Checks the pair of join columns. `on` must be one of the agreement's joinColumns (FORBIDDEN
 * otherwise: the owner did not allow it); `otherOn` must be an IDENTIFIER column of the joined
 * dataset, so that both sides hold pseudonyms under the same deployment-wide key and match
 * exactly when the identifiers were equal.
 */
export function validateJoin(input: JoinRequest, agreement: AgreementEntity, shared: DatasetEntity, joined: DatasetEntity): ValidatedJoin {
  const alias = typeof input.alias === 'string' ? input.alias : '';
  if (!ALIAS.test(alias)) throw new BadUserInputError('join.alias must match ^[a-z][a-z0-9_]{0,62}$', 'join.alias');
  const resource = { type: 'Agreement', id: agreement.id, organizationId: agreement.ownerOrganizationId };
  const joinColumns = agreement.joinColumns ?? [];
  if (!joinColumns.includes(input.on)) {
    const why = joinColumns.length === 0 ? 'the agreement allows no joins' : `column ${describe(input.on)} is not among the agreement's joinColumns`;
    throw new ForbiddenError(`join.on: ${why}`, { field: 'join.on' }).about(resource);
  }
  const on = shared.columns.find((c) => c.name === input.on);
  if (!on || on.sensitivity !== 'IDENTIFIER') {
    throw new BadUserInputError(`join.on: ${describe(input.on)} is not an IDENTIFIER column of the shared dataset`, 'join.on');
  }
  const otherOn = joined.columns.find((c) => c.name === input.otherOn);
  if (!otherOn) throw new BadUserInputError(`join.otherOn: unknown column ${describe(input.otherOn)}`, 'join.otherOn');
  if (otherOn.sensitivity !== 'IDENTIFIER') {
    throw new BadUserInputError(`join.otherOn: ${describe(input.otherOn)} must be an IDENTIFIER column (only pseudonyms are matched)`, 'join.otherOn');
  }
  return {
    plan: { tableName: joined.tableName, alias, on: on.name, otherOn: otherOn.name },
    normalized: { datasetId: joined.id, datasetVersion: joined.version, alias, on: on.name, otherOn: otherOn.name },
    dataset: joined,
  };
}

/** The joined dataset's column a query name like `alias.column` refers to, or null for a shared column. */
export function joinedColumnName(name: string, alias: string): string | null {
  return name.startsWith(`${alias}.`) ? name.slice(alias.length + 1) : null;
}

/** BOOLEAN, and CATEGORY with declared categories: keys known from the schema alone. */
export function hasDeclaredDomain(spec: ColumnSpec): boolean {
  return spec.type === 'BOOLEAN' || (spec.type === 'CATEGORY' && spec.categories !== null);
}

/**
 * The joined dataset's columns a group-by names whose keys are the values that dataset holds (no
 * declared domain). Names that are not such columns are left to the validator to refuse.
 */
export function heldDomainColumns(groupBy: readonly string[] | null | undefined, join: ValidatedJoin): { name: string; spec: ColumnSpec }[] {
  return [...new Set(groupBy ?? [])].flatMap((name) => {
    const column = joinedColumnName(name, join.plan.alias);
    const spec = column === null ? undefined : join.dataset.columns.find((c) => c.name === column);
    if (!spec || spec.sensitivity === 'IDENTIFIER' || spec.type === 'FLOAT' || hasDeclaredDomain(spec)) return [];
    return [{ name, spec }];
  });
}
