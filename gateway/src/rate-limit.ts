import Redis from 'ioredis';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Identity, Logger, Role } from '@aidgraph/common';
import type { GatewayContext } from './context';
import type { RateLimitSettings, RequestRate, Window } from './rate-limit-config';
import { countPersonalRecords, reachesRecordTypes } from './personal-records';

/** Why a request was refused: too many requests, or too many personal records in the window. */
export type RefusalReason = 'TOO_MANY_REQUESTS' | 'BULK_EXTRACTION';
/** Whom a limit counts: a role's callers (by token subject), or callers without a valid token (by IP address). */
export type LimitedCaller = Role | 'anonymous';

/** The gateway's rate limits, built once from the configuration (see `createRateLimits`). */
export interface RateLimits {
  /** whether limits are applied at all (RATE_LIMIT) */
  enabled: boolean;
  /** where they are counted now: `redis` (shared by every replica), `memory` (no REDIS_URL), `fallback` (Redis unreachable) */
  store(): 'redis' | 'memory' | 'fallback';
  /** count one request of a verified caller; throws RATE_LIMITED (HTTP 429, Retry-After) when over its role's rate */
  admit(identity: Identity): Promise<void>;
  /**
   * count one request of a caller whose token was missing or not valid, by IP address, then throw: RATE_LIMITED when
   * over the anonymous rate, else `refusal` (the UNAUTHENTICATED error)
   */
  refuseAnonymous(ip: string | undefined, refusal: unknown): Promise<never>;
  /** the bulk-extraction cap: refuses before execution once spent, counts the records of each answer after it */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** close the Redis connection (also done when the Apollo server stops) */
  close(): Promise<void>;
}

interface RoleLimiters {
  burst?: RateLimiterAbstract;
  sustained?: RateLimiterAbstract;
  records?: RateLimiterAbstract;
}

/**
 * Rate limits per caller (rate-limiter-flexible): a caller is a token's subject under its role; each role has a burst
 * and a sustained request rate (RATE_LIMIT_<ROLE>) and a cap on the personal records it may pull in a window
 * (BULK_RECORDS_<ROLE>); callers without a valid token are counted by IP address (RATE_LIMIT_ANONYMOUS). With REDIS_URL
 * the counts live in Redis and hold across every gateway replica; without it each process counts in memory.
 *
 * Redis failures never make a request wait or fail: the client has no offline queue and a bounded command time
 * (RATE_LIMIT_REDIS_TIMEOUT_MS); while Redis is unreachable every limiter falls back to an in-memory limiter with the
 * same limits in each process (rate-limiter-flexible's insuranceLimiter), logged once as a warning, and counting
 * resumes in Redis when ioredis has reconnected (logged once). Nothing personal is logged: no subject, no address.
 */
