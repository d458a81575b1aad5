import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '@aidgraph/subgraph-kit';

/**
 * The rule engine's configuration (see the README's "Supervision"), read from the environment once and validated
 * (zod): a value that is set but malformed stops the subgraph at start (exit 2, every problem listed); the gateway URL
 * and the token both unset leave the rules disabled, with a warning on /ready.
 */
const durationOrOff = z
  .string()
  .trim()
  .regex(/^(off|\d+\s*(s|m|h|d))$/, 'a duration such as 30m, 6h or 1d, or off')
  .transform((s) => (s === 'off' ? null : Number(s.match(/^\d+/)![0]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[s.slice(-1) as 's' | 'm' | 'h' | 'd']))
  .refine((ms) => ms === null || ms >= 60_000, 'at least 1m');
const interval = z.string().default('off').pipe(durationOrOff);
/** the lease of a batch: a duration (seconds to an hour) */
const leaseDuration = z
  .string()
  .default('2m')
  .pipe(
    z
      .string()
      .trim()
      .regex(/^\d+\s*(s|m|h)$/, 'a duration such as 90s, 2m or 1h')
      .transform((s) => Number(s.match(/^\d+/)![0]) * { s: 1000, m: 60_000, h: 3_600_000 }[s.slice(-1) as 's' | 'm' | 'h'])
      .refine((ms) => ms >= 10_000 && ms <= 3_600_000, 'between 10s and 1h'),
  );

export const rulesConfigSchema = z
  .object({
    /** the gateway the rules read the graph through (never a subgraph's database) */
    SUPERVISION_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** the engine's service token (an auditor-role JWT), or a file holding it (read again at each run: rotation needs no restart) */
    SUPERVISION_TOKEN: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'a JWT (three base64url parts)').optional(),
    SUPERVISION_TOKEN_FILE: z.string().min(1).optional(),
    /** how often the schedule runs every rule; off (the default) for none */
    SUPERVISION_RULES_INTERVAL: interval,
    /**
     * how long a batch's lease (warning_rule_lease) lasts unless renewed: the batch renews it, and the heartbeat of its
     * runs, at each page and every quarter of it; a process that stops without a word frees the rules this long after its
     * last heartbeat, and its runs become INTERRUPTED (HEARTBEAT_LOST)
     */
    SUPERVISION_RULES_LEASE: leaseDuration,
    /** rows per page read through the gateway (bounded memory: one page at a time) */
    SUPERVISION_PAGE_SIZE: z.coerce.number().int().min(10).max(500).default(200),
    /** how long one gateway request of a rule may take */
    SUPERVISION_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    /** how often a request refused RATE_LIMITED is retried after its Retry-After before the run fails */
    SUPERVISION_RATE_LIMIT_RETRIES: z.coerce.number().int().min(0).max(100).default(5),
  })
  .superRefine((c, ctx) => {
    if (c.SUPERVISION_TOKEN && c.SUPERVISION_TOKEN_FILE) ctx.addIssue({ code: 'custom', path: ['SUPERVISION_TOKEN_FILE'], message: 'set SUPERVISION_TOKEN or SUPERVISION_TOKEN_FILE, not both' });
    if (c.SUPERVISION_TOKEN_FILE && !fs.existsSync(c.SUPERVISION_TOKEN_FILE)) ctx.addIssue({ code: 'custom', path: ['SUPERVISION_TOKEN_FILE'], message: 'no such file' });
    const token = !!(c.SUPERVISION_TOKEN || c.SUPERVISION_TOKEN_FILE);
    if (token !== !!c.SUPERVISION_GATEWAY_URL)
      ctx.addIssue({ code: 'custom', path: [token ? 'SUPERVISION_GATEWAY_URL' : 'SUPERVISION_TOKEN'], message: 'the gateway URL and the token go together (both set, or both unset to disable the rules)' });
  });
export type RulesConfig = z.infer<typeof rulesConfigSchema>;

/** The configuration read from `env`; ConfigError (every problem) when a value is malformed. */
export function readRulesConfig(env: NodeJS.ProcessEnv = process.env): RulesConfig {
  const r = rulesConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('SUPERVISION_') && v !== '')));
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.') || 'SUPERVISION_*'}: ${i.message}`));
  return r.data;
}

/** True when the rules can read the graph (a gateway URL and a token). */
export function rulesEnabled(c: RulesConfig): boolean {
  return !!c.SUPERVISION_GATEWAY_URL && !!(c.SUPERVISION_TOKEN || c.SUPERVISION_TOKEN_FILE);
}

/** The warning /ready lists while the rules are disabled. */
export const RULES_DISABLED_WARNING =
  'warning rules disabled: SUPERVISION_GATEWAY_URL and SUPERVISION_TOKEN (or SUPERVISION_TOKEN_FILE) are not set; runWarningRules answers every run SKIPPED NOT_CONFIGURED';

/** The service token, read now (a token file is read at each run). */
export function serviceToken(c: RulesConfig): string {
  if (c.SUPERVISION_TOKEN) return c.SUPERVISION_TOKEN;
  return fs.readFileSync(c.SUPERVISION_TOKEN_FILE!, 'utf8').trim();
}
