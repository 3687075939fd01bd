import type { ColumnSpec } from '../datasets/column-spec';
import { BadUserInputError } from '../errors/errors';

export const MAX_PUBLIC_GROUPS = 10_000;

/**
 * Every key of a group-by over public domains, in declared order: the categories of a CATEGORY
 * column, 'true' and 'false' for a BOOLEAN one, and a null key when the column is nullable. Keys
 * come from the schema, never from the data, so an empty group is released like any other and the
 * presence of a group tells nothing about anyone.
 */
export function publicGroupKeys(specs: readonly ColumnSpec[]): (string | null)[][] {
  return keysOfDomains(specs.map(domainOf));
}

/** Every key of the product of the given domains, in order; above MAX_PUBLIC_GROUPS, BAD_USER_INPUT. */
export function keysOfDomains(domains: readonly (string | null)[][]): (string | null)[][] {
  const size = domains.reduce((n, d) => n * d.length, 1);
  if (size > MAX_PUBLIC_GROUPS) {
    throw new BadUserInputError(`groupBy would release ${size} groups; at most ${MAX_PUBLIC_GROUPS} are allowed`, 'groupBy');
  }
  return domains.reduce<(string | null)[][]>((keys, domain) => keys.flatMap((k) => domain.map((v) => [...k, v])), [[]]);
}

export function domainOf(spec: ColumnSpec): (string | null)[] {
  const values: (string | null)[] = spec.type === 'BOOLEAN' ? ['true', 'false'] : [...(spec.categories ?? [])];
  return spec.nullable ? [...values, null] : values;
}

/** A stable map key for a group key tuple (null distinct from the string "null"). */
export function keyId(key: readonly (string | null)[]): string {
  return JSON.stringify(key);
}
