import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { DataSource } from 'typeorm';
import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { baseConfigSchema, loadConfig, ConfigError, seedDemoEnabled, type BaseConfig } from '../config';
import { GATEWAY_SIGNATURE_HEADER, resolveGatewaySigningKey, verifyGatewayRequest } from '../access/gateway-signature';
import { setKeySource } from '../access/derived-keys';
import { openDatabase, parseDatabaseUrl } from '../db/data-source';
import { createContext, type SubgraphContext } from '../context';
import { createTokenVerifier, type TokenVerifier } from '../access/tokens';
import { AccessDeclarationError } from '../access/declarations';
import { NO_PUBLIC_ACCESS, assertPublicSiteFederation, type PublicSiteAccess } from '../access/public-site';
import { NonNullRootFieldError } from '../graphql/federated-schema';
import { createLogger, type Logger } from '../logger';
import { formatError } from './format-error';
import { bodyErrorHandler } from './body-errors';
import { operationResolution } from './operation-resolution';
import { costLimit } from './cost-limit';
import { setCursorSubgraph } from '../graphql/pagination';
import type { AuditSink } from '../audit/sink';
import type { DeclaredCoordinate } from '../access/classification';
import { AuditEntry, AuditLog1764300000000 } from '../audit/audit-entry.entity';
import { persistAudit, setAuditChainKey } from '../audit/chain';
import { setRegistryConflictLimit } from '../audit/refusal-rate';
import { auditCheckpointerOf, compareWithCheckpoint, createCheckpointer, setAuditCheckpointer } from '../audit/checkpoint';
import { defaultCheckpointFile } from '../audit/archive';
import { IdempotencyKey, IdempotencyKeys1764900000000, durationMs, setIdempotencyTtl } from '../db/idempotency';
import type { PopulationSeeder } from '@aidgraph/population';
import { isEmptyDatabase } from '../db/bulk';
import { graphqlPersonRegistry, type PersonRegistryLookup } from '../registry/registry-lookup';
import { loadEnvFilesAtStart } from '../env-file';
import { trace } from '@opentelemetry/api';
import { operationSpanPlugin, requestLogPlugin, serverSpanMiddleware, startTracing, traceStatements, tracingEnabled } from '../tracing';
import { setStatisticsMinCell } from '../statistics/suppression';

/** Everything a department writes to make its subgraph: the kit does the rest. */
export interface SubgraphDefinition {
  /** the subgraph's name in the supergraph, e.g. `civil-affairs` */
  name: string;
  /** the department code that owns it (programmes.json), e.g. `CIVIL_AFFAIRS` */
  department: string;
  /** default port (4001 civil-affairs, 4002 education, ...) */
  defaultPort: number;
  entities: Function[];
  migrations: Function[];
  /** builds the federated schema (no database needed: `schema/` prints SDL with it) */
  /** its schema and SDL (buildFederatedSchema); `declared`: its access declarations outside the kit's table, for `--print-access` */
  buildSchema: () => Promise<{ schema: GraphQLSchema; sdl: string; declared?: DeclaredCoordinate[]; publicSite?: PublicSiteAccess }>;
  /**
   * Loads the department's share of the deterministic population (its PopulationSeeder factory, built on
   * @aidgraph/population), for the demo seed and the population generator: e.g. `() => import('./seed/seed').then((m) =>
   * m.educationSeeder)`. Called only when seeding, so that a subgraph serving without the demo seed (SEED_DEMO=false,
   * production) never loads its seed nor the generator.
   */
  seeder?: () => Promise<PopulationSeederFactory>;
  /** fills an empty database with the demo population's share of this department (default: through `seeder`) */
  seed?: (db: DataSource, options: { seed: string; size: number; log: Logger }) => Promise<void>;
  /** replaces the default audit sink (the subgraph's own audit_log table) */
  auditSink?: AuditSink;
  /**
   * Warnings about the subgraph's own configuration that do not stop it (e.g. a calendar that ends too soon): logged at
   * start and listed by /ready as `warnings` (the answer stays 200). Called at start and on each /ready; no personal data.
   */
  readinessWarnings?: () => string[];
  /**
   * Called once the server listens (runSubgraph only, not in tests that build the server): background work of the
   * subgraph, such as supervision's scheduled warning rules. Returns a stop function, awaited before the database
   * closes. A ConfigError thrown here stops the process with exit code 2, as any configuration error.
   */
  started?: (server: { db: DataSource; log: Logger }) => (() => Promise<void> | void) | void;
}

