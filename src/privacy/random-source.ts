import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The only way randomness enters the privacy layer. Every sampler takes a source as an
 * argument so that production code uses the operating system's CSPRNG and tests can
 * replay an exact stream. Implementations must return a value uniform on [0, n).
 */
export interface RandomSource {
  randomBelow(n: bigint): bigint;
}

const POOL_BYTES = 4096;

// Module-local aliases for the hot path: global lookups are slow inside vm contexts
// (the test runner's sandbox), and samplers call randomBelow millions of times there.
const toBigInt = BigInt;
const toNumber = Number;
const clz32 = Math.clz32;

type ByteSupplier = (size: number) => Buffer;

/**
 * Uniform integers by rejection: read just enough bytes (32-bit words above 2^32) for
 * the bit length of n − 1, mask the excess bits and retry when the candidate is ≥ n.
 * No modulo reduction, so no bias; the expected number of reads is below two.
 */
function byteStreamSource(supply: ByteSupplier): RandomSource {
  let pool = Buffer.alloc(0);
  let offset = 0;
  // Samplers draw below the same large bound repeatedly; remember its bit length.
  let wideN = 0n;
  let wideBits = 0;
  /** Makes `size` unread bytes available at `offset`. */
  const reserve = (size: number): void => {
    if (offset + size <= pool.length) return;
    pool = Buffer.concat([pool.subarray(offset), supply(Math.max(POOL_BYTES, size))]);
    offset = 0;
  };

  return {
    randomBelow(n: bigint): bigint {
      if (n <= 0xffffffffn) {
        // Hot path for the samplers: plain numbers, one conversion each way.
        const limit = toNumber(n);
        if (limit < 1) throw new RangeError(`randomBelow needs n ≥ 1, got ${n}`);
        if (limit === 1) return 0n;
        const bits = 32 - clz32(limit - 1);
        const size = (bits + 7) >> 3;
        const mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
        for (;;) {
          reserve(size);
          const candidate = (pool.readUIntBE(offset, size) & mask) >>> 0;
          offset += size;
          if (candidate < limit) return toBigInt(candidate);
        }
      }
      if (n !== wideN) {
        wideN = n;
        wideBits = (n - 1n).toString(2).length;
      }
      const words = (wideBits + 31) >> 5;
      const topBits = wideBits - 32 * (words - 1);
      const topMask = topBits === 32 ? 0xffffffff : 2 ** topBits - 1;
      for (;;) {
        reserve(4 * words);
        let candidate = toBigInt((pool.readUInt32BE(offset) & topMask) >>> 0);
        for (let w = 1; w < words; w += 1) {
          candidate = (candidate << 32n) | toBigInt(pool.readUInt32BE(offset + 4 * w));
        }
        offset += 4 * words;
        if (candidate < n) return candidate;
      }
    },
  };
}

/**
 * Production source: bytes from node:crypto's CSPRNG, read in pooled blocks because a
 * randomBytes call per draw costs microseconds and samplers make many small draws.
 */
export const cryptoRandomSource: RandomSource = Object.freeze(byteStreamSource((size) => randomBytes(size)));

/**
 * Deterministic source for tests only: the AES-256-CTR keystream (zero IV, zero
 * plaintext) under key sha256(seed). Anyone who knows the seed can predict every
 * "noise" value, so it must never reach a release path.
 */
export function seededRandomSource(seed: string): RandomSource {
  const key = createHash('sha256').update(seed, 'utf8').digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return byteStreamSource((size) => cipher.update(Buffer.alloc(size)));
}
