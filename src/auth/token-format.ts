import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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
 * from its hash so that the same lookup path serves it. Its prefix shows no part of the secret.
 */
export function describeToken(token: string): { selector: string; secretHash: string; prefix: string } {
  const m = TOKEN_PATTERN.exec(token);
  if (m) return { selector: m[1]!, secretHash: hashToken(token), prefix: `prl_${m[1]}` };
  const secretHash = hashToken(token);
  const selector = `x${secretHash.slice(0, 15)}`;
  return { selector, secretHash, prefix: `(bootstrap ${selector.slice(1, 7)})` };
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
