import { createHmac } from 'node:crypto';

/**
 * Direct identifiers are replaced by HMAC-SHA256(PARLEY_SECRET, value) in lower-case hex: equal
 * values still join and count as one privacy unit, but without the secret the clear value cannot be
 * recovered or confirmed by guessing. The clear value is never written anywhere.
 */
export function pseudonymize(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}
