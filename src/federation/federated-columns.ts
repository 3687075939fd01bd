import { BadUserInputError } from '../errors/errors';

/** What a part's dataset declares about a column, as `dataset { columns }` answers it. */
export interface DeclaredColumn {
  name: string;
  type: string;
  categories: string[] | null;
  lowerBound: number | null;
  upperBound: number | null;
}

export interface NamedColumns {
  aggregated: string[];
  groupBy: string[];
  filtered: string[];
}

/**
 * Parts are combined value by value, so every part must mean the same thing by each column the
 * query names: the same type and, for CATEGORY, the same categories (histograms and group keys
 * are labelled by them). Bounds may differ; they only set each part's own noise. TEXT group-bys
 * are refused: their groups are chosen by partition selection per part and would not line up.
 * Throws BAD_USER_INPUT naming the first part that does not fit, before anything is spent.
 */
export function checkSameColumns(parts: { label: string; columns: DeclaredColumn[] }[], named: NamedColumns): void {
  const names = [...new Set([...named.aggregated, ...named.groupBy, ...named.filtered])];
  let reference: { label: string; columns: Map<string, DeclaredColumn> } | null = null;
  for (const part of parts) {
    const columns = new Map(part.columns.map((c) => [c.name, c]));
    for (const name of names) {
      const c = columns.get(name);
      if (!c) throw new BadUserInputError(`${part.label} has no column "${name}"`, 'parts');
      if (named.groupBy.includes(name) && c.type === 'TEXT') {
        throw new BadUserInputError(`${part.label}: a federated query cannot group by the TEXT column "${name}"`, 'groupBy');
      }
      const ref = reference?.columns.get(name);
      if (ref && ref.type !== c.type) {
        throw new BadUserInputError(`${part.label} declares "${name}" as ${c.type}, ${reference!.label} as ${ref.type}`, 'parts');
      }
      if (ref && !sameSet(ref.categories, c.categories)) {
        throw new BadUserInputError(`${part.label} declares other categories for "${name}" than ${reference!.label}`, 'parts');
      }
    }
    reference ??= { label: part.label, columns };
  }
}

function sameSet(a: string[] | null, b: string[] | null): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
