import './telemetry-off';
import { ConfigError, createLogger, loadEnvFilesAtStart, startTracing, tracingEnabled, type Tracing } from '@aidgraph/subgraph-kit';
import { loadGatewayConfig } from './config';
import { createGatewayServer } from './server';

/**
 * The only file that listens: `.env` files, configuration, server, graceful stop. The `.env` files (gateway/.env, then
 * the repository root's) fill in what the environment does not set, before the configuration is validated.
 */
async function main(): Promise<void> {
  const envFiles = loadEnvFilesAtStart();
  const log = createLogger('gateway');
  if (envFiles.files.length) log.info({ envFiles: envFiles.files }, 'read .env');
  try {
    if (envFiles.problem) throw new ConfigError([`.env: ${envFiles.problem}`]);
    const config = loadGatewayConfig();
    // OpenTelemetry, when on (TRACING / OTEL_EXPORTER_OTLP_ENDPOINT): started before the gateway so that its spans are recorded
    const tracing: Tracing | undefined = tracingEnabled(config) ? startTracing({ serviceName: 'aidgraph-gateway', config, asyncContext: false }) : undefined;
    const server = await createGatewayServer(config, log);
    const port = await server.listen();
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    log.info({ port, mode: config.AIDGRAPH_MODE }, `gateway ready at http://${host}:${port}/graphql`);
    log.info({ metricsPort: server.metricsPort() }, `metrics at http://${config.METRICS_HOST}:${server.metricsPort()}/metrics${config.METRICS_TOKEN ? ' (bearer token)' : ''}`);
    if (config.GRAPHIQL ?? config.AIDGRAPH_MODE !== 'production') {
      // production has no development tokens: the hint names the token command only where it works
      const token = config.AIDGRAPH_MODE === 'production' ? 'a token from the identity provider' : 'a token: npm run token -- --role analyst (roles: caseworker --township <code>, department_officer --department <code>, analyst, auditor)';
      log.info(`GraphiQL at http://${host}:${port}/graphiql; ${token}`);
    }

    // a second signal while stopping (Ctrl-C reaches the runner's whole process group, which also passes it on) is ignored
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.on(signal, async () => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        await server.stop();
        await tracing?.shutdown().catch(() => undefined);
        process.exit(0);
      });
  } catch (e) {
    if (e instanceof ConfigError) {
      log.fatal({ issues: e.issues }, 'invalid configuration');
      process.exit(2);
    }
    log.fatal({ err: { name: (e as Error).name, message: (e as Error).message } }, 'could not start');
    process.exit(1);
  }
}

void main();
