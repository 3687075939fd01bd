import { decomposeDouble, nextDown, nextUp, scaleByPowerOfTwo } from './double-bits';

/**
 * An exact rational number. Mechanisms keep their parameters (ε, scales, σ², γ) as
 * rationals over bigint so that the probability a sampler realises is exactly the one
 * the privacy proof assumes; floating point only appears after a sample is drawn.
 * Constructed values are kept in lowest terms with a positive denominator.
 */
export interface Rational {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RangeError('rational with zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

/** The exact value of a finite double, e.g. 0.1 → 3602879701896397 / 2^55. */
export function rationalFromNumber(x: number): Rational {
  const { significand, exponent } = decomposeDouble(x);
  if (exponent >= 0) return { num: significand << BigInt(exponent), den: 1n };
  return rational(significand, 1n << BigInt(-exponent));
}

export function compareRational(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** ⌊a / b⌋ for b > 0, also for negative a (bigint division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

export function ceilRational(r: Rational): bigint {
  return -floorDiv(-r.num, r.den);
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : (n < 0n ? -n : n).toString(2).length;
}

/** ⌊log2 r⌋ for r > 0, computed exactly. */
export function floorLog2(r: Rational): number {
  if (r.num <= 0n) throw new RangeError('floorLog2 of a non-positive rational');
  let e = bitLength(r.num) - bitLength(r.den);
  // 2^e ≤ r < 2^(e+1) after at most one correction.
  const atLeast = (k: number): boolean =>
    k >= 0 ? r.num >= r.den << BigInt(k) : r.num << BigInt(-k) >= r.den;
  if (!atLeast(e)) e -= 1;
  return e;
}

/** The largest double not exceeding r: used where rounding up could overspend budget. */
export function largestDoubleAtMost(r: Rational): number {
  let x = approximate(r);
  while (compareRational(rationalFromNumber(x), r) > 0) x = nextDown(x);
  while (compareRational(rationalFromNumber(nextUp(x)), r) <= 0) x = nextUp(x);
  return x;
}

/** The smallest double not below r: used where rounding down could understate sensitivity. */
export function smallestDoubleAtLeast(r: Rational): number {
  return -largestDoubleAtMost({ num: -r.num, den: r.den });
}

/** Within a few ulps of r; the callers above correct the last bits exactly. */
function approximate(r: Rational): number {
  if (r.num === 0n) return 0;
  const shift = 64 - (bitLength(r.num) - bitLength(r.den));
  const quotient = shift >= 0 ? (r.num << BigInt(shift)) / r.den : r.num / (r.den << BigInt(-shift));
  return scaleByPowerOfTwo(Number(quotient), -shift);
}
