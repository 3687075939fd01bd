import type { ColumnSpec } from '../datasets/column-spec';
import { BadUserInputError } from '../errors/errors';

const INTEGER = /^[+-]?\d{1,19}$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
export const MAX_STRING_LENGTH = 1000;

/**
 * A filter operand in the canonical string form of the column's type: the form that is bound as a
 * parameter, and the form the cache fingerprint sees ("07" and "7" are the same INTEGER filter).
 * Anything that parses as the type is valid, inside the column's bounds or not.
 */
export function canonicalOperand(column: ColumnSpec, raw: string, field: string): string {
  const bad = (what: string) => new BadUserInputError(`${field}: ${describe(raw)} is not ${what}`, field);
  switch (column.type) {
    case 'INTEGER': {
      const text = raw.trim();
      if (!INTEGER.test(text)) throw bad('an INTEGER');
      const value = BigInt(text);
      if (value < INT64_MIN || value > INT64_MAX) throw bad('a 64-bit INTEGER');
      return value.toString();
    }
    case 'FLOAT': {
      const text = raw.trim();
      const value = Number(text);
      if (!FLOAT.test(text) || !Number.isFinite(value)) throw bad('a finite FLOAT');
      return String(value === 0 ? 0 : value);
    }
    case 'BOOLEAN': {
      const text = raw.trim().toLowerCase();
      if (TRUE.has(text)) return 'true';
      if (FALSE.has(text)) return 'false';
      throw bad('a BOOLEAN (true/false, 1/0, yes/no)');
    }
    case 'DATE': {
      const match = DATE.exec(raw.trim());
      if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) throw bad('a DATE (YYYY-MM-DD)');
      return match[0];
    }
    case 'CATEGORY':
    case 'TEXT':
      return checkedString(raw, field);
    default:
      throw new BadUserInputError(`${field}: columns of this type cannot be filtered on`, field);
  }
}

/** Strings go to PostgreSQL only as bind parameters; NUL is the one character text cannot hold. */
export function checkedString(raw: string, field: string): string {
  if (raw.length > MAX_STRING_LENGTH) throw new BadUserInputError(`${field} is longer than ${MAX_STRING_LENGTH} characters`, field);
  if (raw.includes('\u0000')) throw new BadUserInputError(`${field} contains a NUL character`, field);
  return raw;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The caller's own input, quoted and cut short, for error messages. */
export function describe(raw: string): string {
  const quoted = JSON.stringify(raw);
  return quoted.length > 80 ? quoted.slice(0, 77) + '…"' : quoted;
}
