import './telemetry-off';
import { ConfigError, createLogger, loadEnvFilesAtStart, startTracing, tracingEnabled, type Tracing } from '@aidgraph/common';
import { loadGatewayConfig } from './config';
import cluster from 'node:cluster';
import { runPrimary, serveMetricsToPrimary } from './cluster';

/**
 * The only file that listens: `.env` files, configuration, server, graceful stop. The `.env` files (gateway/.env, then
 * the repository root's) fill in what the environment does not set, before the configuration is validated. With
 * GATEWAY_WORKERS above 1 this process is the cluster's primary (cluster.ts) and each worker runs the gateway.
 * Stopping (SIGTERM/SIGINT): /ready answers 503 at once, connections are still accepted for SHUTDOWN_DELAY_MS, then
 * the listener closes and requests in flight finish within SHUTDOWN_GRACE_MS (keep-alive connections closed), exit 0.
 */
async function main(): Promise<void> {
  const envFiles = loadEnvFilesAtStart();
  const log = createLogger('gateway');
  if (envFiles.files.length) log.info({ envFiles: envFiles.files }, 'read .env');
  try {
    if (envFiles.problem) throw new ConfigError([`.env: ${envFiles.problem}`]);
    const config = loadGatewayConfig();
    if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary) return await runPrimary(config, log);
    const worker = cluster.isWorker;
    // loaded only where the gateway runs: a cluster's primary does without it (about 50 MB less)
    const { createGatewayServer } = await import('./server');
    // OpenTelemetry, when on (TRACING / OTEL_EXPORTER_OTLP_ENDPOINT): started before the gateway so that its spans are recorded
    const tracing: Tracing | undefined = tracingEnabled(config) ? startTracing({ serviceName: 'aidgraph-gateway', config, asyncContext: false }) : undefined;
    const server = await createGatewayServer(config, log);
    // a cluster worker binds no metrics port: the primary serves every worker's metrics, aggregated
    const port = await server.listen(undefined, undefined, { metricsListener: !worker });
    if (worker) {
      serveMetricsToPrimary(server.metricsRegistry);
      log.info({ worker: cluster.worker?.id, port }, 'gateway worker listening');
    }
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    if (!worker) log.info({ port, mode: config.AIDGRAPH_MODE }, `gateway ready at http://${host}:${port}/graphql`);
    if (!worker) log.info({ metricsPort: server.metricsPort() }, `metrics at http://${config.METRICS_HOST}:${server.metricsPort()}/metrics${config.METRICS_TOKEN ? ' (bearer token)' : ''}`);
    if (!worker && (config.GRAPHIQL ?? config.AIDGRAPH_MODE !== 'production')) {
      // production has no development tokens: the hint names the token command only where it works
      const token = config.AIDGRAPH_MODE === 'production' ? 'a token from the identity provider' : 'a token: npm run token -- --role analyst (roles: caseworker or township_approver --township <code>, village_assistant --village <code>, department_officer --department <code>, analyst, auditor, public)';
      log.info(`GraphiQL at http://${host}:${port}/graphiql; ${token}`);
    }

    // a second signal while stopping (Ctrl-C reaches the runner's whole process group, which also passes it on) is ignored
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.on(signal, async () => {
        if (stopping) return;
        stopping = true;
        log.info({ signal, worker: cluster.worker?.id }, 'stopping');
        // a backstop: stop() bounds the drain itself; whatever still holds the process after it is a failure
        setTimeout(() => {
          log.error('the gateway did not stop within SHUTDOWN_DELAY_MS + SHUTDOWN_GRACE_MS');
          process.exit(1);
        }, config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_GRACE_MS + 5000).unref();
        server.beginDrain();
        if (config.SHUTDOWN_DELAY_MS) await new Promise((r) => setTimeout(r, config.SHUTDOWN_DELAY_MS));
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
