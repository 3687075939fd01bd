import { createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * Reads PARLEY_AUDIT_SIGNING_KEY: an Ed25519 private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")
 * or as base64 of the PKCS#8 DER bytes. Throws on anything else. Here, not in audit/, because the
 * configuration checks the variable at start, and config/ depends on nothing of the domain.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed.replace(/\\n/g, '\n'))
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function isEd25519PrivateKey(text: string): boolean {
  try {
    parseSigningKey(text);
    return true;
  } catch {
    return false;
  }
}
