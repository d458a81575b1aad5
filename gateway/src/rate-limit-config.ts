import { z } from 'zod';

/** One counting window: at most `points` in `seconds`. */
export interface Window {
  points: number;
  seconds: number;
}

/** A caller's request rate: a short burst window and a longer sustained one; both must admit a request. */
export interface RequestRate {
  burst: Window;
  sustained: Window;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parse `<points>/<n><s|m|h|d>` (e.g. `600/1m`, `1000/1h`); undefined when it is not that. */
export function parseWindow(text: string): Window | undefined {
  const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,6})?\s*(s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  const points = Number(m[1]);
  const seconds = Number(m[2] ?? 1) * UNIT_SECONDS[m[3] as keyof typeof UNIT_SECONDS];
  if (points < 1 || seconds < 1) return undefined;
  return { points, seconds };
}

/**
 * A role's request rate: `<burst>/<window>,<sustained>/<window>` such as `20/1s,600/1m` (at most 20 requests in any
 * one-second window and 600 in a minute), or `off`.
 */
const requestRateTransform = z.string().transform((s, ctx): RequestRate | null => {
  if (s.trim().toLowerCase() === 'off') return null;
  const parts = s.split(',').map(parseWindow);
  const [burst, sustained] = parts;
  if (parts.length !== 2 || !burst || !sustained) {
    ctx.addIssue({ code: 'custom', message: 'a burst and a sustained rate such as 20/1s,600/1m (requests per window), or off' });
    return z.NEVER;
  }
  if (burst.seconds >= sustained.seconds || burst.points > sustained.points) {
    ctx.addIssue({ code: 'custom', message: 'the burst window must be shorter than the sustained one and admit no more requests' });
    return z.NEVER;
  }
  return { burst, sustained };
});

/** A role's bulk-extraction cap: `<records>/<window>` such as `1000/1h`, or `off`. */
const recordCapTransform = z.string().transform((s, ctx): Window | null => {
  if (s.trim().toLowerCase() === 'off') return null;
  const w = parseWindow(s);
  if (!w) {
    ctx.addIssue({ code: 'custom', message: 'personal records per window such as 1000/1h, or off' });
    return z.NEVER;
  }
  return w;
});

/** One caller's own allowance (RATE_LIMIT_SUBJECTS): its request rate and its bulk-extraction cap, each `off` or a value. */
export interface SubjectAllowance {
  rate: RequestRate | null;
  cap: Window | null;
}

/**
 * Per-caller allowances that replace the role's for one token subject under one role (a service account such as the
 * supervision rule engine, which reads the whole graph page by page): `<role>:<subject>=<rate>|<cap>`, entries separated
 * by `;`, e.g. `auditor:svc-supervision-rules=50/1s,3000/1m|3000000/1h`. The same subject under another role keeps its
 * role's limits. Keyed `<role>:<subject>`.
 */
const subjectAllowancesTransform = z.string().transform((s, ctx): Map<string, SubjectAllowance> => {
  const out = new Map<string, SubjectAllowance>();
  for (const entry of s.split(';').map((e) => e.trim()).filter(Boolean)) {
    const m = /^([a-z_]+):([^=\s]{1,128})=([^|]+)\|(.+)$/.exec(entry);
    const rate = m ? requestRateTransform.safeParse(m[3].trim()) : undefined;
    const cap = m ? recordCapTransform.safeParse(m[4].trim()) : undefined;
    if (!m || !rate?.success || !cap?.success) {
      ctx.addIssue({ code: 'custom', message: `"${entry.split('=')[0]}": an entry is <role>:<subject>=<rate such as 50/1s,3000/1m, or off>|<records such as 3000000/1h, or off>` });
      continue;
    }
    if (out.has(`${m[1]}:${m[2]}`)) ctx.addIssue({ code: 'custom', message: `"${m[1]}:${m[2]}" is given twice` });
    out.set(`${m[1]}:${m[2]}`, { rate: rate.data, cap: cap.data });
  }
  return out;
});

/** A role's request rate, `def` when unset. */
export const requestRate = (def: string) => z.string().default(def).pipe(requestRateTransform);
/** A role's bulk-extraction cap, `def` when unset. */
export const recordCap = (def: string) => z.string().default(def).pipe(recordCapTransform);

/**
 * The rate-limit settings of the gateway (see the README's "Rate limits"), spread into the gateway's configuration.
 * Limits are per caller: a token's subject under its role (the same subject under another role is another caller);
 * callers without a valid token by their IP address.
 */
export const rateLimitSettingsSchema = z.object({
  /** rate limits on or off; unset: on in production, off in development */
  RATE_LIMIT: z.stringbool().optional(),
  /** Redis shared by every gateway replica (`redis://host:6379/0`); unset: each process counts in memory */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  /** the prefix of every rate-limit key in Redis */
  RATE_LIMIT_PREFIX: z.string().min(1).max(100).default('aidgraph:rate:'),
  /** the longest one Redis command may take; past it (or with Redis unreachable) the in-memory fallback decides */
  RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10000).default(250),
  RATE_LIMIT_CASEWORKER: requestRate('20/1s,600/1m'),
  RATE_LIMIT_TOWNSHIP_APPROVER: requestRate('20/1s,600/1m'),
  RATE_LIMIT_VILLAGE_ASSISTANT: requestRate('10/1s,300/1m'),
  RATE_LIMIT_DEPARTMENT_OFFICER: requestRate('20/1s,600/1m'),
  RATE_LIMIT_AUDITOR: requestRate('20/1s,600/1m'),
  RATE_LIMIT_ANALYST: requestRate('5/1s,120/1m'),
  /** the public disclosure site (role public): one busy web server's token for every visitor, reading the notices only */
  RATE_LIMIT_PUBLIC: requestRate('50/1s,1500/1m'),
  /** callers without a valid token, by IP address (they are refused UNAUTHENTICATED; this bounds how often) */
  RATE_LIMIT_ANONYMOUS: requestRate('10/1s,60/1m'),
  BULK_RECORDS_CASEWORKER: recordCap('5000/1h'),
  BULK_RECORDS_TOWNSHIP_APPROVER: recordCap('5000/1h'),
  BULK_RECORDS_VILLAGE_ASSISTANT: recordCap('2000/1h'),
  BULK_RECORDS_DEPARTMENT_OFFICER: recordCap('5000/1h'),
  BULK_RECORDS_AUDITOR: recordCap('20000/1h'),
  BULK_RECORDS_ANALYST: recordCap('1000/1h'),
  /** the public site receives no Person or Household record (every such field is FORBIDDEN to it): the cap is a second fence */
  BULK_RECORDS_PUBLIC: recordCap('1/1h'),
  /** per-caller allowances replacing the role's for a service account (subjectAllowancesTransform); none by default */
  RATE_LIMIT_SUBJECTS: z.string().default('').pipe(subjectAllowancesTransform),
  /** the object types that are personal records for the bulk-extraction cap (comma-separated type names) */
  BULK_RECORD_TYPES: z
    .string()
    .default('Person,Household')
    .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
    .refine((l) => l.length > 0 && l.every((t) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(t)), 'comma-separated GraphQL type names'),
});
export type RateLimitSettings = z.infer<typeof rateLimitSettingsSchema>;