/** A department's PopulationSeeder for a seed (its own draws come from that seed). */
export type PopulationSeederFactory = (seed: string) => PopulationSeeder;

/**
 * Seed an empty database with the subgraph's share of the demo population (through `def.seed`, or `def.seeder` in
 * bulk). A database that already holds any record of the subgraph is left alone. The generator (@aidgraph/population)
 * and the department's seeder are loaded here, on demand: never at start without the demo seed.
 */
export async function seedDemo(def: SubgraphDefinition, db: DataSource, o: { seed: string; size: number; log: Logger }): Promise<void> {
  if (def.seed) return def.seed(db, o);
  if (!def.seeder || !(await isEmptyDatabase(db, def.entities))) return;
  const [{ loadPopulation }, seeder] = await Promise.all([import('@aidgraph/population').catch(populationMissing), def.seeder()]);
  const report = await loadPopulation([{ name: def.name, db, seeder: seeder(o.seed) }], { seed: o.seed, size: o.size });
  o.log.info({ people: report.people, rows: report.rows[def.name], ms: report.ms }, 'seeded the demo population');
}

/** The generator is a development dependency (tools/population): an installation without it (an image) cannot seed. */
function populationMissing(e: unknown): never {
  if ((e as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND')
    throw new ConfigError(['SEED_DEMO: the demo seed needs the population generator (@aidgraph/population, tools/population), which this installation does not hold; set SEED_DEMO=false']);
  throw e;
}

/** A subgraph's entities and migrations with the kit's own (the audit log) added. */
export function definitionEntities(def: SubgraphDefinition): { entities: Function[]; migrations: Function[] } {
  return {
    entities: [...def.entities, AuditEntry, IdempotencyKey],
    migrations: [AuditLog1764300000000, IdempotencyKeys1764900000000, ...def.migrations],
  };
}

/** Makes the registry lookup of one request from the caller's authorization header and the request id. */
export type RegistryFactory = (request: { authorization?: string; requestId: string }) => PersonRegistryLookup | undefined;

export interface SubgraphServer {
  app: express.Express;
  db: DataSource;
  config: BaseConfig;
  verifier: TokenVerifier;
  log: Logger;
  /** start listening; resolves with the bound port */
  listen(port?: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/** Default database of a subgraph: a SQLite file under `data/` at the repository root. */
export function defaultDatabaseUrl(name: string): string {
  return `sqlite:${require('node:path').resolve(__dirname, '../../../../data', `${name}.sqlite`)}`;
}

/** Read and validate the subgraph's configuration (defaults: its port, its SQLite file). */
export function subgraphConfig(def: SubgraphDefinition, env: NodeJS.ProcessEnv = process.env): BaseConfig {
  const defaults: Record<string, string> = { PORT: String(def.defaultPort), DATABASE_URL: defaultDatabaseUrl(def.name) };
  // in development the audit chain's head is checkpointed beside the database: data/<name>.audit-head.json for the
  // default file, <file>.audit-head.json beside another SQLite file; a PostgreSQL database needs AUDIT_CHECKPOINT_FILE
  if (env.AIDGRAPH_MODE !== 'production') {
    const file = defaultCheckpointFile(def.name, env.DATABASE_URL || undefined);
    if (file) defaults.AUDIT_CHECKPOINT_FILE = file;
  }
  return loadConfig(baseConfigSchema, env, defaults);
}

/**
 * Build a subgraph server from its definition and configuration: open (and migrate) the database, seed it when empty
 * and asked to, verify every caller's token, serve GraphQL at /graphql, liveness at /health and readiness at /ready.
 * Nothing is served without a valid token except the health endpoints.
 */
export async function createSubgraphServer(
  def: SubgraphDefinition,
  config: BaseConfig,
  options: {
    db?: DataSource;
    log?: Logger;
    /**
     * the registry lookup of each request (department writes check the person exists): default, civil affairs'
     * `peopleByIds` at REGISTRY_URL with the caller's token and request id; null for none. Civil affairs has none.
     */
    registry?: RegistryFactory | null;
  } = {},
): Promise<SubgraphServer> {
  const log = options.log ?? createLogger(def.name, config.LOG_LEVEL);
  const production = config.AIDGRAPH_MODE === 'production';
  const problems: string[] = [];
  if (production && !config.JWKS_FILE && !config.JWKS_URL) problems.push("JWKS_FILE or JWKS_URL: production mode needs the keys that sign callers' tokens");
  if (production && !config.AUDIT_CHAIN_KEY) problems.push('AUDIT_CHAIN_KEY: production mode keys the audit chain (HMAC), so that a rewritten chain cannot be re-hashed');
  if (production && !config.GATEWAY_SIGNING_KEY) problems.push('GATEWAY_SIGNING_KEY: production mode needs the key the gateway signs subgraph requests with (at least 32 characters, the same as the gateway)');
  if (production && config.SEED_DEMO === true) problems.push('SEED_DEMO: production mode never seeds the fake demo population; unset it or set SEED_DEMO=false');
  if (problems.length) throw new ConfigError(problems);
  const verifier = await createTokenVerifier({
    jwksFile: config.JWKS_FILE,
    jwksUrl: config.JWKS_URL,
    devKeysDir: config.DEV_KEYS_DIR,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    algorithms: config.JWT_ALGORITHMS,
    maxAge: config.JWT_MAX_AGE,
  });
  const gatewayKey = resolveGatewaySigningKey(config)!;
  // every secret key of the subgraph is derived from it (the same on every replica): list cursors, referral tickets,
  // sealed values, the statistics' noise (access/derived-keys.ts)
  setKeySource(gatewayKey, { 'statistics-noise-v1': config.STATISTICS_NOISE_KEY });
  if (production && !config.STATISTICS_NOISE_KEY)
    log.warn({ subgraph: def.name }, 'STATISTICS_NOISE_KEY is unset: the statistics noise is derived from GATEWAY_SIGNING_KEY, and rotating that key redraws it');
  const registryFor: RegistryFactory | null =
    options.registry !== undefined
      ? options.registry
      : def.name === 'civil-affairs'
        ? null
        : (r) => graphqlPersonRegistry({ url: config.REGISTRY_URL, timeoutMs: config.REGISTRY_TIMEOUT_MS, ...r });
  const db =
    options.db ?? (await openDatabase({ url: config.DATABASE_URL, ...definitionEntities(def) }));
  setAuditChainKey(db, config.AUDIT_CHAIN_KEY);
  // its lists' cursors are bound to the subgraph (another subgraph's cursor of the same order type is refused)
  setCursorSubgraph(db, def.name);
  // the chain's head is checkpointed outside the database after each appended batch (truncation is then detected)
  setAuditCheckpointer(
    db,
    createCheckpointer({
      subgraph: def.name,
      file: config.AUDIT_CHECKPOINT_FILE === 'off' ? undefined : config.AUDIT_CHECKPOINT_FILE,
      redisUrl: config.AUDIT_CHECKPOINT_REDIS_URL,
      redisPrefix: config.AUDIT_CHECKPOINT_REDIS_PREFIX,
      key: config.AUDIT_CHECKPOINT_KEY ?? config.AUDIT_CHAIN_KEY,
      onError: (store, e) => log.error({ store: store.name, errorName: (e as Error)?.name }, 'could not advance the audit checkpoint'),
    }),
  );
  await checkAuditHead(db, config, log);
  setIdempotencyTtl(db, durationMs(config.IDEMPOTENCY_TTL));
  setRegistryConflictLimit(db, config.REGISTRY_CONFLICTS_PER_HOUR);
  setStatisticsMinCell(db, config.STATISTICS_MIN_CELL);
  if (!options.db && seedDemoEnabled(config)) await seedDemo(def, db, { seed: config.SEED, size: config.SEED_SIZE, log });
  const { schema, publicSite = NO_PUBLIC_ACCESS } = await def.buildSchema();
  for (const warning of def.readinessWarnings?.() ?? []) log.warn({ subgraph: def.name }, warning);
  // traces (tracing.ts): a SERVER span per request continuing the gateway's trace, a span per SQL statement under it
  const tracing = tracingEnabled(config);
  const tracer = trace.getTracer('@aidgraph/subgraph-kit');
  if (tracing) traceStatements(db, tracer);
  const spans = serverSpanMiddleware(tracer, { 'aidgraph.subgraph': def.name });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  // every request's reads of protected fields (and any write not yet appended) go to the audit log before the
  // answer leaves; if that fails, the caller gets an error instead of the data: no look without a trace
  const sink = def.auditSink ?? persistAudit;
  const auditPlugin: ApolloServerPlugin<SubgraphContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          // through the gateway the operation is named <client's name>__<subgraph>__<n>: keep the client's name
          if (operationName && contextValue) contextValue.operationName = operationName.replace(/__[a-z0-9_]+__\d+$/, '').slice(0, 128);
        },
        async willSendResponse({ contextValue, response }) {
          // personal data: never stored by a cache on the way (Apollo's cache-control plugin said so too, at the price of
          // a hook on every field resolved: it is disabled, below)
          response.http.headers.set('cache-control', 'no-store');
          if (!contextValue?.audit) return;
          // every refusal of this request (FORBIDDEN, or UNAUTHENTICATED for a verified caller) is audited: those the
          // read middleware did not note (refused before execution, or in a reference resolver) are noted here
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const err of errors ?? []) {
            const code = err.extensions?.code;
            if ((code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') && !(err.path && contextValue.audit.hasRefusalAt(err.path)))
              contextValue.audit.noteRefusal({ coordinate: null, path: err.path ?? null, code, reason: err.message });
          }
          if (contextValue.audit.empty) return;
          try {
            await sink(contextValue);
          } catch (e) {
            log.error({ errorName: (e as Error).name, requestId: contextValue.requestId }, 'could not append to the audit log');
            if (response.body.kind === 'single')
              response.body.singleResult = {
                data: null,
                errors: [{ message: 'the request could not be recorded in the audit log, so it was not answered', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
              };
          }
        },
      };
    },
  };
  // `_entities` (and the `@requires` values its representations carry) is answered only to the gateway: a request
  // that selects it without a valid gateway signature is refused before execution; `_service` likewise in production
  const gatewayOnlyPlugin: ApolloServerPlugin<SubgraphContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request }) {
          const representations = entityRepresentationCount(document, request.variables ?? {});
          if (representations > MAX_ENTITY_REPRESENTATIONS)
            throw new GraphQLError(`at most ${MAX_ENTITY_REPRESENTATIONS} representations per _entities request`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'representations', reason: 'TOO_MANY', http: { status: 400 } },
            });
          // the public disclosure site: `_entities` of its disclosure types only (the notices), never `_service`
          assertPublicSiteFederation(contextValue?.identity, document, request.variables ?? {}, publicSite);
          if (contextValue?.viaGateway) return;
          const fields = gatewayOnlyFields(document);
          const refused = fields.has('_entities') ? '_entities' : production && fields.has('_service') ? '_service' : undefined;
          if (refused)
            throw new GraphQLError(`${refused} is answered only to the gateway: ask through the gateway, or use the root fields`, {
              extensions: { code: 'FORBIDDEN', reason: 'GATEWAY_SIGNATURE_REQUIRED', http: { status: 403 } },
            });
        },
      };
    },
  };
  // a caller that reaches the subgraph directly is held to the same cost limit as the gateway's callers (a request
  // signed by the gateway is part of an operation the gateway has costed whole)
  const directCostLimit = costLimit<SubgraphContext>(config.MAX_QUERY_COST, { applies: (c) => !(c as SubgraphContext | undefined)?.viaGateway });
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    introspection: config.INTROSPECTION ?? !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // runSubgraph handles SIGINT/SIGTERM itself: Apollo's own handlers would call stop() a second time, and in
    // @apollo/server 5 a stop() during a stop never resolves (the process then outlives its SIGTERM)
    stopOnTerminationSignals: false,
    formatError: formatError(log),
    // no plugin may have a willResolveField hook: Apollo Server then wraps every field's resolver (schema instrumentation),
    // a promise and a closure per field; its cache-control plugin, on by default, is such a plugin and computes a cache
    // policy nobody uses (every answer is `no-store`, set by the audit plugin)
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginDrainHttpServer({ httpServer }), operationResolution(), gatewayOnlyPlugin, directCostLimit, auditPlugin, requestLogPlugin(log), ...(tracing ? [operationSpanPlugin<SubgraphContext>()] : [])],
  });
  await apollo.start();

  let ready = true;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: def.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      const warnings = def.readinessWarnings?.() ?? [];
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'stopping', subgraph: def.name, ...(warnings.length ? { warnings } : {}) });
    } catch {
      res.status(503).json({ status: 'database unavailable', subgraph: def.name });
    }
  });
  app.use(
    '/graphql',
    ...(tracing ? [spans.start] : []),
    // keep the exact body bytes: the gateway's signature covers them
    express.json({ limit: '2mb', verify: (req, _res, buf) => void ((req as RawBodyRequest)[RAW_BODY] = buf) }),
    ...(tracing ? [spans.enter] : []),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await verifier(req.headers.authorization);
        const sentRequestId = req.headers['x-request-id'];
        const requestId = String(sentRequestId ?? crypto.randomUUID()).slice(0, 64);
        const context = createContext(identity, db, requestId);
        context.viaGateway =
          verifyGatewayRequest(gatewayKey, req.headers[GATEWAY_SIGNATURE_HEADER], {
            subgraph: def.name,
            requestId: typeof sentRequestId === 'string' ? sentRequestId : '',
            authorization: req.headers.authorization ?? '',
            body: (req as RawBodyRequest)[RAW_BODY] ?? '',
          }) === 'ok';
        const registry = registryFor?.({ authorization: req.headers.authorization, requestId });
        if (registry) context.registry = registry;
        return context;
      },
    }),
  );
  app.use(bodyErrorHandler);

  return {
    app,
    db,
    config,
    verifier,
    log,
    listen: (port = config.PORT, host = config.HOST) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const addr = httpServer.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    stop: async () => {
      ready = false;
      await apollo.stop();
      for (const store of auditCheckpointerOf(db)?.stores ?? []) await store.close();
      setAuditCheckpointer(db, undefined);
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      if (!options.db && db.isInitialized) await db.destroy();
    },
  };
}