export function createRateLimits(
  settings: RateLimitSettings & { AIDGRAPH_MODE: 'development' | 'production' },
  log: Logger,
  onRefused: (caller: LimitedCaller, reason: RefusalReason) => void = () => {},
): RateLimits {
  const enabled = settings.RATE_LIMIT ?? settings.AIDGRAPH_MODE === 'production';
  const recordTypes = new Set(settings.BULK_RECORD_TYPES);
  let redis: Redis | undefined;
  let degraded = false;
  // a reconnection forced after a command timed out, until the client is ready again
  let forcedReconnect = false;
  if (enabled && settings.REDIS_URL) {
    redis = new Redis(settings.REDIS_URL, {
      // a command while disconnected fails at once (the fallback decides) instead of waiting for the reconnection
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: settings.RATE_LIMIT_REDIS_TIMEOUT_MS,
      connectTimeout: Math.max(1000, settings.RATE_LIMIT_REDIS_TIMEOUT_MS * 4),
      // reconnect for ever, at most every 2 s
      retryStrategy: (times) => Math.min(100 * times, 2000),
      connectionName: 'aidgraph-gateway-rate-limit',
      // the two windows of concurrent requests go out in one write
      enableAutoPipelining: true,
    });
    redis.on('error', down);
    redis.on('close', down);
    redis.on('ready', () => {
      forcedReconnect = false;
      if (!degraded) return;
      degraded = false;
      log.info({ store: 'redis' }, 'rate limits: Redis reachable again; counting in Redis');
    });
  }
  function down() {
    if (degraded) return;
    degraded = true;
    log.warn({ store: 'redis', fallback: 'memory' }, 'rate limits: Redis unreachable; counting in memory in each process until it is back');
  }
  /**
   * The fallback was used. With the connection still "ready", a command timed out (Redis hung, or a network path that
   * drops packets): reconnect, so that the next requests go straight to the fallback (the client is not ready until
   * Redis answers again) instead of each waiting out the command timeout.
   */
  const fallbackUsed = () => {
    if (!redis || redis.status !== 'ready' || forcedReconnect) return;
    forcedReconnect = true;
    down();
    redis.disconnect(true);
  };

  const limiter = (kind: string, caller: LimitedCaller, w: Window): RateLimiterAbstract => {
    const keyPrefix = `${settings.RATE_LIMIT_PREFIX}${kind}:${caller}`;
    if (!redis) return new RateLimiterMemory({ keyPrefix, points: w.points, duration: w.seconds });
    const memory = new FallbackLimiter({ keyPrefix, points: w.points, duration: w.seconds }, fallbackUsed);
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points: w.points,
      duration: w.seconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const rates: Record<LimitedCaller, RequestRate | null> = {
    caseworker: settings.RATE_LIMIT_CASEWORKER,
    township_approver: settings.RATE_LIMIT_TOWNSHIP_APPROVER,
    village_assistant: settings.RATE_LIMIT_VILLAGE_ASSISTANT,
    department_officer: settings.RATE_LIMIT_DEPARTMENT_OFFICER,
    auditor: settings.RATE_LIMIT_AUDITOR,
    analyst: settings.RATE_LIMIT_ANALYST,
    public: settings.RATE_LIMIT_PUBLIC,
    anonymous: settings.RATE_LIMIT_ANONYMOUS,
  };
  const caps: Record<Role, Window | null> = {
    caseworker: settings.BULK_RECORDS_CASEWORKER,
    township_approver: settings.BULK_RECORDS_TOWNSHIP_APPROVER,
    village_assistant: settings.BULK_RECORDS_VILLAGE_ASSISTANT,
    department_officer: settings.BULK_RECORDS_DEPARTMENT_OFFICER,
    auditor: settings.BULK_RECORDS_AUDITOR,
    analyst: settings.BULK_RECORDS_ANALYST,
    public: settings.BULK_RECORDS_PUBLIC,
  };
  const limiters = {} as Record<LimitedCaller, RoleLimiters>;
  for (const caller of Object.keys(rates) as LimitedCaller[]) {
    const rate = rates[caller];
    const cap = caller === 'anonymous' ? null : caps[caller];
    limiters[caller] = {
      burst: rate ? limiter('burst', caller, rate.burst) : undefined,
      sustained: rate ? limiter('sustained', caller, rate.sustained) : undefined,
      records: cap ? limiter('records', caller, cap) : undefined,
    };
  }

  // a service account's own allowance (RATE_LIMIT_SUBJECTS) replaces its role's, counted under keys of its own
  const bySubject = new Map<string, RoleLimiters>();
  for (const [key, a] of settings.RATE_LIMIT_SUBJECTS) {
    const caller = `subject:${key}` as LimitedCaller;
    bySubject.set(key, {
      burst: a.rate ? limiter('burst', caller, a.rate.burst) : undefined,
      sustained: a.rate ? limiter('sustained', caller, a.rate.sustained) : undefined,
      records: a.cap ? limiter('records', caller, a.cap) : undefined,
    });
  }
  const limitersOf = (identity: Identity): RoleLimiters | undefined => bySubject.get(`${identity.role}:${identity.subject}`) ?? limiters[identity.role];

  const refuse = (caller: LimitedCaller, reason: RefusalReason, msBeforeNext: number, message: string): GraphQLError => {
    onRefused(caller, reason);
    const retryAfter = retryAfterSeconds(msBeforeNext);
    return new GraphQLError(`${message}; try again in ${retryAfter} s`, {
      extensions: { code: 'RATE_LIMITED', reason, retryAfter, http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) } },
    });
  };

  /** consume one request from both windows; the longer wait of the refusing ones, or undefined when admitted */
  const consumeRequest = async (l: RoleLimiters, key: string): Promise<number | undefined> => {
    if (!l.burst || !l.sustained) return undefined;
    const results = await Promise.allSettled([l.burst.consume(key), l.sustained.consume(key)]);
    let wait: number | undefined;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      // anything but a refusal (a bug, not Redis: Redis errors go to the fallback) admits rather than fails the request
      if (!(r.reason instanceof RateLimiterRes)) {
        log.error({ err: { name: (r.reason as Error)?.name, message: (r.reason as Error)?.message } }, 'rate limits: counting failed; request admitted');
        continue;
      }
      wait = Math.max(wait ?? 0, r.reason.msBeforeNext);
    }
    return wait;
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await close();
        },
      };
    },
    async requestDidStart({ contextValue }) {
      const identity = contextValue?.identity;
      const records = identity ? limitersOf(identity)?.records : undefined;
      if (!enabled || !records || !identity) return;
      const key = callerKey(identity);
      let counted = false;
      return {
        async didResolveOperation({ schema, document }) {
          counted = reachesRecordTypes(schema, document, recordTypes);
          if (!counted) return;
          // refused before execution once the window's records are spent
          const res = await records.get(key).catch(() => null);
          if (res && res.consumedPoints >= records.points)
            throw refuse(identity.role, 'BULK_EXTRACTION', res.msBeforeNext, `the personal records this caller may receive in ${windowText(records.duration)} are spent`);
        },
        async willSendResponse({ schema, document, operation, response }) {
          if (!counted || !document || !operation || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const n = countPersonalRecords(schema, document, operation, result.data as Record<string, unknown> | null | undefined, recordTypes);
          if (n === 0) return;
          try {
            await records.consume(key, n);
          } catch (e) {
            if (!(e instanceof RateLimiterRes)) return;
            // over the cap: the answer is withheld and its records given back, so that a smaller page may still fit
            await records.reward(key, n).catch(() => undefined);
            const left = Math.max(0, records.points - (e.consumedPoints - n));
            const err = refuse(identity.role, 'BULK_EXTRACTION', e.msBeforeNext, `this answer holds ${n} personal records, more than the ${left} left to this caller in ${windowText(records.duration)}`);
            response.body.singleResult = { errors: [formatted(err)] };
            response.http.status = 429;
            response.http.headers.set('retry-after', String(err.extensions.retryAfter));
          }
        },
      };
    },
  };

  const close = async () => {
    const r = redis;
    redis = undefined;
    if (r) {
      r.removeAllListeners();
      r.on('error', () => {});
      r.disconnect();
    }
  };

  return {
    enabled,
    store: () => (!settings.REDIS_URL || !enabled ? 'memory' : degraded ? 'fallback' : 'redis'),
    async admit(identity) {
      if (!enabled) return;
      const l = limitersOf(identity);
      const wait = l ? await consumeRequest(l, callerKey(identity)) : undefined;
      if (wait !== undefined) throw refuse(identity.role, 'TOO_MANY_REQUESTS', wait, 'too many requests from this caller');
    },
    async refuseAnonymous(ip, refusal) {
      if (enabled) {
        const wait = await consumeRequest(limiters.anonymous, ip || 'unknown');
        if (wait !== undefined) throw refuse('anonymous', 'TOO_MANY_REQUESTS', wait, 'too many requests without a valid token from this address');
      }
      throw refusal;
    },
    plugin,
    close,
  };
}

/** The in-memory limiter that decides while Redis cannot (rate-limiter-flexible's insuranceLimiter); tells when it is used. */
class FallbackLimiter extends RateLimiterMemory {
  constructor(
    opts: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly used: () => void,
  ) {
    super(opts);
  }
  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.used();
    return super.consume(...args);
  }
  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.used();
    return super.get(...args);
  }
  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.used();
    return super.reward(...args);
  }
}

/** The caller a limit counts: the token's subject under its role (the same subject under another role is another caller). */
function callerKey(identity: Identity): string {
  return identity.subject;
}

/** Retry-After in whole seconds, at least 1. */
function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function windowText(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? 'an hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'a minute' : `${seconds / 60} minutes`;
  return `${seconds} s`;
}

/** The error as the gateway's formatError would give it (code, reason, retryAfter; no stack, no http). */
function formatted(err: GraphQLError): GraphQLFormattedError {
  const { code, reason, retryAfter } = err.extensions as Record<string, unknown>;
  return { message: err.message, extensions: { code, reason, retryAfter } };
}
