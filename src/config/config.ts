import { z } from 'zod';
import { isEd25519PrivateKey } from '../audit/checkpoint-signer';

/** Parsed, validated, frozen configuration. Read from the environment exactly once at start. */
export interface Config {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly bootstrapToken: string | undefined;
  /** Key material for pseudonymization and keyed caching; resolved by `resolveSecret` in embedded mode. */
  readonly secret: string | undefined;
  readonly logLevel: string;
  readonly maxEpsilonPerQuery: number;
  readonly maxEpsilonBudget: number;
  readonly production: boolean;
  readonly rateLimitPoints: number;
  readonly rateLimitWindowSeconds: number;
  readonly auditCheckpointEvery: number;
  readonly auditCheckpointMinutes: number;
  readonly auditSigningKey: string | undefined;
  readonly statementTimeoutMs: number;
  /** Bulk uploads at once, all organizations together; kept below the pool size so others still get connections. */
  readonly ingestMaxConcurrent: number;
  readonly ingestMaxPerOrg: number;
  /** An upload whose body sends nothing for this long is aborted and rolled back. */
  readonly ingestIdleSeconds: number;
  /** Largest CSV record (one row, all fields), in characters. */
  readonly ingestMaxRecordBytes: number;
}

const positiveNumber = (fallback: number) =>
  z.coerce.number().refine((n) => Number.isFinite(n) && n > 0, 'must be a positive number').default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int('must be a whole number').positive().default(fallback);

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PARLEY_DATA_DIR: z.string().min(1).default('./.parley/data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_BOOTSTRAP_TOKEN: z.string().min(1).optional(),
  PARLEY_SECRET: z
    .string()
    .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes')
    .optional(),
  PARLEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_MAX_EPSILON_PER_QUERY: positiveNumber(10),
  PARLEY_MAX_EPSILON_BUDGET: positiveNumber(100),
  NODE_ENV: z.string().default('development'),
  PARLEY_RATE_LIMIT_POINTS: positiveInt(600),
  PARLEY_RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  PARLEY_AUDIT_CHECKPOINT_EVERY: positiveInt(1000),
  PARLEY_AUDIT_CHECKPOINT_MINUTES: positiveInt(60),
  PARLEY_AUDIT_SIGNING_KEY: z
    .string()
    .refine(isEd25519PrivateKey, 'must be an Ed25519 private key: PKCS#8 PEM, or base64 of PKCS#8 DER')
    .optional(),
  PARLEY_STATEMENT_TIMEOUT_MS: positiveInt(30000),
  PARLEY_INGEST_MAX_CONCURRENT: positiveInt(3),
  PARLEY_INGEST_MAX_PER_ORG: positiveInt(2),
  PARLEY_INGEST_IDLE_SECONDS: positiveInt(30),
  PARLEY_INGEST_MAX_RECORD_BYTES: positiveInt(1024 * 1024),
});

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.PARLEY_SECRET) {
    throw new ConfigError('invalid configuration: PARLEY_SECRET is required when DATABASE_URL is set');
  }
  if (e.DATABASE_URL && e.NODE_ENV === 'production' && !e.PARLEY_AUDIT_SIGNING_KEY) {
    throw new ConfigError('invalid configuration: PARLEY_AUDIT_SIGNING_KEY is required when DATABASE_URL is set in production');
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    dataDir: e.PARLEY_DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    bootstrapToken: e.PARLEY_BOOTSTRAP_TOKEN,
    secret: e.PARLEY_SECRET,
    logLevel: e.PARLEY_LOG_LEVEL,
    maxEpsilonPerQuery: e.PARLEY_MAX_EPSILON_PER_QUERY,
    maxEpsilonBudget: e.PARLEY_MAX_EPSILON_BUDGET,
    production: e.NODE_ENV === 'production',
    rateLimitPoints: e.PARLEY_RATE_LIMIT_POINTS,
    rateLimitWindowSeconds: e.PARLEY_RATE_LIMIT_WINDOW_SECONDS,
    auditCheckpointEvery: e.PARLEY_AUDIT_CHECKPOINT_EVERY,
    auditCheckpointMinutes: e.PARLEY_AUDIT_CHECKPOINT_MINUTES,
    auditSigningKey: e.PARLEY_AUDIT_SIGNING_KEY,
    statementTimeoutMs: e.PARLEY_STATEMENT_TIMEOUT_MS,
    ingestMaxConcurrent: e.PARLEY_INGEST_MAX_CONCURRENT,
    ingestMaxPerOrg: e.PARLEY_INGEST_MAX_PER_ORG,
    ingestIdleSeconds: e.PARLEY_INGEST_IDLE_SECONDS,
    ingestMaxRecordBytes: e.PARLEY_INGEST_MAX_RECORD_BYTES,
  });
}