/**
 * At start-up, compare the audit chain's newest entry with its checkpoints; a mismatch (the log was truncated or
 * rewritten, or the checkpoint forged) or a checkpoint missing while the log holds entries is logged as an error with
 * seq numbers only; no checkpoint configured at all is an error in production (a warning in development). `npm run audit:verify` checks it all.
 */
async function checkAuditHead(db: DataSource, config: BaseConfig, log: Logger): Promise<void> {
  const c = auditCheckpointerOf(db);
  if (!c) {
    const message = 'no audit checkpoint configured (AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_REDIS_URL): truncation of the audit log would go unnoticed';
    if (config.AIDGRAPH_MODE === 'production') log.error(message);
    else log.warn(message);
    return;
  }
  try {
    const newest = await db.getRepository(AuditEntry).find({ order: { seq: 'DESC' }, take: 1, select: { seq: true } });
    const hashAt = async (seq: number) => (await db.getRepository(AuditEntry).findOne({ where: { seq }, select: { seq: true, hash: true } }))?.hash ?? null;
    for (const store of c.stores) {
      const r = await compareWithCheckpoint(store, c.key, newest[0]?.seq ?? 0, hashAt);
      if (!r.ok) log.error({ store: r.store, checkpointSeq: r.checkpoint?.seq, lastSeq: newest[0]?.seq ?? 0, problem: r.problem }, 'the audit log does not match its checkpoint: run npm run audit:verify');
    }
  } catch (e) {
    log.error({ errorName: (e as Error).name }, 'could not compare the audit log with its checkpoint');
  }
}

