import { Registry, Histogram, Counter, collectDefaultMetrics } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response } from 'express';

/**
 * Prometheus metrics (prom-client) at /metrics: process metrics, GraphQL request durations by operation type and
 * outcome, and errors by code. Operation names are not recorded (they are caller-chosen text); no personal data is.
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
    handler: async (_req: Request, res: Response) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}
