import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';

/**
 * In embedded mode a missing secret is generated once and kept beside the database, so that
 * pseudonyms stay stable across restarts. With DATABASE_URL the secret must come from the
 * environment (config validation enforces it): replicas must all share it.
 */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  return readOrCreate(config.dataDir, 'secret', () => randomBytes(32).toString('base64url'));
}

export function readOrCreate(dataDir: string, name: string, create: () => string): string {
  const dir = join(dataDir, 'keys');
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = create();
  writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
  return value;
}
