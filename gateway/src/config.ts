import path from 'node:path';
import fs from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '@aidgraph/subgraph-kit';
import { tokenSettingsSchema } from './dev-tokens';

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
  /** how long the gateway waits for one subgraph fetch */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(15000),
  /** the deepest selection a query may have */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
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
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema> & {
  /** subgraph name -> URL, from schema/subgraphs.json overridden by SUBGRAPH_<NAME>_URL */
  subgraphUrls: Record<string, string>;
};

export function subgraphUrlVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`;
}

/** Read and validate the gateway's configuration. Throws ConfigError listing every problem. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urlSchema = z.object(
    Object.fromEntries(
      (JSON.parse(fs.readFileSync(SUBGRAPHS_FILE, 'utf8')).subgraphs as { name: string; url: string }[]).map((s) => [
        subgraphUrlVariable(s.name),
        z.url().default(s.url),
      ]),
    ),
  );
  const base = loadConfig(gatewayConfigSchema.extend(urlSchema.shape), env);
  const subgraphUrls: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    const m = /^SUBGRAPH_(.+)_URL$/.exec(k);
    if (m) subgraphUrls[m[1].toLowerCase().replace(/_/g, '-')] = v as string;
  }
  return { ...(base as unknown as z.infer<typeof gatewayConfigSchema>), subgraphUrls };
}
