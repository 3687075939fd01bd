import fc from 'fast-check';
import type { ColumnSpec } from './column-spec';
import { Clamped, Rejected, valueReader } from './csv-value-cleaner';

/** One read value as an object, the shape these tests compare. */
type CleanedValue = { ok: true; value: string | null; clamped: boolean } | { ok: false; message: string };
const valueCleaner = (column: ColumnSpec) => {
  const read = valueReader(column);
  return (raw: string | undefined): CleanedValue => {
    const r = read(raw);
    if (r instanceof Rejected) return { ok: false, message: r.message };
    if (r instanceof Clamped) return { ok: true, value: r.value, clamped: true };
    return { ok: true, value: r, clamped: false };
  };
};

const spec = (over: Partial<ColumnSpec>): ColumnSpec => ({
  name: 'c',
  type: 'TEXT',
  sensitivity: 'SENSITIVE',
  nullable: true,
  lowerBound: null,
  upperBound: null,
  categories: null,
  ...over,
});
const value = (c: ColumnSpec, raw: string | undefined) => {
  const r = valueCleaner(c)(raw);
  return r.ok ? r.value : 'REJECTED';
};

describe('valueCleaner', () => {
  it('trims and turns empty into null, unless the column is required', () => {
    expect(value(spec({}), '  a b  ')).toBe('a b');
    expect(value(spec({}), '   ')).toBeNull();
    expect(value(spec({}), undefined)).toBeNull();
    expect(value(spec({ nullable: false }), '')).toBe('REJECTED');
  });

  it('reads integers and clamps them into the bounds', () => {
    const c = spec({ type: 'INTEGER', lowerBound: -5, upperBound: 5 });
    expect(['3', '+4', '-0', '2.0', '9', '-99999999999999999999'].map((v) => value(c, v))).toEqual(['3', '4', '0', '2', '5', '-5']);
    expect(['2.5', '1e2', 'abc', '0x1', ''].map((v) => value(c, v))).toEqual(['REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', null]);
    expect(valueCleaner(c)('9')).toEqual({ ok: true, value: '5', clamped: true });
  });

  it('reads floats, refusing NaN, infinities and hex', () => {
    const c = spec({ type: 'FLOAT', lowerBound: 0, upperBound: 1 });
    expect(['0.5', '.25', '5e-1', '2', '-1'].map((v) => value(c, v))).toEqual(['0.5', '0.25', '0.5', '1', '0']);
    expect(['NaN', 'Infinity', '1e999', '0x10', '1,5'].map((v) => value(c, v))).toEqual(Array(5).fill('REJECTED'));
  });

  it('reads booleans in any case', () => {
    const c = spec({ type: 'BOOLEAN' });
    expect(['TRUE', 'false', '1', '0', 'Yes', 'NO'].map((v) => value(c, v))).toEqual(['t', 'f', 't', 'f', 't', 'f']);
    expect(value(c, 'y')).toBe('REJECTED');
    // Names of Object.prototype members are not booleans either.
    expect(['constructor', 'toString', '__proto__', 'hasOwnProperty'].map((v) => value(c, v))).toEqual(Array(4).fill('REJECTED'));
  });

  it('accepts only declared categories', () => {
    const c = spec({ type: 'CATEGORY', categories: ['a', 'b'] });
    expect([' a ', 'b', 'A', 'c'].map((v) => value(c, v))).toEqual(['a', 'b', 'REJECTED', 'REJECTED']);
  });

  it('reads ISO-8601 dates and date-times as calendar dates', () => {
    const c = spec({ type: 'DATE' });
    expect(['2024-02-29', '2024-03-01T23:59:59Z', '2024-03-01 10:00', '2024-03-01T10:00:00.123+02:00'].map((v) => value(c, v))).toEqual([
      '2024-02-29',
      '2024-03-01',
      '2024-03-01',
      '2024-03-01',
    ]);
    expect(['2023-02-29', '2024-13-01', '01/02/2024', '2024-1-1', '2024-03-01T25:00'].map((v) => value(c, v))).toEqual(Array(5).fill('REJECTED'));
  });
});

describe('the fast paths', () => {
  // The general readings, as they were before the fast paths: the oracle.
  const integer = (text: string, lo: number, hi: number) => {
    if (!/^[+-]?\d+(\.0*)?$/.test(text)) return 'REJECTED';
    const n = Number(text);
    return n < lo ? String(lo) : n > hi ? String(hi) : String(n === 0 ? 0 : n);
  };
  const date = (text: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return 'REJECTED';
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const at = new Date(Date.UTC(y, mo - 1, d));
    return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && y >= 1 ? text : 'REJECTED';
  };

  it('read integers exactly as the general reading does', () => {
    const c = spec({ type: 'INTEGER', lowerBound: -1000, upperBound: 1e15 });
    const text = fc.oneof(
      fc.integer().map(String),
      fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map(String),
      fc.array(fc.constantFrom('0', '1', '9', '-', '+', '.', 'e', ' '), { minLength: 1, maxLength: 18 }).map((p) => p.join('')),
    );
    fc.assert(fc.property(text, (t) => expect(value(c, t)).toBe(t.trim() === '' ? null : integer(t.trim(), -1000, 1e15))), { seed: 7, numRuns: 5000 });
  });

  it('read dates exactly as the general reading does', () => {
    const c = spec({ type: 'DATE' });
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const text = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two, two).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc.array(fc.constantFrom('0', '1', '2', '9', '-', 'a'), { minLength: 10, maxLength: 10 }).map((p) => p.join('')),
    );
    fc.assert(fc.property(text, (t) => expect(value(c, t)).toBe(date(t))), { seed: 8, numRuns: 5000 });
    expect(['2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '0099-01-01', '0100-01-01'].map((t) => value(c, t))).toEqual([
      '2024-02-29',
      'REJECTED',
      'REJECTED',
      '2000-02-29',
      'REJECTED',
      '0100-01-01',
    ]);
  });
});
