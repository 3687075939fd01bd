import { createHash, createHmac } from 'node:crypto';

/**
 * Direct identifiers are replaced by HMAC-SHA256(PARLEY_SECRET, value) in lower-case hex: equal
 * values still join and count as one privacy unit, but without the secret the clear value cannot be
 * recovered or confirmed by guessing. The clear value is never written anywhere.
 * The key is the one deployment-wide secret, never per dataset or organization, so equal
 * identifiers in two organizations' datasets match in a clean-room join. `value` arrives trimmed
 * (csv-value-cleaner) and is otherwise hashed as is: changing the normalization would give a person
 * already stored a second pseudonym on the next APPEND, i.e. a second privacy unit.
 */
export function pseudonymize(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

const BLOCK = 64;

// SHA-256 (FIPS 180-4): the initial hash value and the round constants.
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * The same HMAC-SHA256 as `pseudonymize`, for many values under one key (RFC 2104:
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))). The key blocks K ⊕ ipad and K ⊕ opad are hashed once, and
 * each value then costs the SHA-256 blocks of its own bytes plus one for the outer hash, computed
 * here over reused buffers: no keyed object per value, no call into OpenSSL per block. About half
 * the CPU of createHmac per value. Not to be shared between threads; each piece's cleaner has its
 * own. pseudonymizer.test.ts proves the output identical to createHmac.
 */
export class Pseudonymizer {
  /** The state after the key's inner and outer blocks. */
  private readonly innerStart = new Int32Array(8);
  private readonly outerStart = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  /** The value's UTF-8 bytes, then SHA-256 padding. */
  private message = Buffer.alloc(256);
  /** The inner digest and its padding: the outer hash's one block. */
  private readonly outerBlock = Buffer.alloc(BLOCK);
  private readonly hex = Buffer.alloc(64);

  constructor(secret: string) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > BLOCK) key = createHash('sha256').update(key).digest();
    const ipad = Buffer.alloc(BLOCK);
    const opad = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i]! : 0;
      ipad[i] = k ^ 0x36;
      opad[i] = k ^ 0x5c;
    }
    this.innerStart.set(IV);
    this.compress(this.innerStart, ipad, 0);
    this.outerStart.set(IV);
    this.compress(this.outerStart, opad, 0);
    // The outer message is the 64-byte key block and the 32-byte inner digest: 768 bits.
    this.outerBlock[32] = 0x80;
    this.outerBlock.writeUInt32BE(768, 60);
  }

  pseudonymize(value: string): string {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; padding adds at most 72.
    if (3 * value.length + 72 > this.message.length) this.message = Buffer.alloc(3 * value.length + 72);
    const m = this.message;
    const n = m.write(value, 0, 'utf8');
    // Padding: 0x80, zeros up to 8 bytes short of a block end, the bit length of key block + value.
    const blocks = ((n + 8) >>> 6) + 1;
    const end = blocks * BLOCK;
    m[n] = 0x80;
    m.fill(0, n + 1, end - 8);
    const bits = (BLOCK + n) * 8;
    m.writeUInt32BE(Math.floor(bits / 0x100000000), end - 8);
    m.writeUInt32BE(bits >>> 0, end - 4);
    const s = this.state;
    s.set(this.innerStart);
    for (let b = 0; b < blocks; b++) this.compress(s, m, b * BLOCK);
    const o = this.outerBlock;
    for (let i = 0; i < 8; i++) o.writeInt32BE(s[i]!, 4 * i);
    s.set(this.outerStart);
    this.compress(s, o, 0);
    const hex = this.hex;
    for (let i = 0; i < 8; i++) {
      const v = s[i]!;
      for (let j = 0; j < 8; j++) hex[8 * i + j] = HEX[(v >>> (28 - 4 * j)) & 15]!;
    }
    return hex.toString('latin1', 0, 64);
  }

  /** One SHA-256 block of `bytes` at `at` into `h`. */
  private compress(h: Int32Array, bytes: Uint8Array, at: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const p = at + 4 * i;
      w[i] = (bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + k) | 0;
  }
}
