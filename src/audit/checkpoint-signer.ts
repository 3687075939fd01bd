import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';

/** What a checkpoint vouches for: the chain's head at `seq`, signed at `at` (ISO 8601, UTC, ms). */
export interface CheckpointClaim {
  seq: number;
  headHash: string;
  at: string;
}

export interface SignedCheckpoint extends CheckpointClaim {
  /** Ed25519 signature over the claim's canonical JSON, base64. */
  signature: string;
  /** The signer's public key: base64 of its DER SubjectPublicKeyInfo. */
  publicKey: string;
  keyId: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim();
}

/** A stable key from other key material (see audit-signing-key.ts for when that is acceptable). */
export function deriveSigningKey(material: string, purpose: string): KeyObject {
  const seed = Buffer.from(hkdfSync('sha256', material, 'parley', purpose, 32));
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** Short fingerprint of a public key: the first 16 hex digits of SHA-256 over its DER bytes. */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}

/** The exact bytes that are signed: RFC 8785 canonical JSON of {seq, headHash, at}. */
export function checkpointMessage(c: CheckpointClaim): Buffer {
  return Buffer.from(canonicalize({ seq: c.seq, headHash: c.headHash, at: c.at }) ?? '', 'utf8');
}

export class CheckpointSigner {
  readonly publicKey: string;
  readonly keyId: string;

  constructor(private readonly key: KeyObject) {
    this.publicKey = publicKeyText(key);
    this.keyId = keyIdOf(this.publicKey);
  }

  sign(claim: CheckpointClaim): SignedCheckpoint {
    const signature = sign(null, checkpointMessage(claim), this.key).toString('base64');
    return { ...claim, signature, publicKey: this.publicKey, keyId: this.keyId };
  }
}

/** True when `signature` is a valid Ed25519 signature of the claim under `publicKey` (base64 SPKI). */
export function verifyCheckpointSignature(c: CheckpointClaim & { signature: string; publicKey: string }): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(c.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, checkpointMessage(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
