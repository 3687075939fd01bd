import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Tokens issued on peers are credentials of this deployment's analysts there, so they are kept
 * only encrypted: AES-256-GCM under a key derived from PARLEY_SECRET by HKDF-SHA256 with its own
 * purpose label (the same derivation as the audit signing key, a different label), so that the
 * pseudonymization and cache keys never double as an encryption key. The peer's id is the
 * associated data: a ciphertext copied onto another peer's row does not decrypt.
 * Stored as `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class PeerTokenCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'parley', 'federation-peer-token', 32));
  }

  encrypt(token: string, peerId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(peerId, 'utf8'));
    const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** Throws when the text was not produced by `encrypt` for this peer under this secret. */
  decrypt(stored: string, peerId: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('unreadable peer token ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(peerId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
