import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_PATTERN = /^prl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface MintedToken {
  token: string;
  selector: string;
  secretHash: string;
  prefix: string;
}

/** `prl_<selector>_<secret>`: the selector finds the row, the 256-bit secret proves possession. */
export function mintToken(): MintedToken {
  const selector = randomBytes(8).toString('hex');
  const token = `prl_${selector}_${randomBytes(32).toString('base64url')}`;
  return { token, selector, secretHash: hashToken(token), prefix: `prl_${selector}` };
}

/**
 * A token chosen by the operator (PARLEY_BOOTSTRAP_TOKEN) has no selector of its own; one is derived
 * from it so that the same lookup path serves it. The derivation is an HMAC keyed by PARLEY_SECRET:
 * the selector is written into audit events, and an unkeyed hash there would let anyone who reads
 * the trail test guesses of the token offline. Its prefix shows no part of the secret.
 */
export function describeToken(token: string, key: string): { selector: string; secretHash: string; prefix: string } {
  const m = TOKEN_PATTERN.exec(token);
  if (m) return { selector: m[1]!, secretHash: hashToken(token), prefix: `prl_${m[1]}` };
  const selector = `x${createHmac('sha256', key).update(token, 'utf8').digest('hex').slice(0, 15)}`;
  return { selector, secretHash: hashToken(token), prefix: bootstrapPrefix(selector) };
}

/**
 * The selector earlier versions derived for an operator-chosen token (unkeyed SHA-256). Rows stored
 * with it are still found, and moved to the keyed selector on their first use (see Authenticator).
 */
export function legacySelector(token: string): string | null {
  if (TOKEN_PATTERN.test(token)) return null;
  return `x${hashToken(token).slice(0, 15)}`;
}

export function bootstrapPrefix(selector: string): string {
  return `(bootstrap ${selector.slice(1, 7)})`;
}

/** High-entropy secrets need no slow KDF: a plain SHA-256 makes a stolen table useless. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
