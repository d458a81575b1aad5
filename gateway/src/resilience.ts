import CircuitBreaker from 'opossum';
import { Agent, request } from 'undici';
import { GraphQLError } from 'graphql';
import type { Span } from '@opentelemetry/api';
import type { Logger } from '@aidgraph/common';
import type { GatewayConfig } from './config';

/** A subgraph's circuit breaker: closed (fetching), open (failing fast), halfOpen (one probe fetch allowed), or disabled. */
export type BreakerState = 'closed' | 'open' | 'halfOpen' | 'disabled';

/** Why a fetch attempt failed: the subgraph could not be reached, did not answer in time, answered 502-504 with no GraphQL body, or its breaker was open. */
export type FetchFailure = 'connection' | 'timeout' | 'status' | 'breaker_open';

/** What the resilience layer tells about each subgraph (metrics.ts records it). */
export interface SubgraphObserver {
  /** one fetch attempt ended after `seconds`: answered (any status) or failed */
  attempt(subgraph: string, seconds: number, outcome: 'ok' | 'error'): void;
  /** one fetch attempt failed, or was refused by the open breaker */
  failure(subgraph: string, reason: FetchFailure): void;
  /** a query's fetch is sent again */
  retry(subgraph: string): void;
  /** the subgraph's breaker changed state */
  breaker(subgraph: string, state: BreakerState): void;
}

/** The resilience settings, from the gateway's configuration (see config.ts). */
export type ResilienceSettings = Pick<
  GatewayConfig,
  | 'SUBGRAPH_TIMEOUT_MS'
  | 'SUBGRAPH_RETRY_ATTEMPTS'
  | 'SUBGRAPH_RETRY_BASE_MS'
  | 'SUBGRAPH_RETRY_MAX_DELAY_MS'
  | 'SUBGRAPH_BREAKER'
  | 'SUBGRAPH_BREAKER_ERROR_PERCENT'
  | 'SUBGRAPH_BREAKER_VOLUME'
  | 'SUBGRAPH_BREAKER_WINDOW_MS'
  | 'SUBGRAPH_BREAKER_RESET_MS'
  | 'SUBGRAPH_CONNECTIONS'
  | 'SUBGRAPH_KEEPALIVE_MS'
> & Partial<Pick<GatewayConfig, 'subgraphUrls'>> & { subgraphTimeouts: Record<string, number> };

/** One subgraph request as the data source sends it: POST, its final headers and body (already signed). */
export interface SubgraphRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** a query's fetch may be sent again after a transient failure; a mutation's (or anything of a mutation) never */
  retryable: boolean;
  /** the fetch's span (tracing on): retries and breaker refusals are events of it */
  span?: Span;
}

/** A subgraph's answer, read in full (any status). */
export interface SubgraphAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** The channel to one subgraph: its pooled connections, timeout, retries and circuit breaker. */
export interface SubgraphChannel {
  readonly name: string;
  /** send one request; throws SUBGRAPH_UNAVAILABLE (naming the subgraph) when it cannot be answered */
  send(req: SubgraphRequest): Promise<SubgraphAnswer>;
  /** the breaker's state now */
  state(): BreakerState;
}

/** The resilience of every subgraph: one channel per subgraph name, kept across supergraph reloads. */
export interface SubgraphResilience {
  /** the channel of `name` (created on first use; a new `url` replaces the pool, the breaker stays) */
  channel(name: string, url: string): SubgraphChannel;
  /** every subgraph's breaker state, by name (those configured, and any the supergraph added) */
  states(): Record<string, BreakerState>;
  /** close every pool and breaker (gateway stop) */
  close(): Promise<void>;
}

/** A transient failure of one attempt: counted by the breaker, retried for queries. */
class TransientFailure extends Error {
  constructor(readonly reason: Exclude<FetchFailure, 'breaker_open'>) {
    super(`subgraph fetch failed: ${reason}`);
  }
}

