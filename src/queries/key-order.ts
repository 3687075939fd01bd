import type { ColumnSpec } from '../datasets/column-spec';

/**
 * Keys read from data (a joined dataset's own values) in a stable order that does not depend on
 * the database's row order or collation: integers by value, other text by code unit, null last.
 */
export function sortKeys(keys: readonly (string | null)[], spec: ColumnSpec): (string | null)[] {
  const integer = spec.type === 'INTEGER';
  return [...keys].sort((a, b) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (integer) {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : 1;
  });
}
