/**
 * Bit-level views of IEEE-754 doubles. The mechanisms convert every JS number they
 * receive into an exact rational before using it, and convert results back with an
 * explicit rounding direction; these helpers make both directions exact.
 */

const view = new DataView(new ArrayBuffer(8));

export interface DyadicParts {
  /** Signed integer significand. */
  significand: bigint;
  /** The double equals significand × 2^exponent exactly. */
  exponent: number;
}

export function decomposeDouble(x: number): DyadicParts {
  if (!Number.isFinite(x)) throw new RangeError(`expected a finite number, got ${x}`);
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let significand = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biasedExponent === 0) {
    exponent = -1074; // subnormal: no hidden bit
  } else {
    significand |= 1n << 52n;
    exponent = biasedExponent - 1075;
  }
  if (high >>> 31 === 1) significand = -significand;
  return { significand, exponent };
}

/** The next double towards +∞ (nextUp(-0) and nextUp(0) are the smallest subnormal). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** The exponent e when x is exactly 2^e, otherwise undefined. */
export function powerOfTwoExponent(x: number): number | undefined {
  if (!(x > 0) || !Number.isFinite(x)) return undefined;
  const { significand, exponent } = decomposeDouble(x);
  if ((significand & (significand - 1n)) !== 0n) return undefined;
  return exponent + significand.toString(2).length - 1;
}

/** x × 2^e without overflowing the intermediate power of two. */
export function scaleByPowerOfTwo(x: number, e: number): number {
  let result = x;
  let remaining = e;
  while (remaining !== 0) {
    const step = Math.max(-1000, Math.min(1000, remaining));
    result *= 2 ** step;
    remaining -= step;
  }
  return result;
}
