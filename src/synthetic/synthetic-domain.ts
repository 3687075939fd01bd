import type { ColumnSpec } from '../datasets/column-spec';
import type { RandomSource } from '../privacy';

/** Equal-width bins of a numeric column's declared (public) bounds. */
export const NUMERIC_BINS = 10;
/** The most cells one column may have (categories, plus one for NULL): keeps every 2-way table small. */
export const MAX_DOMAIN_CELLS = 257;

/**
 * A column as the synthesizer sees it: a finite domain of cells 0..size−1, fixed by the schema
 * alone (bounds, categories), never by the data. A nullable column has one more cell, the last,
 * for NULL.
 */
export type ColumnDomain =
  | { name: string; kind: 'CATEGORY'; size: number; nullable: boolean; categories: string[] }
  | { name: string; kind: 'BOOLEAN'; size: number; nullable: boolean }
  | {
      name: string;
      kind: 'INTEGER' | 'FLOAT';
      size: number;
      nullable: boolean;
      lower: number;
      upper: number;
      bins: number;
      exact: boolean;
      /** FLOAT values are written rounded to 1/decimalScale: six significant digits of the range. */
      decimalScale: number;
    };

/** Why a column cannot be synthesized, or null when it can. */
export function unsupportedReason(spec: ColumnSpec): string | null {
  if (spec.sensitivity === 'IDENTIFIER') return 'is a direct identifier';
  if (spec.type === 'TEXT') return 'is free text, which has no public domain';
  if (spec.type === 'DATE') return 'is a DATE, which has no declared bounds';
  if (spec.type === 'CATEGORY' && (spec.categories?.length ?? 0) + 1 > MAX_DOMAIN_CELLS) {
    return `has more than ${MAX_DOMAIN_CELLS - 1} categories`;
  }
  if ((spec.type === 'INTEGER' || spec.type === 'FLOAT') && (spec.lowerBound === null || spec.upperBound === null)) {
    return 'has no declared bounds';
  }
  return null;
}

export function domainOf(spec: ColumnSpec): ColumnDomain {
  const reason = unsupportedReason(spec);
  if (reason) throw new RangeError(`column ${spec.name} ${reason}`);
  const extra = spec.nullable ? 1 : 0;
  switch (spec.type) {
    case 'CATEGORY': {
      const categories = spec.categories ?? [];
      return { name: spec.name, kind: 'CATEGORY', size: categories.length + extra, nullable: spec.nullable, categories };
    }
    case 'BOOLEAN':
      return { name: spec.name, kind: 'BOOLEAN', size: 2 + extra, nullable: spec.nullable };
    default: {
      const lower = spec.lowerBound!;
      const upper = spec.upperBound!;
      // Small integer ranges keep every value: one cell each.
      const values = spec.type === 'INTEGER' ? Math.floor(upper) - Math.ceil(lower) + 1 : Number.POSITIVE_INFINITY;
      const exact = values <= NUMERIC_BINS;
      const bins = exact ? Math.max(1, values) : NUMERIC_BINS;
      const decimals = Math.max(0, Math.min(10, 6 - Math.ceil(Math.log10(upper - lower))));
      const kind = spec.type as 'INTEGER' | 'FLOAT';
      return { name: spec.name, kind, size: bins + extra, nullable: spec.nullable, lower, upper, bins, exact, decimalScale: 10 ** decimals };
    }
  }
}

/** The cell that stands for NULL, or null when the column is not nullable. */
export function nullCell(d: ColumnDomain): number | null {
  return d.nullable ? d.size - 1 : null;
}

const FRACTION_STEPS = 2 ** 30;
const FRACTION_STEPS_BIG = BigInt(FRACTION_STEPS);

/**
 * A value for a sampled cell, as CSV text ('' for NULL). Numeric bins are filled uniformly:
 * post-processing, with the same CSPRNG, so the rows never carry more than the cells did.
 */
export function valueOf(d: ColumnDomain, cell: number, rng: RandomSource): string {
  if (cell === nullCell(d)) return '';
  switch (d.kind) {
    case 'CATEGORY':
      return d.categories[cell]!;
    case 'BOOLEAN':
      return cell === 1 ? 'true' : 'false';
    case 'INTEGER': {
      const lower = Math.ceil(d.lower);
      if (d.exact) return String(lower + cell);
      const [lo, hi] = integerRangeOfBin(d, cell);
      return String(lo + Number(rng.randomBelow(BigInt(hi - lo + 1))));
    }
    case 'FLOAT': {
      const width = (d.upper - d.lower) / d.bins;
      const x = d.lower + width * (cell + Number(rng.randomBelow(FRACTION_STEPS_BIG)) / FRACTION_STEPS);
      return String(Math.min(d.upper, Math.max(d.lower, Math.round(x * d.decimalScale) / d.decimalScale)));
    }
  }
}

/** The integers v with ⌊(v − L)/(U − L)·B⌋ = cell (the last bin holds U too). */
export function integerRangeOfBin(d: Extract<ColumnDomain, { kind: 'INTEGER' | 'FLOAT' }>, cell: number): [number, number] {
  const width = (d.upper - d.lower) / d.bins;
  const lo = Math.ceil(d.lower + cell * width);
  const hi = cell === d.bins - 1 ? Math.floor(d.upper) : Math.ceil(d.lower + (cell + 1) * width) - 1;
  return [lo, Math.max(lo, hi)];
}