const RAW_BODY = Symbol('rawBody');
type RawBodyRequest = { [RAW_BODY]?: Buffer };

/**
 * The most entity representations one request may ask a subgraph to resolve: a server-side bound on `_entities` like
 * paginate()'s 500 on pages (the gateway's cost limit keeps real plans far below it: a page of 500 people with their
 * households' members is a few thousand).
 */
export const MAX_ENTITY_REPRESENTATIONS = 10_000;

/** How many representations the `_entities` fields of a document ask for (literal lists or list variables). */
export function entityRepresentationCount(document: DocumentNode, variables: Record<string, unknown>): number {
  let total = 0;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value !== '_entities') return;
      const arg = node.arguments?.find((a) => a.name.value === 'representations');
      if (arg?.value.kind === Kind.LIST) total += arg.value.values.length;
      else if (arg?.value.kind === Kind.VARIABLE) {
        const v = variables[arg.value.name.value];
        if (Array.isArray(v)) total += v.length;
      }
    },
  });
  return total;
}

/** The federation fields answered only to the gateway (`_entities`, `_service`) that a document selects anywhere. */
export function gatewayOnlyFields(document: DocumentNode): Set<string> {
  const found = new Set<string>();
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '_entities' || node.name.value === '_service') found.add(node.name.value);
    },
  });
  return found;
}

