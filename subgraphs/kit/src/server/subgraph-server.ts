import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { DataSource } from 'typeorm';
import type { GraphQLSchema } from 'graphql';
import { baseConfigSchema, loadConfig, ConfigError, type BaseConfig } from '../config';
import { openDatabase, parseDatabaseUrl } from '../db/data-source';
import { createContext, type SubgraphContext } from '../context';
import { createTokenVerifier, type TokenVerifier } from '../access/tokens';
import { createLogger, type Logger } from '../logger';
import { formatError } from './format-error';
import { bodyErrorHandler } from './body-errors';
import type { AuditSink } from '../audit/sink';
import { AuditEntry, AuditLog1764300000000 } from '../audit/audit-entry.entity';
import { persistAudit, setAuditChainKey } from '../audit/chain';
import { loadPopulation, type PopulationSeeder } from '../population/seeding';
import { isEmptyDatabase } from '../db/bulk';

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
  buildSchema: () => Promise<{ schema: GraphQLSchema; sdl: string }>;
  /** the department's share of the deterministic population, as rows (demo seed and population generator) */
  seeder?: (seed: string) => PopulationSeeder;
  /** fills an empty database with the demo population's share of this department (default: through `seeder`) */
  seed?: (db: DataSource, options: { seed: string; size: number; log: Logger }) => Promise<void>;
  /** replaces the default audit sink (the subgraph's own audit_log table) */
  auditSink?: AuditSink;
}

/**
 * Seed an empty database with the subgraph's share of the demo population (through `def.seed`, or `def.seeder` in
 * bulk). A database that already holds any record of the subgraph is left alone.
 */
export async function seedDemo(def: SubgraphDefinition, db: DataSource, o: { seed: string; size: number; log: Logger }): Promise<void> {
  if (def.seed) return def.seed(db, o);
  if (!def.seeder || !(await isEmptyDatabase(db, def.entities))) return;
  const report = await loadPopulation([{ name: def.name, db, seeder: def.seeder(o.seed) }], { seed: o.seed, size: o.size });
  o.log.info({ people: report.people, rows: report.rows[def.name], ms: report.ms }, 'seeded the demo population');
}

/** A subgraph's entities and migrations with the kit's own (the audit log) added. */
export function definitionEntities(def: SubgraphDefinition): { entities: Function[]; migrations: Function[] } {
  return { entities: [...def.entities, AuditEntry], migrations: [AuditLog1764300000000, ...def.migrations] };
}

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
  return loadConfig(baseConfigSchema, env, { PORT: String(def.defaultPort), DATABASE_URL: defaultDatabaseUrl(def.name) });
}

/**
 * Build a subgraph server from its definition and configuration: open (and migrate) the database, seed it when empty
 * and asked to, verify every caller's token, serve GraphQL at /graphql, liveness at /health and readiness at /ready.
 * Nothing is served without a valid token except the health endpoints.
 */
export async function createSubgraphServer(
  def: SubgraphDefinition,
  config: BaseConfig,
  options: { db?: DataSource; log?: Logger } = {},
): Promise<SubgraphServer> {
  const log = options.log ?? createLogger(def.name, config.LOG_LEVEL);
  const production = config.AIDGRAPH_MODE === 'production';
  const problems: string[] = [];
  if (production && !config.JWKS_FILE && !config.JWKS_URL) problems.push("JWKS_FILE or JWKS_URL: production mode needs the keys that sign callers' tokens");
  if (production && !config.AUDIT_CHAIN_KEY) problems.push('AUDIT_CHAIN_KEY: production mode keys the audit chain (HMAC), so that a rewritten chain cannot be re-hashed');
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
  const db =
    options.db ?? (await openDatabase({ url: config.DATABASE_URL, ...definitionEntities(def) }));
  setAuditChainKey(db, config.AUDIT_CHAIN_KEY);
  if (!options.db && config.SEED_DEMO) await seedDemo(def, db, { seed: config.SEED, size: config.SEED_SIZE, log });
  const { schema } = await def.buildSchema();
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
          if (!contextValue?.audit || contextValue.audit.empty) return;
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
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    introspection: config.INTROSPECTION ?? !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: formatError(log),
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginDrainHttpServer({ httpServer }), auditPlugin],
  });
  await apollo.start();

  let ready = true;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: def.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'stopping', subgraph: def.name });
    } catch {
      res.status(503).json({ status: 'database unavailable', subgraph: def.name });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await verifier(req.headers.authorization);
        const requestId = String(req.headers['x-request-id'] ?? crypto.randomUUID()).slice(0, 64);
        return createContext(identity, db, requestId);
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
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      if (!options.db && db.isInitialized) await db.destroy();
    },
  };
}

/**
 * The whole start-up of a subgraph process (`src/index.ts` calls only this): configuration, database, seed, listen,
 * graceful stop on SIGINT/SIGTERM. With `--print-sdl` it prints the subgraph's SDL and exits. Configuration errors are listed and the process exits with code 2.
 */
export async function runSubgraph(def: SubgraphDefinition): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  if (process.argv.includes('--print-sdl')) {
    // schema/compose.js prints each subgraph's SDL this way: no configuration or database needed
    process.stdout.write((await def.buildSchema()).sdl);
    return;
  }
  const log = createLogger(def.name);
  let config: BaseConfig;
  try {
    config = subgraphConfig(def);
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal({ issues: e.issues }, 'invalid configuration');
      process.exit(2);
    }
    throw e;
  }
  try {
    const server = await createSubgraphServer(def, config, { log });
    const port = await server.listen();
    const target = parseDatabaseUrl(config.DATABASE_URL);
    log.info({ port, database: target.kind, mode: config.AIDGRAPH_MODE }, `${def.name} subgraph ready at http://${config.HOST}:${port}/graphql`);
    const shutdown = async (signal: string) => {
      log.info({ signal }, 'stopping');
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal({ issues: e.issues }, 'invalid configuration');
      process.exit(2);
    }
    log.fatal({ err: { name: (e as Error).name, message: (e as Error).message } }, 'could not start');
    process.exit(1);
  }
}
