import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { loadConfig, tracingConfigSchema } from '@aidgraph/common';
import { tokenSettingsSchema } from './dev-tokens';
import { rateLimitSettingsSchema } from './rate-limit-config';
import { trustedDocumentsSettingsSchema } from './trusted-documents-config';

/** The supergraph composed at build time and committed (schema/supergraph.graphql). */
export const DEFAULT_SUPERGRAPH_FILE = path.resolve(__dirname, '../../schema/supergraph.graphql');
/** The list of subgraphs with their default URLs (schema/subgraphs.json). */
export const SUBGRAPHS_FILE = path.resolve(__dirname, '../../schema/subgraphs.json');

/**
 * The gateway's configuration, read once from the environment and validated (zod); every problem is listed.
 * See the README's configuration table.
 */
export const gatewayConfigSchema = z.object({
  /** AIDGRAPH_MODE, JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_AGE, DEV_KEYS_DIR: the definitions `npm run token` reads too */
  ...tokenSettingsSchema.shape,
  /** RATE_LIMIT, REDIS_URL, RATE_LIMIT_<ROLE>, BULK_RECORDS_<ROLE>, ...: per-caller rate limits (rate-limit-config.ts) */
  ...rateLimitSettingsSchema.shape,
  /** TRUSTED_DOCUMENTS, TRUSTED_DOCUMENTS_DIR, TRUSTED_DOCUMENTS_ADHOC_ROLES, APQ, APQ_CACHE_SIZE, ...: trusted-documents-config.ts */
  ...trustedDocumentsSettingsSchema.shape,
  /** TRACING, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, ...: OpenTelemetry traces, off by default (the kit's tracing.ts) */
  ...tracingConfigSchema.shape,
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  SUPERGRAPH_FILE: z.string().default(DEFAULT_SUPERGRAPH_FILE),
  /**
   * how often (milliseconds) the gateway reads SUPERGRAPH_FILE again for a new supergraph, which it then serves without a
   * restart (a broken one is refused and the loaded one stays); 0 turns watching off
   */
  SUPERGRAPH_POLL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .refine((n) => n === 0 || n >= 10, '0 (off) or at least 10')
    .default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWKS_FILE: z.string().optional(),
  JWKS_URL: z.url().optional(),
  JWT_ALGORITHMS: z
    .string()
    .default('ES256')
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean)),
  /** the largest estimated cost of one operation: fields, multiplied by the `first` of the lists they are in */
  MAX_QUERY_COST: z.coerce.number().int().min(100).max(10_000_000).default(25000),
  /** introspection and the GraphiQL page: on in development, off in production unless turned on */
  INTROSPECTION: z.stringbool().optional(),
  GRAPHIQL: z.stringbool().optional(),
  /** how long the gateway waits for one subgraph fetch (one attempt); SUBGRAPH_<NAME>_TIMEOUT_MS overrides it for one subgraph */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(15000),
  /** attempts of one subgraph fetch of a query (1: no retry); mutations are sent once, never retried */
  SUBGRAPH_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** retry backoff: the n-th retry waits a random time in [0, min(MAX, BASE * 2^(n-1))] ms (exponential, full jitter) */
  SUBGRAPH_RETRY_BASE_MS: z.coerce.number().int().min(1).max(10_000).default(50),
  SUBGRAPH_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  /** the circuit breaker of each subgraph (opossum): off only to compare */
  SUBGRAPH_BREAKER: z.stringbool().default(true),
  /** the breaker opens when more than this percentage of the fetches in the window failed (unreachable, timed out, 502-504) */
  SUBGRAPH_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  /** ... and the window holds at least this many fetches */
  SUBGRAPH_BREAKER_VOLUME: z.coerce.number().int().min(1).max(100_000).default(10),
  /** the window (rolling, ms) */
  SUBGRAPH_BREAKER_WINDOW_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  /**
   * how long an open breaker fails fast before it lets one probe fetch through (half-open): the probe closes it when the
   * subgraph answers, opens it again otherwise; only one probe is in flight at a time, so a short interval holds no
   * more connections to a dead subgraph
   */
  SUBGRAPH_BREAKER_RESET_MS: z.coerce.number().int().min(50).max(600_000).default(250),
  /** keep-alive connection pool to each subgraph (undici Agent): at most this many connections per subgraph origin */
  SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(10_000).default(64),
  /** how long an idle pooled connection is kept (ms); below the subgraphs' own keep-alive timeout (Node: 5 s) */
  SUBGRAPH_KEEPALIVE_MS: z.coerce.number().int().min(100).max(600_000).default(4000),
  /**
   * the cache of parsed and validated query documents (Apollo Server's documentStore, an LRU), in MiB as Apollo counts
   * them (each document's JSON length: the objects take several times that in memory, see the README's Memory figures);
   * 0: no cache (every request is parsed and validated again)
   */
  DOCUMENT_CACHE_MB: z.coerce.number().min(0).max(1024).default(4),
  /** the query-plan cache (@apollo/gateway's LRU), in MiB as it counts them (each plan's JSON length), at least 1 */
  QUERY_PLAN_CACHE_MB: z.coerce.number().min(1).max(1024).default(4),
  /** the deepest selection a query may have */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  /** the most aliases one operation may have, fragments followed (`__typename` aliases are free) */
  MAX_QUERY_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
  /** the most directives (`@include`, `@skip`, ...) one operation may have, fragments followed */
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(1).max(1000).default(50),
  /** the most lexical tokens a query text may have: parsing stops at the first one over */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(5000),
  /** request bodies above this size are refused (express size string) */
  MAX_BODY: z.string().default('1mb'),
  /**
   * the secret (at least 32 characters, the same in every subgraph) with which the gateway signs each subgraph request
   * (subgraphs answer `_entities` only to signed requests); required in production, a development key file otherwise
   */
  GATEWAY_SIGNING_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /** /metrics is served only on this separate listener (0: any free port), never on PORT */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** the interface of the metrics listener; a non-loopback one needs METRICS_TOKEN in production */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** when set (at least 16 characters), /metrics asks for `Authorization: Bearer <METRICS_TOKEN>` */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /**
   * the browser origins allowed to call /graphql (CORS): comma-separated exact origins such as
   * `https://portal.jiaozhou.gov.cn,http://localhost:5173`, or `none`. Unset: none in production; in development any
   * loopback origin (http://localhost:<port>, http://127.0.0.1:<port>, http://[::1]:<port>).
   */
  CORS_ORIGINS: z
    .string()
    .transform((s, ctx) => {
      if (s.trim().toLowerCase() === 'none') return [] as string[];
      const origins = s.split(',').map((o) => o.trim()).filter(Boolean);
      origins.forEach((o, i) => {
        let origin: string | undefined;
        try {
          const u = new URL(o);
          if (u.protocol === 'http:' || u.protocol === 'https:') origin = u.origin;
        } catch {
          origin = undefined;
        }
        if (origin !== o)
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not an exact origin: http(s)://host[:port] in lower case, no path, no trailing slash, no wildcard` });
      });
      return origins;
    })
    .optional(),
  /** compress answers (gzip or br, as the client accepts) at least COMPRESSION_THRESHOLD long; off behind a proxy that compresses */
  COMPRESSION: z.stringbool().default(true),
  COMPRESSION_THRESHOLD: z
    .string()
    .regex(/^\d+\s*(b|kb|mb)?$/i, 'a size such as 1kb or 512b')
    .default('1kb'),
  /**
   * gateway processes (Node cluster, cluster.ts): 1 runs the gateway in this process; more, or `auto` (the machine's
   * available parallelism), forks that many workers sharing PORT, restarted with backoff when one dies
   */
  GATEWAY_WORKERS: z
    .union([z.literal('auto').transform(() => os.availableParallelism()), z.coerce.number().int().min(1).max(64)])
    .default(1),
  /** after SIGTERM/SIGINT: how long requests in flight may take to finish before their connections are cut (ms) */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * after SIGTERM/SIGINT: how long the gateway keeps accepting connections while /ready answers 503 (ms), so that a
   * load balancer sees it leave before it stops listening; 0: it stops listening at once
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  /** debugging: every answer names the process that gave it in an `x-aidgraph-worker` header (its pid) */
  GATEWAY_WORKER_HEADER: z.stringbool().default(false),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema> & {
  /** subgraph name -> URL, from schema/subgraphs.json overridden by SUBGRAPH_<NAME>_URL */
  subgraphUrls: Record<string, string>;
  /** subgraph name -> timeout of one fetch (ms): SUBGRAPH_<NAME>_TIMEOUT_MS, else SUBGRAPH_TIMEOUT_MS */
  subgraphTimeouts: Record<string, number>;
};