/**
 * The subgraph's schema, or, when its code declares something the kit refuses (a field with no access rule, an
 * unclassified filter or sort key, a non-null root field), that refusal's own message on stderr and exit code 2: no
 * stack trace for a mistake the message already explains.
 */
async function buildOrSay(def: SubgraphDefinition): Promise<Awaited<ReturnType<SubgraphDefinition['buildSchema']>>> {
  try {
    return await def.buildSchema();
  } catch (e) {
    if (e instanceof AccessDeclarationError || e instanceof NonNullRootFieldError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/**
 * The whole start-up of a subgraph process (`src/index.ts` calls only this): configuration, database, seed, listen,
 * graceful stop on SIGINT/SIGTERM. With `--print-sdl` it prints the subgraph's SDL and exits; with `--print-access`, its access
 * declarations outside the kit's table (JSON, for the README's access matrix). Configuration errors are listed and the process exits with code 2.
 * Before the configuration is read, the `.env` files of the running package and of the repository root fill in what the
 * environment does not set (`loadEnvFiles`).
 */
export async function runSubgraph(def: SubgraphDefinition): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  if (process.argv.includes('--print-sdl')) {
    // schema/compose.js prints each subgraph's SDL this way: no configuration or database needed
    process.stdout.write((await buildOrSay(def)).sdl);
    return;
  }
  if (process.argv.includes('--print-access')) {
    // schema/access-matrix.js lists each subgraph's own access declarations in the README's matrix this way
    process.stdout.write(`${JSON.stringify((await buildOrSay(def)).declared ?? [], null, 1)}\n`);
    return;
  }
  // `.env` files fill in what the environment does not set (env-file.ts: environment > <package>/.env > <root>/.env)
  const envFiles = loadEnvFilesAtStart();
  const log = createLogger(def.name);
  if (envFiles.files.length) log.info({ envFiles: envFiles.files }, 'read .env');
  let config: BaseConfig;
  try {
    if (envFiles.problem) throw new ConfigError([`.env: ${envFiles.problem}`]);
    config = subgraphConfig(def);
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal({ issues: e.issues }, 'invalid configuration');
      process.exit(2);
    }
    throw e;
  }
  // OpenTelemetry, when on (TRACING / OTEL_EXPORTER_OTLP_ENDPOINT): started before the server so that its spans are recorded
  const tracing = tracingEnabled(config) ? startTracing({ serviceName: def.name, config }) : undefined;
  try {
    const server = await createSubgraphServer(def, config, { log });
    const port = await server.listen();
    const stopStarted = def.started?.({ db: server.db, log });
    const target = parseDatabaseUrl(config.DATABASE_URL);
    log.info({ port, database: target.kind, mode: config.AIDGRAPH_MODE }, `${def.name} subgraph ready at http://${config.HOST}:${port}/graphql`);
    // a second signal while stopping (Ctrl-C reaches the runner's whole process group, which also passes it on) is ignored
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      await Promise.resolve(stopStarted?.()).catch(() => undefined);
      await server.stop();
      await tracing?.shutdown().catch(() => undefined);
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal({ issues: e.issues }, 'invalid configuration');
      process.exit(2);
    }
    if (e instanceof AccessDeclarationError) {
      // a build error, not a passing fault: starting again cannot help (exit 2, as for configuration: not restarted)
      log.fatal({ issues: e.message.split('\n').filter(Boolean) }, 'the schema does not build: a field, filter or sort key declares no access rule');
      process.exit(2);
    }
    log.fatal({ err: { type: (e as Error).name, message: (e as Error).message } }, 'could not start');
    process.exit(1);
  }
}