/** The error a client gets for a subgraph that cannot answer: its fields are null, the rest of the answer stands. */
export function subgraphUnavailable(name: string): GraphQLError {
  return new GraphQLError(`the ${name} subgraph is unavailable; its fields are null`, {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: name },
  });
}

/** The n-th retry's delay (n from 1): a random time in [0, min(max, base * 2^(n-1))] ms (exponential backoff, full jitter). */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (retry - 1)));
}

/** Whether a 502-504 body is a GraphQL answer (a subgraph's own errors, e.g. REGISTRY_UNAVAILABLE) rather than a proxy's page. */
function isGraphQLBody(headers: Headers, body: string): boolean {
  if (!/json/.test(headers.get('content-type') ?? '')) return false;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown; data?: unknown };
    return Array.isArray(parsed.errors) || parsed.data !== undefined;
  } catch {
    return false;
  }
}

const noObserver: SubgraphObserver = { attempt() {}, failure() {}, retry() {}, breaker() {} };

/**
 * Per-subgraph resilience for the gateway's subgraph fetches:
 * - a keep-alive connection pool per subgraph (undici Agent: SUBGRAPH_CONNECTIONS per origin, idle connections kept
 *   SUBGRAPH_KEEPALIVE_MS);
 * - a timeout per attempt (SUBGRAPH_<NAME>_TIMEOUT_MS, else SUBGRAPH_TIMEOUT_MS);
 * - retries for queries only (SUBGRAPH_RETRY_ATTEMPTS in all, exponential backoff with full jitter) on a connection
 *   error, a timeout or HTTP 503; a mutation's fetch is sent once;
 * - a circuit breaker per subgraph (opossum): when more than SUBGRAPH_BREAKER_ERROR_PERCENT of at least
 *   SUBGRAPH_BREAKER_VOLUME fetches in SUBGRAPH_BREAKER_WINDOW_MS failed (unreachable, timed out, 502-504 without a
 *   GraphQL body), it opens: fetches fail at once with SUBGRAPH_UNAVAILABLE, holding no connection; after
 *   SUBGRAPH_BREAKER_RESET_MS one probe fetch goes through (half-open) and closes it when the subgraph answers.
 * A subgraph's own GraphQL answer, errors included, is never a failure.
 */
