import './telemetry-off';
import fs from 'node:fs';
import http from 'node:http';
import crypto from 'node:crypto';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway } from '@apollo/gateway';
import { bodyErrorHandler, createLogger, createTokenVerifier, ConfigError, type Logger } from '@aidgraph/subgraph-kit';
import { costLimit } from './cost-limit';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { AuthenticatedSubgraphSource } from './subgraph-source';
import { formatGatewayError } from './format-error';
import { graphiqlPage } from './graphiql';
import { createMetrics } from './metrics';
import { depthLimit } from './depth-limit';

export interface GatewayServer {
  app: express.Express;
  listen(port?: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Build the gateway from its configuration: the supergraph composed at build time (never composed at run time),
 * subgraph URLs from configuration, the caller's token verified here and again in each subgraph, GraphQL at /graphql,
 * a self-hosted GraphiQL at /graphiql (development, or GRAPHIQL=true), /health, /ready and /metrics.
 */
export async function createGatewayServer(config: GatewayConfig, log: Logger = createLogger('gateway', config.LOG_LEVEL)): Promise<GatewayServer> {
  const production = config.AIDGRAPH_MODE === 'production';
  if (production && !config.JWKS_FILE && !config.JWKS_URL) {
    throw new ConfigError(["JWKS_FILE or JWKS_URL: production mode needs the keys that sign callers' tokens"]);
  }
  if (!fs.existsSync(config.SUPERGRAPH_FILE)) throw new ConfigError([`SUPERGRAPH_FILE: no file at ${config.SUPERGRAPH_FILE} (run npm run build)`]);
  const supergraphSdl = fs.readFileSync(config.SUPERGRAPH_FILE, 'utf8');
  const verifier = await createTokenVerifier({
    jwksFile: config.JWKS_FILE,
    jwksUrl: config.JWKS_URL,
    devKeysDir: config.DEV_KEYS_DIR,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    algorithms: config.JWT_ALGORITHMS,
    maxAge: config.JWT_MAX_AGE,
  });
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const configured = config.subgraphUrls[name];
      if (!configured && !url) throw new ConfigError([`no URL for subgraph ${name}`]);
      return new AuthenticatedSubgraphSource(configured ?? url!, name, config.SUBGRAPH_TIMEOUT_MS);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const metrics = createMetrics();
  let loaded = false;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION ?? !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    validationRules: [depthLimit(config.MAX_QUERY_DEPTH)],
    formatError: formatGatewayError(log),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      metrics.plugin,
      costLimit(config.MAX_QUERY_COST),
      { async serverWillStart() { loaded = true; } },
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    res.status(loaded ? 200 : 503).json({ status: loaded ? 'ready' : 'loading', supergraph: loaded });
  });
  app.get('/metrics', metrics.handler);
  if (config.GRAPHIQL ?? !production) {
    const page = graphiqlPage();
    app.get(['/', '/graphiql'], (_req, res) => {
      res.type('html').send(page);
    });
  }
  app.use(
    '/graphql',
    express.json({ limit: config.MAX_BODY }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const authorization = req.headers.authorization ?? '';
        const identity = await verifier(authorization);
        const requestId = crypto.randomUUID();
        return { identity, authorization, requestId };
      },
    }),
  );
  app.use(bodyErrorHandler);

  return {
    app,
    listen: (port = config.PORT, host = config.HOST) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const addr = httpServer.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    stop: async () => {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}