export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;
}

/** The variable that sets one subgraph's fetch timeout: `SUBGRAPH_<NAME>_TIMEOUT_MS` (name upper-cased, - as _). */
export function subgraphTimeoutVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_TIMEOUT_MS`;
}

/** Read and validate the gateway's configuration. Throws ConfigError listing every problem. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const listed = JSON.parse(fs.readFileSync(SUBGRAPHS_FILE, 'utf8')).subgraphs as { name: string; url: string }[];
  const urlSchema = z.object(
    Object.fromEntries(
      listed.flatMap((s) => [
        [subgraphUrlVariable(s.name), z.url().default(s.url)],
        [subgraphTimeoutVariable(s.name), z.coerce.number().int().min(100).max(120000).optional()],
      ]),
    ),
  );
  const base = loadConfig(gatewayConfigSchema.extend(urlSchema.shape), env);
  const values = base as Record<string, unknown>;
  const subgraphTimeouts: Record<string, number> = Object.fromEntries(
    listed.map((s) => [s.name, (values[subgraphTimeoutVariable(s.name)] ?? values.SUBGRAPH_TIMEOUT_MS) as number]),
  );
  const subgraphUrls: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    const m = /^SUBGRAPH_(.+)_URL$/.exec(k);
    if (m) subgraphUrls[m[1].toLowerCase().replace(/_/g, '-')] = v as string;
  }
  return { ...(base as unknown as z.infer<typeof gatewayConfigSchema>), subgraphUrls, subgraphTimeouts };
}
