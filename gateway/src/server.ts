import './telemetry-off';
import fs from 'node:fs';
import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway } from '@apollo/gateway';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { bodyErrorHandler, createLogger, createTokenVerifier, ConfigError, operationResolution, resolveGatewaySigningKey, type Logger } from '@aidgraph/common';
import { operationLimits } from './operation-limits';
import { jsonClientStatus } from './graphql-over-http';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { AuthenticatedSubgraphSource } from './subgraph-source';
import { createSubgraphResilience } from './resilience';
import { formatGatewayError } from './format-error';
import { graphiqlRouter } from './graphiql';
import { DEPARTMENT_CODES, DevTokenRefused, ROLES, TOWNSHIPS, mintDevToken } from './dev-tokens';
import { addressedAsLoopback, graphqlCors, responseCompression } from './web';
import { createMetrics } from './metrics';
import type { Registry } from 'prom-client';
import { metricsAuth } from './metrics-auth';
import { trace } from '@opentelemetry/api';
import { operationSpanPlugin, requestLogPlugin, requestTraceContext, serverSpanMiddleware, tracingEnabled } from '@aidgraph/common';
import { watchedSupergraph, type LoadedSupergraph } from './supergraph-watch';
import { createRateLimits } from './rate-limit';
import { createTrustedDocuments } from './trusted-documents';

