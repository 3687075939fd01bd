import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isEd25519PrivateKey } from './signing-key';

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
  /** Work bound: the most values (groups × aggregations × bins) one query may release. */
  readonly maxReleasedValues: number;
  /** Public cap on the candidate groups of a partition-selection query; sets its timing deadline. */
  readonly maxSelectionCandidates: number;
  /** A second listener that serves only /metrics; undefined: none (the main port's /metrics stays). */
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  /** Browser origins allowed to call the API cross-origin (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** Abuse limits: see docs/deployment.md, "Abuse limits". */
  readonly organizationRateLimitPoints: number;
  readonly addressRateLimitPoints: number;
  readonly authFailureLimit: number;
  readonly tokenIssuesPerHour: number;
  readonly maxTokensPerUser: number;
  readonly refusalCollapseSeconds: number;
  /** How long a successful authentication is reused (ms); 0: never. */
  readonly authCacheMs: number;
  readonly maxDbRoundTrips: number;
  /** How long in-flight requests may run on after SIGTERM before they are rolled back and answered 503. */
  readonly shutdownGraceSeconds: number;
  /** Bulk uploads at once, all organizations together; kept below the pool size so others still get connections. */
  readonly ingestMaxConcurrent: number;
  readonly ingestMaxPerOrg: number;
  /** An upload whose body sends nothing for this long is aborted and rolled back. */
  readonly ingestIdleSeconds: number;
  /** Largest CSV record (one row, all fields), in characters. */
  readonly ingestMaxRecordBytes: number;
  /** Deadline of each request a federated query sends to a peer. */
  readonly federationTimeoutMs: number;
  /** Worker threads that parse and clean uploads (0: the main thread does). */
  readonly ingestWorkers: number;
}

const positiveNumber = (fallback: number) =>
  z.coerce.number().refine((n) => Number.isFinite(n) && n > 0, 'must be a positive number').default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int('must be a whole number').positive().default(fallback);

const MIN_BOOTSTRAP_LENGTH = 32;
/** Estimated bits below which a chosen token is refused; 32 random hex digits carry ~115 by this estimate. */
const MIN_BOOTSTRAP_BITS = 96;

/**
 * The bootstrap token is a platform admin's credential chosen by a person, so it is checked: at least
 * 32 characters without whitespace, and an estimate of its entropy (length times the Shannon entropy
 * of its character frequencies) of at least 96 bits. That refuses `a`, `aaaa…` and `abab…`; it cannot
 * prove randomness, which is why docs/deployment.md says to generate the value.
 */
export function isStrongToken(token: string): boolean {
  if (token.length < MIN_BOOTSTRAP_LENGTH || /\s/.test(token)) return false;
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / token.length) * Math.log2(n / token.length);
  return bitsPerChar * token.length >= MIN_BOOTSTRAP_BITS;
}

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PARLEY_DATA_DIR: z.string().min(1).default('./.parley/data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_BOOTSTRAP_TOKEN: z
    .string()
    .refine(isStrongToken, `must be at least ${MIN_BOOTSTRAP_LENGTH} random characters (e.g. openssl rand -base64 32)`)
    .optional(),
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
  PARLEY_MAX_RELEASED_VALUES: positiveInt(100_000),
  PARLEY_MAX_SELECTION_CANDIDATES: z.coerce.number().int('must be a whole number').positive().max(1_000_000).default(5_000),
  PARLEY_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PARLEY_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_CORS_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter((o) => o.length > 0))
    .refine((list) => list.every(isOrigin), 'must be a comma-separated list of origins like https://app.example.org')
    .default([]),
  PARLEY_ORG_RATE_LIMIT_POINTS: z.coerce.number().int('must be a whole number').positive().optional(),
  PARLEY_ADDRESS_RATE_LIMIT_POINTS: z.coerce.number().int('must be a whole number').positive().optional(),
  PARLEY_AUTH_FAILURE_LIMIT: positiveInt(20),
  PARLEY_TOKEN_ISSUE_LIMIT: positiveInt(30),
  PARLEY_MAX_TOKENS_PER_USER: positiveInt(20),
  PARLEY_REFUSAL_COLLAPSE_SECONDS: positiveInt(60),
  PARLEY_AUTH_CACHE_MS: z.coerce.number().int('must be a whole number').min(0).max(60_000).default(2000),
  PARLEY_MAX_DB_ROUND_TRIPS: positiveInt(1000),
  PARLEY_SHUTDOWN_GRACE_SECONDS: z.coerce.number().refine((n) => Number.isFinite(n) && n >= 0 && n <= 600, 'must be a number of seconds from 0 to 600').default(8),
  PARLEY_INGEST_MAX_CONCURRENT: positiveInt(3),
  PARLEY_INGEST_MAX_PER_ORG: positiveInt(2),
  PARLEY_INGEST_IDLE_SECONDS: positiveInt(30),
  PARLEY_INGEST_MAX_RECORD_BYTES: positiveInt(1024 * 1024),
  PARLEY_FEDERATION_TIMEOUT_MS: z.coerce.number().int('must be a whole number').positive().max(600_000).default(20_000),
  PARLEY_INGEST_WORKERS: z.coerce.number().int('must be a whole number').min(0).max(64).optional(),
});

