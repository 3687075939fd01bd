import type { ColumnSpec } from './column-spec';

const INTEGER = /^[+-]?\d+(\.0*)?$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// A Map, not an object literal: "constructor" or "toString" must not be found on a prototype.
const BOOLEANS = new Map([['true', 't'], ['false', 'f'], ['1', 't'], ['0', 'f'], ['yes', 't'], ['no', 'f']]);

/** A value moved into its column's bounds (rare: an object only then). */
export class Clamped {
  constructor(readonly value: string) {}
}

/** Why a value was refused (rare: an object only then). */
export class Rejected {
  constructor(readonly message: string) {}
}

/** A value read for its column: PostgreSQL text, null (SQL NULL), or one of the two rare outcomes. */
export type ReadValue = string | null | Clamped | Rejected;

/**
 * Builds the cleaning function of one column: trim; empty means null; coerce to the column's type;
 * clamp numbers into the declared bounds. Identifiers are pseudonymized by the caller afterwards.
 * The common outcome, a value kept as is, allocates nothing: it is the string itself.
 */
export function valueReader(column: ColumnSpec): (raw: string | undefined) => ReadValue {
  const coerce = coercer(column);
  const missing = column.nullable ? null : new Rejected('a value is required');
  return (raw) => {
    const text = raw === undefined ? '' : raw.trim();
    if (text === '') return missing;
    return coerce(text);
  };
}

function coercer(column: ColumnSpec): (text: string) => ReadValue {
  switch (column.type) {
    case 'INTEGER': {
      const lo = column.lowerBound!;
      const hi = column.upperBound!;
      return (text) => {
        // Most integers are written as PostgreSQL writes them: kept as they are.
        const n = canonicalInteger(text);
        if (n !== null && n >= lo && n <= hi) return text;
        if (!INTEGER.test(text)) return new Rejected(`"${preview(text)}" is not an integer`);
        return clampNumber(Number(text), column);
      };
    }
    case 'FLOAT':
      return (text) => {
        if (!FLOAT.test(text)) return new Rejected(`"${preview(text)}" is not a number`);
        const n = Number(text);
        if (!Number.isFinite(n)) return new Rejected(`"${preview(text)}" is not a number`);
        return clampNumber(n, column);
      };
    case 'BOOLEAN':
      return (text) => BOOLEANS.get(text) ?? BOOLEANS.get(text.toLowerCase()) ?? new Rejected(`"${preview(text)}" is not a boolean (true/false, 1/0, yes/no)`);
    case 'CATEGORY': {
      const allowed = new Set(column.categories ?? []);
      return (text) => (allowed.has(text) ? text : new Rejected(`"${preview(text)}" is not one of the declared categories`));
    }
    case 'DATE':
      return (text) => (isPlainDate(text) ? text : (isoDate(text) ?? new Rejected(`"${preview(text)}" is not an ISO-8601 date (YYYY-MM-DD)`)));
    default:
      return (text) => text;
  }
}

function clampNumber(n: number, column: ColumnSpec): ReadValue {
  const lo = column.lowerBound!;
  const hi = column.upperBound!;
  // Normalize -0 so that equal values stay byte-equal for duplicate detection.
  if (n < lo) return new Clamped(String(lo));
  if (n > hi) return new Clamped(String(hi));
  return String(n === 0 ? 0 : n);
}

/** The value of an integer written in canonical form (no sign but a leading -, no leading zero, at most 15 digits, not -0), else null. */
function canonicalInteger(text: string): number | null {
  const negative = text.charCodeAt(0) === 0x2d;
  const from = negative ? 1 : 0;
  const digits = text.length - from;
  if (digits < 1 || digits > 15) return null;
  const first = text.charCodeAt(from);
  if (first === 0x30 && (digits > 1 || negative)) return null;
  let n = 0;
  for (let i = from; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A valid calendar date written exactly YYYY-MM-DD (kept as is; anything else goes through isoDate). */
function isPlainDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const digit = (i: number) => {
    const d = text.charCodeAt(i) - 0x30;
    return d >= 0 && d <= 9 ? d : -1000;
  };
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  // Years before 100 go to isoDate, which refuses them (Date.UTC reads them as 19xx).
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
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