export interface GatewayServer {
  app: express.Express;
  /** the separate listener of /metrics (METRICS_HOST:METRICS_PORT) */
  metricsApp: express.Express;
  /**
   * start listening (GraphQL, health; and the metrics listener unless `metricsListener` is false: a cluster worker, whose
   * metrics the primary serves); resolves with the GraphQL port
   */
  listen(port?: number, host?: string, options?: { metricsListener?: boolean }): Promise<number>;
  /** the registry of the gateway's metrics (a cluster worker hands it to the primary's AggregatorRegistry) */
  metricsRegistry: Registry;
  /**
   * mark the gateway as stopping (stop() does too): /ready answers 503 and every answer closes its connection, while
   * requests are still accepted (the SHUTDOWN_DELAY_MS before stop())
   */
  beginDrain(): void;
  /** the bound port of the metrics listener, once listening */
  metricsPort(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Build the gateway from its configuration: the supergraph composed at build time (never composed at run time),
 * subgraph URLs from configuration, the caller's token verified here and again in each subgraph, GraphQL at /graphql,
 * a self-hosted GraphiQL at /graphiql (development, or GRAPHIQL=true), /health and /ready (with the served supergraph's
 * hash); SUPERGRAPH_FILE is watched and a valid new supergraph served without a restart (supergraph-watch.ts); /metrics only on a separate
 * listener (METRICS_HOST:METRICS_PORT, loopback by default; a bearer METRICS_TOKEN when configured, required in
 * production when that listener is not on loopback). Every subgraph request is signed with GATEWAY_SIGNING_KEY.
 * Answers are compressed when the client accepts it (COMPRESSION); /graphql answers browsers of CORS_ORIGINS; GraphiQL's
 * assets are cacheable files (graphiql.ts); in development with the development key set, POST /dev/token mints a
 * development token by role for GraphiQL's sign-in.
 */
export async function createGatewayServer(config: GatewayConfig, log: Logger = createLogger('gateway', config.LOG_LEVEL)): Promise<GatewayServer> {
  const production = config.AIDGRAPH_MODE === 'production';
  const problems: string[] = [];
  if (production && !config.JWKS_FILE && !config.JWKS_URL) problems.push("JWKS_FILE or JWKS_URL: production mode needs the keys that sign callers' tokens");
  if (production && !config.GATEWAY_SIGNING_KEY)
    problems.push('GATEWAY_SIGNING_KEY: production mode needs the key the gateway signs subgraph requests with (at least 32 characters, the same as the subgraphs)');
  if (production && !config.METRICS_TOKEN && !isLoopback(config.METRICS_HOST))
    problems.push('METRICS_TOKEN: production mode needs a token for /metrics when METRICS_HOST is not a loopback address');
  if (problems.length) throw new ConfigError(problems);
  const signingKey = resolveGatewaySigningKey(config)!;
  if (!fs.existsSync(config.SUPERGRAPH_FILE)) throw new ConfigError([`SUPERGRAPH_FILE: no file at ${config.SUPERGRAPH_FILE} (run npm run build)`]);
  const verifier = await createTokenVerifier({
    jwksFile: config.JWKS_FILE,
    jwksUrl: config.JWKS_URL,
    devKeysDir: config.DEV_KEYS_DIR,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    algorithms: config.JWT_ALGORITHMS,
    maxAge: config.JWT_MAX_AGE,
  });
  const metrics = createMetrics();
  // traces (the kit's tracing.ts; the SDK is started by index.ts): a SERVER span per operation, a CLIENT span per subgraph fetch
  const tracer = tracingEnabled(config) ? trace.getTracer('@aidgraph/gateway') : undefined;
  const spans = tracer ? serverSpanMiddleware(tracer) : undefined;
  // per-caller request rates and the bulk-extraction cap, in Redis when REDIS_URL is set (rate-limit.ts)
  const rateLimits = createRateLimits(config, log, metrics.rateLimited);
  // registered operations by hash, enforce mode, and the bounded APQ cache (trusted-documents.ts); both off by default
  const trusted = createTrustedDocuments(config, log);
  // one channel per subgraph (pool, timeout, retries, breaker), kept across supergraph reloads
  const resilience = createSubgraphResilience(config, log, metrics.subgraphs);
  let supergraph: LoadedSupergraph | undefined;
  const gateway = new ApolloGateway({
    // the query-plan cache, bounded (QUERY_PLAN_CACHE_MB; @apollo/gateway's default is 30 MiB of plan JSON, several
    // times that in memory)
    experimental_approximateQueryPlanStoreMiB: config.QUERY_PLAN_CACHE_MB,
    // read at start and again every SUPERGRAPH_POLL_MS: a valid new supergraph is swapped in without a restart (requests
    // already running finish on the schema and query planner they started with), a broken one is refused and logged
    supergraphSdl: watchedSupergraph(config.SUPERGRAPH_FILE, config.SUPERGRAPH_POLL_MS, log, {
      loaded: (loaded, initial) => {
        supergraph = loaded;
        metrics.supergraphLoaded(loaded.hash, loaded.loadedAt, initial);
      },
      refused: () => metrics.supergraphRefused(),
    }),
    buildService: ({ name, url }) => {
      const configured = config.subgraphUrls[name];
      if (!configured && !url) throw new ConfigError([`no URL for subgraph ${name}`]);
      return new AuthenticatedSubgraphSource(configured ?? url!, name, resilience.channel(name, configured ?? url!), signingKey, tracer);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(responseCompression(config));
  const httpServer = http.createServer(app);
  let loaded = false;
  // stopping (beginDrain/stop): /ready answers 503 and each answer closes its keep-alive connection
  let draining = false;
  const workerId = String(process.pid);
  app.use((_req, res, next) => {
    if (config.GATEWAY_WORKER_HEADER) res.setHeader('x-aidgraph-worker', workerId);
    // decided when the head is written, so that a request that was in flight when the drain began says so too
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
      if (draining) this.setHeader('connection', 'close');
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    next();
  });
  // depth, aliases, directives, tokens and cost (GraphQL Armor, graphql-js's token limit, our page-aware cost)
  const limits = operationLimits({ ...config, production });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION ?? !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // the gateway's start-up code (index.ts) owns SIGINT/SIGTERM and calls stop(): Apollo's own handlers would stop it a
    // second time concurrently, and a second apollo.stop() during a stop never resolves (@apollo/server 5.5: the stop
    // barrier is resolved only on failure), so the process hung on SIGTERM
    stopOnTerminationSignals: false,
    // automatic persisted queries are off unless APQ is set (then a bounded cache, trusted-documents.ts): with APQ and
    // TRUSTED_DOCUMENTS off, a `persistedQuery` extension is answered PERSISTED_QUERY_NOT_SUPPORTED with HTTP 400
    // (persistedQueryRefused), whatever its hash or version
    persistedQueries: trusted.persistedQueries,
    parseOptions: limits.parseOptions,
    // parsed and validated documents, bounded (DOCUMENT_CACHE_MB; Apollo Server's default is 30 MiB of document JSON,
    // several times that in memory), or none
    documentStore: config.DOCUMENT_CACHE_MB > 0 ? new InMemoryLRUCache<DocumentNode>({ maxSize: Math.round(config.DOCUMENT_CACHE_MB * 2 ** 20) }) : null,
    validationRules: limits.validationRules,
    formatError: formatGatewayError(log),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // on stop: stop accepting connections, let requests in flight finish for up to SHUTDOWN_GRACE_MS, close idle keep-alive ones
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_GRACE_MS }),
      metrics.plugin,
      // one log line per request with its request id (sent to the subgraphs, which log it too) and trace id
      requestLogPlugin<GatewayContext>(log, { operationName: metrics.operationLabel }),
      ...(tracer ? [operationSpanPlugin<GatewayContext>()] : []),
      rateLimits.plugin,
      trusted.plugin,
      operationResolution(),
      ...limits.plugins,
      persistedQueryRefused,
      jsonClientStatus,
      { async serverWillStart() { loaded = true; } },
    ],
  });
  await apollo.start();
  metrics.observeQueryPlanCache(gateway);

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    // supergraph: the one served now, { hash (short sha256 of its SDL), loadedAt }, or null while loading
    // subgraphs: each one's circuit breaker, { breaker: closed | open | halfOpen | disabled } (an open one does not make
    // the gateway unready: it answers without that department)
    const subgraphs = Object.fromEntries(Object.entries(resilience.states()).map(([name, breaker]) => [name, { breaker }]));
    // draining: stopping after SIGTERM (a load balancer stops sending), 503 at once
    if (draining) return void res.status(503).json({ status: 'draining', supergraph: supergraph ?? null, subgraphs });
    res.status(loaded ? 200 : 503).json({ status: loaded ? 'ready' : 'loading', supergraph: loaded ? supergraph ?? null : null, subgraphs });
  });
  // /metrics lives on its own listener, never on the public port
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  const metricsServer = http.createServer(metricsApp);
  metricsApp.get('/metrics', metricsAuth(config.METRICS_TOKEN), metrics.handler);
  // development sign-in: mints a development token by role for GraphiQL (and local frontends); only in development mode
  // with the development key set (a gateway given JWKS_FILE/JWKS_URL would refuse its tokens), only to a caller on the
  // same machine; absent (404) otherwise
  const devSignIn = !production && !config.JWKS_FILE && !config.JWKS_URL;
  if (devSignIn) {
    app.post(DEV_TOKEN_PATH, express.json({ limit: '4kb' }), async (req, res) => {
      res.set('cache-control', 'no-store');
      if (!isLoopback(String(req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')) || !addressedAsLoopback(req.headers.host, req.headers.origin)) {
        res.status(403).json({ errors: [{ message: 'development sign-in is only for a browser on the gateway\'s machine', extensions: { code: 'FORBIDDEN', reason: 'NOT_LOOPBACK' } }] });
        return;
      }
      try {
        res.json(await mintDevToken(req.body ?? {}, config));
      } catch (e) {
        if (!(e instanceof DevTokenRefused)) throw e;
        res.status(400).json({ errors: [{ message: e.message, extensions: { code: 'BAD_USER_INPUT', field: e.field, reason: e.reason } }] });
      }
    });
  }
  if (config.GRAPHIQL ?? !production) {
    app.use(
      graphiqlRouter({
        endpoint: '/graphql',
        devSignIn: devSignIn
          ? { url: DEV_TOKEN_PATH, roles: ROLES, townships: TOWNSHIPS.map(({ code, name }) => ({ code, name })), departments: DEPARTMENT_CODES, maxAge: config.JWT_MAX_AGE }
          : undefined,
      }),
    );
  }
  app.use(
    '/graphql',
    ...graphqlCors(config),
    ...(spans ? [spans.start] : []),
    express.json({ limit: config.MAX_BODY }),
    ...(spans ? [spans.enter] : []),
    ...(trusted.middleware ? [trusted.middleware] : []),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const authorization = req.headers.authorization ?? '';
        // a caller without a valid token is counted by address, a verified one by subject and role (RATE_LIMITED, 429)
        const identity = await verifier(authorization).catch((e) => rateLimits.refuseAnonymous(req.ip, e));
        await rateLimits.admit(identity);
        // registered operations only, in TRUSTED_DOCUMENTS=enforce (but for ad-hoc roles); hash checks (400)
        trusted.admit(req, identity);
        const requestId = crypto.randomUUID();
        return { identity, authorization, requestId, traceContext: spans && requestTraceContext(req) };
      },
    }),
  );
  app.use(bodyErrorHandler);

  const listenOn = (server: http.Server, port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  let boundMetricsPort: number | undefined;
  let stopping: Promise<void> | undefined;
  return {
    app,
    metricsApp,
    listen: async (port = config.PORT, host = config.HOST, options = {}) => {
      if (options.metricsListener !== false) boundMetricsPort = await listenOn(metricsServer, config.METRICS_PORT, config.METRICS_HOST);
      return listenOn(httpServer, port, host);
    },
    metricsPort: () => boundMetricsPort,
    metricsRegistry: metrics.registry,
    beginDrain: () => void (draining = true),
    // once: a second call (a second signal, a test's cleanup) waits for the first stop
    stop: () =>
      (stopping ??= (async () => {
        draining = true;
        await apollo.stop();
        await resilience.close();
        await trusted.close();
        if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
        if (metricsServer.listening) await new Promise<void>((r) => metricsServer.close(() => r()));
      })()),
  };
}

/** The development sign-in endpoint (POST, JSON `{ role, township?, village?, department?, subject?, expires? }`). */
export const DEV_TOKEN_PATH = '/dev/token';

/** Whether `host` is a loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}

/**
 * Apollo Server answers a `persistedQuery` extension, with automatic persisted queries off, PERSISTED_QUERY_NOT_SUPPORTED
 * with HTTP 200, and with them on a hash it does not hold PERSISTED_QUERY_NOT_FOUND with HTTP 200; a client mistake is a
 * 4xx here, so those answers get HTTP 400 (the code and message are kept; APQ clients read the code).
 */
const persistedQueryRefused: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (errors?.length && errors.every((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_SUPPORTED' || e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND'))
          response.http.status = 400;
      },
    };
  },
};
