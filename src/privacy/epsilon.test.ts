import fc from 'fast-check';
import { EPSILON_DENOMINATOR, epsilonToRational, splitEpsilon } from './epsilon';
import { compareRational, rational, rationalFromNumber } from './rational';

const epsilons = fc.double({ min: 0.001, max: 1000, noNaN: true });

describe('epsilonToRational', () => {
  it('rounds down to a multiple of 1e-9, never up', () => {
    fc.assert(
      fc.property(epsilons, (epsilon) => {
        const r = epsilonToRational(epsilon);
        const exact = rationalFromNumber(epsilon);
        const gap = rational(exact.num * r.den - r.num * exact.den, exact.den * r.den); // ε − r
        return (
          compareRational(r, exact) <= 0 &&
          compareRational(gap, rational(1n, EPSILON_DENOMINATOR)) < 0 &&
          (EPSILON_DENOMINATOR * r.num) % r.den === 0n
        );
      }),
    );
  });

  it('rounds the double nearest 0.3 (which is just below 0.3) down to 0.299999999', () => {
    expect(epsilonToRational(0.3)).toEqual({ num: 299_999_999n, den: 1_000_000_000n });
    expect(epsilonToRational(0.5)).toEqual({ num: 1n, den: 2n });
    expect(epsilonToRational(0.001)).toEqual({ num: 1n, den: 1000n });
  });

  it.each([Number.NaN, 0, -0, -1, Infinity, -Infinity, 1e-10])('rejects %p', (bad) => {
    expect(() => epsilonToRational(bad)).toThrow(RangeError);
  });
});

describe('splitEpsilon', () => {
  it('never spends more than the total, exactly or in floating point', () => {
    fc.assert(
      fc.property(epsilons, fc.integer({ min: 1, max: 64 }), (total, parts) => {
        const shares = splitEpsilon(total, parts);
        const exactShare = rationalFromNumber(shares[0]);
        const exactSum = rational(exactShare.num * BigInt(parts), exactShare.den);
        const floatSum = shares.reduce((s, x) => s + x, 0);
        const spent = shares
          .map(epsilonToRational)
          .reduce((s, r) => rational(s.num * r.den + r.num * s.den, s.den * r.den));
        return (
          shares.length === parts &&
          shares.every((x) => x === shares[0]) &&
          compareRational(exactSum, rationalFromNumber(total)) <= 0 &&
          floatSum <= total &&
          compareRational(spent, epsilonToRational(total)) <= 0 &&
          shares[0] >= (total / parts) * (1 - 1e-12)
        );
      }),
    );
  });

  it('splits thirds of 1 below one third', () => {
    const [a, b, c] = splitEpsilon(1, 3);
    expect(a + b + c).toBeLessThanOrEqual(1);
    const share = rationalFromNumber(a);
    expect(compareRational(rational(share.num * 3n, share.den), rational(1n, 1n))).toBeLessThanOrEqual(0);
  });

  it('rejects invalid totals and part counts', () => {
    expect(() => splitEpsilon(Number.NaN, 2)).toThrow(RangeError);
    expect(() => splitEpsilon(0, 2)).toThrow(RangeError);
    expect(() => splitEpsilon(1, 0)).toThrow(RangeError);
    expect(() => splitEpsilon(1, 1.5)).toThrow(RangeError);
  });
});
