import fc from 'fast-check';
import { decomposeDouble, nextDown, nextUp, powerOfTwoExponent, scaleByPowerOfTwo } from './double-bits';
import {
  ceilRational,
  compareRational,
  floorDiv,
  floorLog2,
  largestDoubleAtMost,
  rational,
  rationalFromNumber,
  smallestDoubleAtLeast,
} from './rational';

const numerators = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const denominators = fc.bigInt({ min: 1n, max: 10n ** 25n });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });

describe('exact rationals', () => {
  it('recovers the exact value of a double', () => {
    expect(rationalFromNumber(0.1)).toEqual({ num: 3602879701896397n, den: 2n ** 55n });
    expect(rationalFromNumber(-6)).toEqual({ num: -6n, den: 1n });
    expect(rationalFromNumber(Number.MIN_VALUE)).toEqual({ num: 1n, den: 2n ** 1074n });
    expect(() => rationalFromNumber(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips every finite double', () => {
    fc.assert(fc.property(finite, (x) => largestDoubleAtMost(rationalFromNumber(x)) === x));
  });

  it('rounds rationals to the neighbouring doubles in the requested direction', () => {
    fc.assert(
      fc.property(numerators, denominators, (n, d) => {
        const r = rational(n, d);
        const down = largestDoubleAtMost(r);
        const up = smallestDoubleAtLeast(r);
        return (
          compareRational(rationalFromNumber(down), r) <= 0 &&
          compareRational(rationalFromNumber(nextUp(down)), r) > 0 &&
          compareRational(rationalFromNumber(up), r) >= 0 &&
          compareRational(rationalFromNumber(nextDown(up)), r) < 0
        );
      }),
    );
  });

  it('floors and ceils negative values correctly', () => {
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-8n, 2n)).toBe(-4n);
    expect(ceilRational(rational(-7n, 2n))).toBe(-3n);
    expect(ceilRational(rational(7n, 2n))).toBe(4n);
  });

  it('computes ⌊log2⌋ exactly, including at powers of two', () => {
    expect(floorLog2(rational(1n, 1n))).toBe(0);
    expect(floorLog2(rational(1023n, 1024n))).toBe(-1);
    expect(floorLog2(rational(1n, 1024n))).toBe(-10);
    expect(floorLog2(rational(2n ** 70n, 3n))).toBe(68);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 100n }), fc.bigInt({ min: 1n, max: 2n ** 100n }), (n, d) => {
        const e = floorLog2(rational(n, d));
        const pow = (k: number) => (k >= 0 ? rational(2n ** BigInt(k), 1n) : rational(1n, 2n ** BigInt(-k)));
        return compareRational(pow(e), rational(n, d)) <= 0 && compareRational(pow(e + 1), rational(n, d)) > 0;
      }),
    );
  });

  it('identifies exact powers of two across the whole double range', () => {
    for (let e = -1074; e <= 1023; e += 1) {
      const x = scaleByPowerOfTwo(1, e);
      expect(powerOfTwoExponent(x)).toBe(e);
      const { significand, exponent } = decomposeDouble(x);
      expect(scaleByPowerOfTwo(Number(significand), exponent)).toBe(x);
    }
    expect(powerOfTwoExponent(3)).toBeUndefined();
    expect(powerOfTwoExponent(0)).toBeUndefined();
    expect(powerOfTwoExponent(-4)).toBeUndefined();
  });
});