export function createSubgraphResilience(settings: ResilienceSettings, log?: Logger, observer: SubgraphObserver = noObserver): SubgraphResilience {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const create = (name: string, initialUrl: string) => {
    const timeoutMs = settings.subgraphTimeouts[name] ?? settings.SUBGRAPH_TIMEOUT_MS;
    const newAgent = () =>
      new Agent({
        connections: settings.SUBGRAPH_CONNECTIONS,
        keepAliveTimeout: settings.SUBGRAPH_KEEPALIVE_MS,
        // a subgraph's keep-alive hint may shorten the idle time, never lengthen it beyond ours
        keepAliveMaxTimeout: settings.SUBGRAPH_KEEPALIVE_MS,
        connect: { timeout: Math.min(timeoutMs, 10_000) },
      });
    let url = initialUrl;
    let agent = newAgent();

    // one attempt: the whole answer read within the timeout; a transport failure or a proxy's 502-504 throws
    const attempt = async (req: SubgraphRequest): Promise<SubgraphAnswer> => {
      const started = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const res = await request(req.url, { method: 'POST', headers: req.headers, body: req.body, dispatcher: agent, signal });
        const body = await res.body.text();
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (Array.isArray(v)) for (const one of v) headers.append(k, one);
          else if (v !== undefined) headers.set(k, v);
        }
        if (res.statusCode >= 502 && res.statusCode <= 504 && !isGraphQLBody(headers, body)) throw new TransientFailure('status');
        observer.attempt(name, (performance.now() - started) / 1000, 'ok');
        return { status: res.statusCode, headers, body };
      } catch (e) {
        const failure = e instanceof TransientFailure ? e : new TransientFailure(signal.aborted ? 'timeout' : 'connection');
        observer.attempt(name, (performance.now() - started) / 1000, 'error');
        observer.failure(name, failure.reason);
        throw failure;
      }
    };

    const breaker = new CircuitBreaker(attempt, {
      timeout: false, // the attempt's own signal bounds it, and aborts the request
      errorThresholdPercentage: settings.SUBGRAPH_BREAKER_ERROR_PERCENT,
      volumeThreshold: settings.SUBGRAPH_BREAKER_VOLUME,
      rollingCountTimeout: settings.SUBGRAPH_BREAKER_WINDOW_MS,
      rollingCountBuckets: 10,
      enableSnapshots: false,
      rollingPercentilesEnabled: false, // latencies are in /metrics (prom-client); opossum would sort them at every failure
      resetTimeout: settings.SUBGRAPH_BREAKER_RESET_MS,
      name,
    });
    const stateOf = (): BreakerState => (!settings.SUBGRAPH_BREAKER ? 'disabled' : breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed');
    if (settings.SUBGRAPH_BREAKER) {
      breaker.on('open', () => {
        log?.warn({ subgraph: name }, 'subgraph circuit breaker opened: its fetches fail fast');
        observer.breaker(name, 'open');
      });
      breaker.on('halfOpen', () => observer.breaker(name, 'halfOpen'));
      breaker.on('close', () => {
        log?.info({ subgraph: name }, 'subgraph circuit breaker closed: the subgraph answers again');
        observer.breaker(name, 'closed');
      });
    } else breaker.disable();
    observer.breaker(name, stateOf());

    const channel: SubgraphChannel = {
      name,
      state: stateOf,
      async send(req) {
        const attempts = req.retryable ? settings.SUBGRAPH_RETRY_ATTEMPTS : 1;
        for (let n = 1; ; n++) {
          let answer: SubgraphAnswer | undefined;
          try {
            answer = await breaker.fire(req);
          } catch (e) {
            if (!(e instanceof TransientFailure)) {
              // the breaker is open (or half-open with its probe in flight): fail fast, no retry
              observer.failure(name, 'breaker_open');
              req.span?.addEvent('breaker_open');
              throw subgraphUnavailable(name);
            }
            if (n >= attempts) throw subgraphUnavailable(name);
          }
          if (answer && (answer.status !== 503 || n >= attempts)) return answer;
          observer.retry(name);
          req.span?.addEvent('retry', { attempt: n + 1 });
          await sleep(backoffDelay(n, settings.SUBGRAPH_RETRY_BASE_MS, settings.SUBGRAPH_RETRY_MAX_DELAY_MS));
        }
      },
    };
    return {
      channel,
      setUrl(next: string) {
        if (next === url) return;
        // a new address: a new pool; the old one finishes what it has in flight
        const old = agent;
        url = next;
        agent = newAgent();
        void old.close().catch(() => undefined);
      },
      async close() {
        breaker.shutdown();
        // the gateway has stopped (its drain waited up to SHUTDOWN_GRACE_MS for requests in flight): a fetch still
        // pending has nobody left to answer, so it is aborted rather than waited for (close() would wait)
        await agent.destroy().catch(() => undefined);
      },
    };
  };

  const entries = new Map<string, ReturnType<typeof create>>();
  for (const [name, url] of Object.entries(settings.subgraphUrls ?? {})) entries.set(name, create(name, url));
  return {
    channel(name, url) {
      let entry = entries.get(name);
      if (!entry) entries.set(name, (entry = create(name, url)));
      else entry.setUrl(url);
      return entry.channel;
    },
    states: () => Object.fromEntries([...entries].map(([name, e]) => [name, e.channel.state()])),
    async close() {
      await Promise.all([...entries.values()].map((e) => e.close()));
      entries.clear();
    },
  };
}
