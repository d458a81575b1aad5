import './telemetry-off';
import { ConfigError, createLogger } from '@aidgraph/subgraph-kit';
import { loadGatewayConfig } from './config';
import { createGatewayServer } from './server';

/** The only file that listens: configuration, server, graceful stop. */
async function main(): Promise<void> {
  const log = createLogger('gateway');
  try {
    const config = loadGatewayConfig();
    const server = await createGatewayServer(config, log);
    const port = await server.listen();
    log.info({ port, mode: config.AIDGRAPH_MODE }, `AidGraph gateway ready at http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}/graphql`);
    log.info({ metricsPort: server.metricsPort() }, `metrics at http://${config.METRICS_HOST}:${server.metricsPort()}/metrics${config.METRICS_TOKEN ? ' (bearer token)' : ''}`);
    if (config.AIDGRAPH_MODE === 'development') {
      log.info(`GraphiQL: http://localhost:${port}/graphiql — get a token with: npm run token -- --role analyst (roles: caseworker --township <code>, department_officer --department <code>, analyst, auditor)`);
    }
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, async () => {
        log.info({ signal }, 'stopping');
        await server.stop();
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
