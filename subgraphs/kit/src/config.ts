import { z } from 'zod';

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
  /** Seed the deterministic demo population on start when the database is empty. */
  SEED_DEMO: z.stringbool().default(true),
  SEED_SIZE: z.coerce.number().int().min(50).max(2_000_000).default(2400),
  SEED: z.string().default('jiaozhou-2020-106'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  /** Secret key of the audit chain's HMAC (at least 32 characters; required in production). */
  AUDIT_CHAIN_KEY: z.string().min(32, 'at least 32 characters').optional(),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Raised when the environment does not describe a valid configuration; `issues` lists every problem. */
export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`invalid configuration:\n  - ${issues.join('\n  - ')}`);
  }
}

/**
 * Validate `env` against `schema` (usually `baseConfigSchema`, maybe extended) after applying `defaults`.
 * Throws ConfigError listing every invalid or missing variable by name; values are never echoed (they may be secrets).
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  defaults: Record<string, string> = {},
): z.infer<S> {
  const merged: Record<string, string | undefined> = { ...defaults };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}
