import { createHash, createHmac, hash } from 'node:crypto';

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
const DIGEST = 32;

/**
 * The same HMAC-SHA256 as `pseudonymize`, for many values under one key: the key is padded and
 * XORed once (RFC 2104: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))), and each value costs two one-shot
 * hashes over reused buffers instead of a keyed HMAC object. Not safe to share between threads
 * (one buffer); each piece's cleaner has its own.
 */
export class Pseudonymizer {
  /** K ⊕ ipad, then the value's UTF-8 bytes. */
  private inner = Buffer.alloc(BLOCK + 256);
  /** K ⊕ opad, then the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + DIGEST);

  constructor(secret: string) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > BLOCK) key = createHash('sha256').update(key).digest();
    for (let i = 0; i < BLOCK; i++) {
      const k = i < key.length ? key[i]! : 0;
      this.inner[i] = k ^ 0x36;
      this.outer[i] = k ^ 0x5c;
    }
  }

  pseudonymize(value: string): string {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (BLOCK + 3 * value.length > this.inner.length) {
      const grown = Buffer.alloc(BLOCK + 3 * value.length);
      this.inner.copy(grown, 0, 0, BLOCK);
      this.inner = grown;
    }
    const n = this.inner.write(value, BLOCK, 'utf8');
    const digest = hash('sha256', this.inner.subarray(0, BLOCK + n), 'buffer');
    digest.copy(this.outer, BLOCK);
    return hash('sha256', this.outer, 'hex');
  }
}
