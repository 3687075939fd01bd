import type { KeyObject } from 'node:crypto';
import type { Config } from '../config/config';
import { readOrCreate } from '../config/data-dir-secrets';
import { parseSigningKey } from '../config/signing-key';
import { deriveSigningKey, generateSigningKeyPem } from './checkpoint-signer';

/**
 * Which key signs audit checkpoints. The key must live outside the database it vouches for, or
 * whoever can rewrite the trail could re-sign it too:
 * - PARLEY_AUDIT_SIGNING_KEY when set (required with DATABASE_URL in production, see config.ts);
 * - embedded mode: generated once and kept under the data dir, beside (not inside) the database;
 * - DATABASE_URL outside production: derived from PARLEY_SECRET, so that every replica and the CLI
 *   agree on it without another setting. Production deployments give the signer its own key.
 */
export function resolveSigningKey(config: Config, secret: string): KeyObject {
  if (config.auditSigningKey) return parseSigningKey(config.auditSigningKey);
  if (!config.databaseUrl) return parseSigningKey(readOrCreate(config.dataDir, 'audit-signing-key.pem', generateSigningKeyPem));
  return deriveSigningKey(secret, 'audit-checkpoint-signing-key');
}
