import type { ColumnSpec } from './column-spec';

/** One cleaned value in PostgreSQL text form (null = SQL NULL), or why it was rejected. */
export type CleanedValue = { ok: true; value: string | null; clamped: boolean } | { ok: false; message: string };

const INTEGER = /^[+-]?\d+(\.0*)?$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// A Map, not an object literal: "constructor" or "toString" must not be found on a prototype.
const BOOLEANS = new Map([['true', 't'], ['false', 'f'], ['1', 't'], ['0', 'f'], ['yes', 't'], ['no', 'f']]);

const accept = (value: string | null, clamped = false): CleanedValue => ({ ok: true, value, clamped });
const reject = (message: string): CleanedValue => ({ ok: false, message });

/**
 * Builds the cleaning function of one column: trim; empty means null; coerce to the column's type;
 * clamp numbers into the declared bounds. Identifiers are pseudonymized by the caller afterwards.
 */
export function valueCleaner(column: ColumnSpec): (raw: string | undefined) => CleanedValue {
  const coerce = coercer(column);
  return (raw) => {
    const text = raw === undefined ? '' : raw.trim();
    if (text === '') return column.nullable ? accept(null) : reject('a value is required');
    return coerce(text);
  };
}

function coercer(column: ColumnSpec): (text: string) => CleanedValue {
  switch (column.type) {
    case 'INTEGER':
      return (text) => {
        if (!INTEGER.test(text)) return reject(`"${preview(text)}" is not an integer`);
        return clampNumber(Number(text), column);
      };
    case 'FLOAT':
      return (text) => {
        const n = Number(text);
        if (!FLOAT.test(text) || !Number.isFinite(n)) return reject(`"${preview(text)}" is not a number`);
        return clampNumber(n, column);
      };
    case 'BOOLEAN':
      return (text) => {
        const b = BOOLEANS.get(text.toLowerCase());
        return b ? accept(b) : reject(`"${preview(text)}" is not a boolean (true/false, 1/0, yes/no)`);
      };
    case 'CATEGORY': {
      const allowed = new Set(column.categories ?? []);
      return (text) => (allowed.has(text) ? accept(text) : reject(`"${preview(text)}" is not one of the declared categories`));
    }
    case 'DATE':
      return (text) => {
        const date = isoDate(text);
        return date ? accept(date) : reject(`"${preview(text)}" is not an ISO-8601 date (YYYY-MM-DD)`);
      };
    default:
      return (text) => accept(text);
  }
}

function clampNumber(n: number, column: ColumnSpec): CleanedValue {
  const lo = column.lowerBound!;
  const hi = column.upperBound!;
  // Normalize -0 so that equal values stay byte-equal for duplicate detection.
  if (n < lo) return accept(String(lo), true);
  if (n > hi) return accept(String(hi), true);
  return accept(String(n === 0 ? 0 : n));
}

/** The calendar date of an ISO-8601 date or date-time, as written (no time-zone shift). */
function isoDate(text: string): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || year < 1) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Error messages quote a little of the bad value so owners can find it; never more. */
function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
