import { createHmac } from 'node:crypto';

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