/**
 * Worker threads pay for themselves only with cores to spare: the main thread and the database
 * backend already run in parallel, and handing pieces to workers costs CPU of its own (measured in
 * bench/ingest). So none below four cores, then one per core beyond the first, at most four. The
 * embedded database runs on the main thread itself: there one worker, from two cores, takes the
 * cleaning off the database's thread (about a quarter off the upload's time in bench/ingest).
 */
function defaultIngestWorkers(embedded: boolean): number {
  const cores = availableParallelism();
  const workers = cores < 4 ? 0 : Math.min(4, cores - 1);
  return embedded && cores >= 2 ? Math.max(1, workers) : workers;
}

/** scheme://host[:port] exactly as browsers send it in Origin: no path, no trailing slash, no wildcard. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

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
    maxReleasedValues: e.PARLEY_MAX_RELEASED_VALUES,
    maxSelectionCandidates: e.PARLEY_MAX_SELECTION_CANDIDATES,
    metricsPort: e.PARLEY_METRICS_PORT,
    metricsHost: e.PARLEY_METRICS_HOST,
    corsOrigins: Object.freeze(e.PARLEY_CORS_ORIGINS),
    // An organization's users together get ten users' worth unless set.
    organizationRateLimitPoints: e.PARLEY_ORG_RATE_LIMIT_POINTS ?? 10 * e.PARLEY_RATE_LIMIT_POINTS,
    // Several users may share an address (a NAT, an office): five users' worth unless set.
    addressRateLimitPoints: e.PARLEY_ADDRESS_RATE_LIMIT_POINTS ?? 5 * e.PARLEY_RATE_LIMIT_POINTS,
    authFailureLimit: e.PARLEY_AUTH_FAILURE_LIMIT,
    tokenIssuesPerHour: e.PARLEY_TOKEN_ISSUE_LIMIT,
    maxTokensPerUser: e.PARLEY_MAX_TOKENS_PER_USER,
    refusalCollapseSeconds: e.PARLEY_REFUSAL_COLLAPSE_SECONDS,
    authCacheMs: e.PARLEY_AUTH_CACHE_MS,
    maxDbRoundTrips: e.PARLEY_MAX_DB_ROUND_TRIPS,
    shutdownGraceSeconds: e.PARLEY_SHUTDOWN_GRACE_SECONDS,
    ingestMaxConcurrent: e.PARLEY_INGEST_MAX_CONCURRENT,
    ingestMaxPerOrg: e.PARLEY_INGEST_MAX_PER_ORG,
    ingestIdleSeconds: e.PARLEY_INGEST_IDLE_SECONDS,
    ingestMaxRecordBytes: e.PARLEY_INGEST_MAX_RECORD_BYTES,
    federationTimeoutMs: e.PARLEY_FEDERATION_TIMEOUT_MS,
    ingestWorkers: e.PARLEY_INGEST_WORKERS ?? defaultIngestWorkers(!e.DATABASE_URL),
  });
}
