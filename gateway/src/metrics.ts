import { Registry, Histogram, Counter, Gauge, collectDefaultMetrics } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response } from 'express';

/**
 * Prometheus metrics (prom-client) at /metrics: process metrics, GraphQL request durations by operation type and
 * outcome, errors by code, the supergraph served (its short hash) and supergraph reloads by outcome. Operation names are not recorded (they are caller-chosen text); no personal data is.
 */
export function createMetrics() {
  const registry = new Registry();
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
  });
  const supergraphLoaded = new Gauge({
    name: 'aidgraph_gateway_supergraph_loaded_timestamp_seconds',
    help: 'When the gateway started serving its supergraph (Unix time, seconds)',
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'aidgraph_gateway_supergraph_reloads_total',
    help: 'Changes of the supergraph file since start, by outcome: applied (now served) or refused (not a valid supergraph; the loaded one stays)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  reloads.inc({ outcome: 'applied' }, 0);
  reloads.inc({ outcome: 'refused' }, 0);
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const end = duration.startTimer();
      return {
        async willSendResponse({ response, operation }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          for (const e of body?.errors ?? []) errors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
          end({ operation: operation?.operation ?? 'unknown', outcome: body?.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
  return {
    plugin,
    /** record the supergraph now served (`initial`: the one loaded at start, not a reload) */
    supergraphLoaded(hash: string, loadedAt: string, initial: boolean) {
      supergraph.reset();
      supergraph.set({ hash }, 1);
      supergraphLoaded.set(Date.parse(loadedAt) / 1000);
      if (!initial) reloads.inc({ outcome: 'applied' });
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
