import { z } from 'zod';
import { tracingConfigSchema } from '@aidgraph/common/tracing';

/**
 * Configuration shared by every subgraph, read once from the environment and validated with zod.
 * Every problem is listed at once; `loadConfig` then throws a ConfigError (the start-up code prints it and exits).
 * `.env.example` in each subgraph documents the variables.
 */
export const baseConfigSchema = z.object({
  /** development (default) or production: production turns introspection and dev conveniences off. */
  AIDGRAPH_MODE: z.enum(['development', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  /** `sqlite:<file>` (default, embedded) or `postgres://user@host:port/db[?schema=name]`. */
  DATABASE_URL: z.string().min(1),
  /**
   * Seed the deterministic demo population on start when the database is empty. Default: on in development, off in
   * production, where `true` is a configuration error (production never holds the fake population). Read it through
   * `seedDemoEnabled(config)`.
   */
  SEED_DEMO: z.stringbool().optional(),
  SEED_SIZE: z.coerce.number().int().min(50).max(2_000_000).default(2400),
  SEED: z.string().default('jiaozhou-2020-106'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `off`: no `.env` file was read at start (env-file.ts); any other value is a mistake worth reporting. */
  ENV_FILES: z.enum(['on', 'off']).default('on'),
  /** Public keys that sign callers' tokens: a JWKS file path or an http(s) URL. Unset: the development key set. */
  JWKS_FILE: z.string().optional(),
  JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().default('aidgraph-dev'),
  JWT_AUDIENCE: z.string().default('aidgraph'),
  /** Signature algorithms accepted; anything else (including `none`) is refused. */
  JWT_ALGORITHMS: z
    .string()
    .default('ES256')
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean)),
  /** The longest a caller's token may live (from its iat), e.g. 12h; longer-lived or future-dated tokens are refused. */
  JWT_MAX_AGE: z.string().regex(/^\d+\s*(s|m|h|d)$/, 'a duration such as 12h or 30m').default('12h'),
  /** Where development keys live (created on first start in development mode only). */
  DEV_KEYS_DIR: z.string().optional(),
  INTROSPECTION: z.stringbool().optional(),
  /**
   * The largest estimated cost of one operation sent directly to this subgraph (not signed by the gateway, which costs the
   * whole operation with its own MAX_QUERY_COST): see estimateCost; QUERY_TOO_COSTLY above it.
   */
  MAX_QUERY_COST: z.coerce.number().int().min(100).max(10_000_000).default(25000),
  /** Secret key of the audit chain's HMAC (at least 32 characters; required in production). */
  AUDIT_CHAIN_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * Where the audit chain's head (seq, hash, time) is checkpointed outside the database, as a signed JSON file replaced
   * atomically after each appended batch (truncation of the log is then detected). Default in development
   * `<repo>/data/<subgraph>.audit-head.json`; none in production unless set; `off` for none.
   */
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  /** Redis holding the audit chain's head as well (`redis://host:6379/0`), under AUDIT_CHECKPOINT_REDIS_PREFIX<subgraph>. */
  AUDIT_CHECKPOINT_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  /** Key prefix of the Redis checkpoint (the subgraph's name is appended). */
  AUDIT_CHECKPOINT_REDIS_PREFIX: z.string().min(1).default('aidgraph:audit-head:'),
  /** Secret (32+ characters) that signs the checkpoints and archive seals (HMAC-SHA-256); default AUDIT_CHAIN_KEY. */
  AUDIT_CHECKPOINT_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /** Audit entries older than this many days are moved by `npm run audit:archive` into sealed segment files. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** Where `audit:archive` writes a subgraph's sealed segments; default `<repo>/data/audit-archive/<subgraph>`. */
  AUDIT_ARCHIVE_DIR: z.string().optional(),
  /**
   * k of analysts' row-level views (access/classification.ts): every combination of the quasi-identifiers analysts see
   * (gender, age band, township, record years) must be shared by at least this many people; the k-anonymity test checks
   * the demo population against it.
   */
  ANALYST_K_ANONYMITY: z.coerce.number().int().min(2).max(1000).default(5),
  /**
   * k of the aggregate queries (statistics/suppression.ts): a cell of the statistics and fund-use queries with fewer
   * distinct people than this is suppressed (and its complements). (A count-only totalCount is null whatever the count:
   * count-only.ts.)
   */
  STATISTICS_MIN_CELL: z.coerce.number().int().min(2).max(1000).default(5),
  /**
   * Civil affairs' GraphQL endpoint that department subgraphs ask whether a person exists before writing a record for
   * them (`peopleByIds`, with the caller's token): the civil-affairs subgraph (default) or the gateway.
   */
  REGISTRY_URL: z.url().default('http://127.0.0.1:4001/graphql'),
  /** How long one registry lookup may take, in milliseconds, before the write is refused with REGISTRY_UNAVAILABLE. */
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /**
   * Shared secret (at least 32 characters) with which the gateway signs every subgraph request (HMAC-SHA-256, see
   * access/gateway-signature.ts); subgraphs answer `_entities` (and `_service` in production) only to signed requests.
   * Required in production; in development a key file created on first use in DEV_KEYS_DIR.
   */
  GATEWAY_SIGNING_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * Secret (at least 32 characters, the same in every subgraph and replica) from which the statistics' noise is drawn
   * (statistics/perturbation.ts). Unset: derived from GATEWAY_SIGNING_KEY. Set it in production and never rotate it:
   * a new key draws new noise for every published cell, and two draws of a cell can be averaged (a leaked signing key
   * must be rotated; this key then stays).
   */
  STATISTICS_NOISE_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /**
   * How many CONFLICT ID_NUMBER_REGISTERED refusals (registering or correcting to an ID number already in the registry)
   * one subject may meet per hour; past it, registry writes that name ID numbers are FORBIDDEN
   * (TOO_MANY_REGISTRY_CONFLICTS) until the hour has passed (audit/refusal-rate.ts).
   */
  REGISTRY_CONFLICTS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** How long a caller's idempotency key of a creating mutation is remembered (db/idempotency.ts), e.g. 24h, 30m, 7d. */
  IDEMPOTENCY_TTL: z.string().regex(/^\d+\s*(s|m|h|d)$/, 'a duration such as 24h or 30m').default('24h'),
  /** TRACING, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, ...: OpenTelemetry traces, off by default (tracing.ts) */
  ...tracingConfigSchema.shape,
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Whether to seed the demo population into an empty database: SEED_DEMO, by default on in development only. */
export function seedDemoEnabled(config: Pick<BaseConfig, 'SEED_DEMO' | 'AIDGRAPH_MODE'>): boolean {
  return config.SEED_DEMO ?? config.AIDGRAPH_MODE !== 'production';
}

/** ConfigError and loadConfig live in @aidgraph/common (the gateway uses them too); re-exported for the kit's modules. */
export { ConfigError, loadConfig } from '@aidgraph/common/config';
