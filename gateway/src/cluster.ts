import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { GatewayConfig } from './config';
import { metricsAuth } from './metrics-auth';

/** The longest a dead worker's replacement waits (ms): the backoff's cap. */
export const RESTART_MAX_DELAY_MS = 30_000;
/** The wait before the first replacement of a worker that died (ms); doubled for each death within the last minute. */
export const RESTART_BASE_DELAY_MS = 250;

/**
 * How long to wait before forking a replacement for a worker that died, given when workers died (ms since the epoch,
 * this one included): RESTART_BASE_DELAY_MS doubled for each other death in the last minute, at most
 * RESTART_MAX_DELAY_MS, so that a worker that dies at start again and again is not restarted in a tight loop.
 */
export function restartDelay(deaths: number[], now = Date.now()): number {
  const recent = deaths.filter((t) => now - t < 60_000).length;
  return Math.min(RESTART_MAX_DELAY_MS, RESTART_BASE_DELAY_MS * 2 ** Math.max(0, recent - 1));
}

/**
 * A cluster worker: answer the primary's requests for this worker's metrics (prom-client's AggregatorRegistry, which the
 * primary serves aggregated at /metrics) from the gateway's registry.
 */
export function serveMetricsToPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries(registry);
  // constructing one installs prom-client's listener for the primary's requests in this worker
  new AggregatorRegistry();
}

/**
 * The primary of a gateway cluster (GATEWAY_WORKERS > 1): forks the workers, which share PORT (Node's cluster
 * module hands each new connection to the next worker), and serves their aggregated metrics at METRICS_HOST:METRICS_PORT
 * (workers bind no metrics port). A worker that dies is replaced after a backoff (restartDelay); one that fails before
 * every worker of the start was listening stops the whole start with its exit code. On SIGTERM/SIGINT every worker is
 * told to drain (the signal, which a worker handles as a lone gateway does: /ready 503, SHUTDOWN_DELAY_MS, then requests
 * in flight finish within SHUTDOWN_GRACE_MS) and the primary exits once all have: 0 when every worker exited 0.
 * A connection that Node's round-robin scheduler hands to a worker at the instant that worker closes its listener is
 * refused by it and, with no worker left to take it, held by the primary until it exits (then reset): the drain bounds it.
 */
export async function runPrimary(config: GatewayConfig, log: Logger): Promise<void> {
  const count = config.GATEWAY_WORKERS;
  const workers = new Set<Worker>();
  const listening = new Set<number>();
  const deaths: number[] = [];
  const restarts = new Set<NodeJS.Timeout>();
  let everReady = false;
  let stopping = false;
  let exitCode = 0;

  const aggregator = new AggregatorRegistry();
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  metricsApp.get('/metrics', metricsAuth(config.METRICS_TOKEN), async (_req, res) => {
    try {
      res.type(aggregator.contentType).send(await aggregator.clusterMetrics());
    } catch (e) {
      log.warn({ err: { message: (e as Error).message } }, 'metrics: the workers did not answer');
      res.status(503).type('text/plain').send('the workers did not answer in time\n');
    }
  });
  const metricsServer = http.createServer(metricsApp);
  const metricsPort = await new Promise<number>((resolve, reject) => {
    metricsServer.once('error', reject);
    metricsServer.listen(config.METRICS_PORT, config.METRICS_HOST, () => resolve((metricsServer.address() as { port: number }).port));
  });

  const finish = () => {
    for (const t of restarts) clearTimeout(t);
    metricsServer.close();
    log.info({ exitCode }, 'gateway stopped');
    process.exit(exitCode);
  };
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const t of restarts) clearTimeout(t);
    restarts.clear();
    for (const w of workers) w.process.kill(signal);
    // a backstop: the workers bound their own drain; one that hangs past it is killed and the primary fails
    setTimeout(() => {
      log.error({ workers: workers.size }, 'gateway workers did not stop in time; killing them');
      for (const w of workers) w.process.kill('SIGKILL');
      exitCode = 1;
      finish();
    }, config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_GRACE_MS + 5000).unref();
    if (!workers.size) finish();
  };
  const fork = () => {
    const w = cluster.fork();
    workers.add(w);
  };

  cluster.on('listening', (w, address) => {
    listening.add(w.id);
    if (everReady) {
      log.info({ worker: w.id }, 'gateway worker listening');
      return;
    }
    if (listening.size < count) return;
    everReady = true;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    log.info({ port: address.port, workers: count, mode: config.AIDGRAPH_MODE }, `gateway ready at http://${host}:${address.port}/graphql`);
    log.info({ metricsPort }, `metrics at http://${config.METRICS_HOST}:${metricsPort}/metrics${config.METRICS_TOKEN ? ' (bearer token)' : ''}`);
  });
  cluster.on('exit', (w, code, signal) => {
    workers.delete(w);
    listening.delete(w.id);
    if (stopping) {
      if (code && !exitCode) exitCode = 1;
      if (!workers.size) finish();
      return;
    }
    if (!everReady) {
      // the start failed (a port in use, a configuration a worker refuses): the same exit code as a lone gateway's
      log.fatal({ worker: w.id, code, signal }, 'a gateway worker could not start');
      exitCode = code || 1;
      stopAll('SIGTERM');
      return;
    }
    deaths.push(Date.now());
    const delay = restartDelay(deaths);
    while (deaths.length > 64) deaths.shift();
    log.error({ worker: w.id, code, signal, restartInMs: delay }, 'a gateway worker died; starting another');
    const t = setTimeout(() => {
      restarts.delete(t);
      if (!stopping) fork();
    }, delay);
    restarts.add(t);
  });
  // a second signal while stopping (Ctrl-C reaches the whole process group, workers included) is ignored
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (stopping) return;
      log.info({ signal, workers: workers.size }, 'stopping: draining every worker');
      stopAll(signal);
    });

  log.info({ workers: count }, 'starting gateway workers');
  for (let i = 0; i < count; i++) fork();
}
