import fs from 'node:fs';
import path from 'node:path';
import { Registry, Histogram, Counter, Gauge, collectDefaultMetrics } from 'prom-client';
import { Kind, parse } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response } from 'express';
import type { SubgraphObserver } from './resilience';
import { loadManifests, type LoadedManifests } from './trusted-documents-manifest';

/**
 * Prometheus metrics (prom-client) at /metrics: process metrics, GraphQL request durations by operation type and
 * outcome, errors by code, the supergraph served (its short hash) and supergraph reloads by outcome; per subgraph, fetch
 * latencies, failures by reason, retries and the circuit breaker's state; operations by type, name and outcome, where a name
 * is a label only when it is a registered operation's (caller-chosen text never becomes a label); the query-plan cache's
 * size. No personal data is recorded.
 */
export function createMetrics(options: { operationNames?: Iterable<string> } = {}) {
  const registry = new Registry();
  // operation names as labels: only the registered operations' names; any other name is OTHER_OPERATION, none ANONYMOUS_OPERATION
  const knownNames = new Set(options.operationNames ?? registeredOperationNames());
  const operationLabel = (name: string | null | undefined): string => (!name ? ANONYMOUS_OPERATION : knownNames.has(name) ? name : OTHER_OPERATION);
  const operations = new Histogram({
    name: 'aidgraph_gateway_operation_seconds',
    help: 'GraphQL operations at the gateway (count and duration), by type, operation name (a registered operation\'s name; other names are __other__, unnamed __anonymous__) and outcome (ok, or error when the answer carries errors)',
    labelNames: ['type', 'name', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // the query-plan cache of @apollo/gateway (read at each scrape; see observeQueryPlanCache)
  let planCache: (() => { entries: number; bytes: number } | undefined) | undefined;
  new Gauge({
    name: 'aidgraph_gateway_query_plan_cache_entries',
    help: 'Query plans held in the gateway\'s query-plan cache (@apollo/gateway\'s LRU store)',
    registers: [registry],
    collect() {
      const size = planCache?.();
      if (size) this.set(size.entries);
    },
  });
  new Gauge({
    name: 'aidgraph_gateway_query_plan_cache_bytes',
    help: 'Approximate size of the query plans in the gateway\'s query-plan cache (bytes of their JSON, as the LRU store counts them)',
    registers: [registry],
    collect() {
      const size = planCache?.();
      if (size) this.set(size.bytes);
    },
  });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'aidgraph_gateway_request_seconds',
    help: 'GraphQL request duration at the gateway, by operation type and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'aidgraph_gateway_errors_total',
    help: 'GraphQL errors returned by the gateway, by code',
    labelNames: ['code'],
    registers: [registry],
  });
  const supergraph = new Gauge({
    name: 'aidgraph_gateway_supergraph_info',
    help: 'The supergraph the gateway serves: 1, labelled with the first 12 hex digits of its SDL\'s sha256',
    labelNames: ['hash'],
    registers: [registry],
    // in cluster mode (cluster.ts) the primary aggregates the workers' metrics: 1 per hash served, not the workers' sum
    aggregator: 'max',
  });
  const supergraphLoaded = new Gauge({
    name: 'aidgraph_gateway_supergraph_loaded_timestamp_seconds',
    help: 'When the gateway started serving its supergraph (Unix time, seconds)',
    registers: [registry],
    aggregator: 'max',
  });
  const reloads = new Counter({
    name: 'aidgraph_gateway_supergraph_reloads_total',
    help: 'Changes of the supergraph file since start, by outcome: applied (now served) or refused (not a valid supergraph; the loaded one stays)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  reloads.inc({ outcome: 'applied' }, 0);
  reloads.inc({ outcome: 'refused' }, 0);
  const rateLimited = new Counter({
    name: 'aidgraph_gateway_rate_limited_total',
    help: 'Requests refused RATE_LIMITED (HTTP 429), by the caller\'s role (anonymous: no valid token) and reason: TOO_MANY_REQUESTS or BULK_EXTRACTION',
    labelNames: ['role', 'reason'],
    registers: [registry],
  });
  // per subgraph (resilience.ts): each fetch attempt's latency, its failures, retries and the circuit breaker's state
  const subgraphFetch = new Histogram({
    name: 'aidgraph_gateway_subgraph_fetch_seconds',
    help: 'Duration of one subgraph fetch attempt (until its whole answer is read), by subgraph and outcome (ok: answered, error: not)',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  const subgraphErrors = new Counter({
    name: 'aidgraph_gateway_subgraph_fetch_errors_total',
    help: 'Subgraph fetch attempts that failed, by subgraph and reason: connection, timeout, status (502-504 without a GraphQL answer), breaker_open (refused at once)',
    labelNames: ['subgraph', 'reason'],
    registers: [registry],
  });
  const subgraphRetries = new Counter({
    name: 'aidgraph_gateway_subgraph_fetch_retries_total',
    help: 'Subgraph fetches of queries sent again after a transient failure, by subgraph',
    labelNames: ['subgraph'],
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: 'aidgraph_gateway_subgraph_breaker_state',
    help: "A subgraph's circuit breaker: 0 closed, 1 half-open (one probe allowed), 2 open (failing fast), -1 disabled",
    labelNames: ['subgraph'],
    registers: [registry],
    // cluster mode: the worst state among the workers' breakers
    aggregator: 'max',
  });
  const breakerValue = { closed: 0, halfOpen: 1, open: 2, disabled: -1 } as const;
  const subgraphs: SubgraphObserver = {
    attempt: (subgraph, seconds, outcome) => subgraphFetch.observe({ subgraph, outcome }, seconds),
    failure: (subgraph, reason) => subgraphErrors.inc({ subgraph, reason }),
    retry: (subgraph) => subgraphRetries.inc({ subgraph }),
    breaker: (subgraph, state) => breakerState.set({ subgraph }, breakerValue[state]),
  };
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = duration.startTimer();
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          for (const e of body?.errors ?? []) errors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
          const outcome = body?.errors?.length ? 'error' : 'ok';
          end({ operation: operation?.operation ?? 'unknown', outcome });
          operations.observe({ type: operation?.operation ?? 'unknown', name: operationLabel(operation ? operationName : undefined), outcome }, (performance.now() - started) / 1000);
        },
      };
    },
  };
  return {
    plugin,
    /** the label of an operation name: itself when registered, else OTHER_OPERATION (ANONYMOUS_OPERATION for none) */
    operationLabel,
    /**
     * report the size of @apollo/gateway's query-plan cache at each scrape: its store (an InMemoryLRUCache over lru-cache,
     * `queryPlanStore`, not part of its public API; when absent or of another kind, the gauges are left out)
     */
    observeQueryPlanCache(gateway: object) {
      planCache = () => {
        const lru = (gateway as { queryPlanStore?: { cache?: { size?: unknown; calculatedSize?: unknown } } }).queryPlanStore?.cache;
        return typeof lru?.size === 'number' ? { entries: lru.size, bytes: typeof lru.calculatedSize === 'number' ? lru.calculatedSize : 0 } : undefined;
      };
    },
    /** the registry (the dashboard's test reads the names registered here) */
    registry,
    /** what the subgraph channels report (fetch latencies, failures, retries, breaker states) */
    subgraphs,
    /** record the supergraph now served (`initial`: the one loaded at start, not a reload) */
    supergraphLoaded(hash: string, loadedAt: string, initial: boolean) {
      supergraph.reset();
      supergraph.set({ hash }, 1);
      supergraphLoaded.set(Date.parse(loadedAt) / 1000);
      if (!initial) reloads.inc({ outcome: 'applied' });
    },
    /** count a request refused RATE_LIMITED (the caller's role or `anonymous`, and why) */
    rateLimited(role: string, reason: string) {
      rateLimited.inc({ role, reason });
    },
    /** count a supergraph file refused (the loaded supergraph stays) */
    supergraphRefused() {
      reloads.inc({ outcome: 'refused' });
    },
    handler: async (_req: Request, res: Response) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}

/** The label of an operation whose name is not a registered operation's (bounded label values: never caller text). */
export const OTHER_OPERATION = '__other__';
/** The label of an operation without a name. */
export const ANONYMOUS_OPERATION = '__anonymous__';

/** schema/client-operations.json: the folders of operations that frontend teams register (`npm run schema:check` reads it too). */
export const CLIENT_OPERATIONS_FILE = path.resolve(__dirname, '../../schema/client-operations.json');

/**
 * The names of the operations in the registered client folders (schema/client-operations.json: each folder's
 * `.graphql` files) and in the trusted-document manifests shipped with the gateway (gateway/trusted-documents): the
 * operation names metrics label by name. A folder or file that cannot be read or parsed is
 * skipped (the schema check reports it); none at all gives an empty set (every named operation is then `__other__`).
 */
export function registeredOperationNames(file = CLIENT_OPERATIONS_FILE): Set<string> {
  const names = new Set<string>();
  let clients: { path?: unknown }[] = [];
  try {
    clients = (JSON.parse(fs.readFileSync(file, 'utf8')) as { clients?: { path?: unknown }[] }).clients ?? [];
  } catch {
    /* no registered folders (a deployed gateway's image holds none): the manifests below still name operations */
  }
  const root = path.resolve(path.dirname(file), '..');
  for (const c of clients) {
    if (typeof c.path !== 'string') continue;
    const dir = path.resolve(root, c.path);
    let files: string[] = [];
    try {
      files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    } catch {
      continue;
    }
    for (const f of files) {
      try {
        for (const d of parse(fs.readFileSync(path.join(dir, f), 'utf8')).definitions)
          if (d.kind === Kind.OPERATION_DEFINITION && d.name) names.add(d.name.value);
      } catch {
        /* not GraphQL: skipped */
      }
    }
  }
  // and the operations of the trusted-document manifests shipped with the gateway (e.g. the supervision rule engine's)
  let manifests: LoadedManifests | undefined;
  try {
    manifests = loadManifests(path.join(root, 'gateway/trusted-documents'));
  } catch {
    /* none, or one that cannot be used (the gateway refuses it at start when trusted documents are on) */
  }
  for (const { text } of manifests?.documents.values() ?? [])
    for (const d of parse(text).definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) names.add(d.name.value);
  return names;
}
