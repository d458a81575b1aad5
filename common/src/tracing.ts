import { z } from 'zod';
import {
  context,
  propagation,
  trace,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from './logger';

/**
 * OpenTelemetry traces (the official SDK), shared by the gateway and every subgraph.
 *
 * Off by default. `TRACING=on` (or an OTLP endpoint configured and TRACING unset) starts the SDK once per process
 * (`startTracing`, called by the process's start-up code): spans go over OTLP/HTTP to
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else the OTLP default
 * `http://localhost:4318/v1/traces`; the other standard `OTEL_EXPORTER_OTLP_*` variables (headers, timeout) are read by the
 * exporter itself. With tracing off the SDK is not even loaded and no span, header or attribute is made.
 *
 * What is traced: the gateway's operation (one SERVER span, named `<type> <name>`), each subgraph fetch (a CLIENT span
 * child of it, named `fetch <subgraph>`, W3C `traceparent` sent to the subgraph), each subgraph's request (a SERVER span
 * continuing that trace) and the SQL statements it runs (a CLIENT span each, named `<KIND> <table>`: the statement's kind
 * and table, never its text or parameters; the kit's `traceStatements`). No span carries a query text, variables or personal data.
 *
 * @apollo/gateway creates spans of its own (`gateway.request`, `gateway.plan`, `gateway.fetch`, ...) through the global
 * tracer provider under the tracer name `apollo/gateway-js`: they are switched off here (SILENCED_TRACERS get a no-op
 * tracer), because the gateway's own operation and fetch spans cover the same ground and Apollo's `gateway.fetch` would
 * double every fetch span. Nothing of Apollo's is exported, and its metrics exporter stays off (APOLLO_TELEMETRY_DISABLED).
 */
export const tracingConfigSchema = z.object({
  /** `on`: record and export spans; `off`: none. Unset: on when an OTLP endpoint is configured, off otherwise. */
  TRACING: z.enum(['on', 'off']).optional(),
  /** base URL of an OTLP/HTTP collector (`/v1/traces` is appended), e.g. http://otel-collector:4318 */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** full URL of the OTLP/HTTP traces endpoint (wins over OTEL_EXPORTER_OTLP_ENDPOINT) */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  /** the service name in the spans' resource (default: `aidgraph-gateway`, or the subgraph's name) */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  /** which traces are kept (the standard sampler names); default parentbased_always_on */
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on'),
  /** the ratio of the `traceidratio` samplers, 0 to 1 (default 1) */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
});

export type TracingConfig = z.infer<typeof tracingConfigSchema>;

/** Whether tracing is on for this configuration: TRACING, else whether an OTLP endpoint is configured. */
export function tracingEnabled(config: Partial<TracingConfig>): boolean {
  if (config.TRACING) return config.TRACING === 'on';
  return Boolean(config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || config.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/** The OTLP/HTTP URL spans are sent to (see tracingConfigSchema). */
export function otlpTracesUrl(config: Partial<TracingConfig>): string {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return 'http://localhost:4318/v1/traces';
}

/** Tracers whose spans are dropped: @apollo/gateway's own (see the module comment). */
export const SILENCED_TRACERS = new Set(['apollo/gateway-js']);

/** The process's tracing, once started. */
export interface Tracing {
  /** the service name spans are exported under */
  serviceName: string;
  /** export what is buffered now */
  forceFlush(): Promise<void>;
  /** flush and stop (process stop); the global provider stays registered but records nothing more */
  shutdown(): Promise<void>;
}

let started: Tracing | undefined;

/**
 * Start the OpenTelemetry SDK for this process, once: a tracer provider with the service's resource, the configured
 * sampler and an OTLP/HTTP exporter (batched), registered globally with W3C trace-context propagation and an
 * AsyncLocalStorage context manager. `exporter` replaces the OTLP exporter (tests: an InMemorySpanExporter, exported
 * at once). A second call returns the tracing already started (several servers in one test process share it).
 */
export function startTracing(o: {
  serviceName: string;
  serviceVersion?: string;
  config: Partial<TracingConfig>;
  exporter?: SpanExporter;
  /**
   * install the AsyncLocalStorage context manager (default true): a subgraph needs it, so that its SQL statement spans
   * find the request's span; the gateway passes its spans explicitly and does without, since on Node 20 AsyncLocalStorage
   * tracks every promise of the process once used, which costs CPU on every request (see the README's figures)
   */
  asyncContext?: boolean;
}): Tracing {
  if (started) return started;
  // loaded only when tracing is on: a process with tracing off never loads the SDK
  /* eslint-disable @typescript-eslint/no-require-imports */
  const base = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } = require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  const processor = o.exporter
    ? new base.SimpleSpanProcessor(o.exporter)
    : new base.BatchSpanProcessor(
        new (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url: otlpTracesUrl(o.config) }),
      );
  /* eslint-enable @typescript-eslint/no-require-imports */
  const serviceName = o.config.OTEL_SERVICE_NAME ?? o.serviceName;
  const ratio = o.config.OTEL_TRACES_SAMPLER_ARG ?? 1;
  const samplers = {
    always_on: () => new base.AlwaysOnSampler(),
    always_off: () => new base.AlwaysOffSampler(),
    traceidratio: () => new base.TraceIdRatioBasedSampler(ratio),
    parentbased_always_on: () => new base.ParentBasedSampler({ root: new base.AlwaysOnSampler() }),
    parentbased_always_off: () => new base.ParentBasedSampler({ root: new base.AlwaysOffSampler() }),
    parentbased_traceidratio: () => new base.ParentBasedSampler({ root: new base.TraceIdRatioBasedSampler(ratio) }),
  };
  const provider = new base.BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, ...(o.serviceVersion ? { [ATTR_SERVICE_VERSION]: o.serviceVersion } : {}) }),
    sampler: samplers[o.config.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on'](),
    spanProcessors: [processor],
  });
  if (o.asyncContext !== false) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new FilteringTracerProvider(provider));
  started = {
    serviceName,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  return started;
}

/** The global tracer provider: the SDK's, except for SILENCED_TRACERS, which get a no-op tracer. */
class FilteringTracerProvider implements TracerProvider {
  private readonly silent = new ProxyTracerProvider(); // no delegate: its tracers are no-ops
  constructor(private readonly inner: TracerProvider) {}
  getTracer(name: string, version?: string, options?: { schemaUrl?: string }): Tracer {
    return SILENCED_TRACERS.has(name) ? this.silent.getTracer(name, version, options) : this.inner.getTracer(name, version, options);
  }
}

const SPAN_CONTEXT = Symbol('aidgraph.traceContext');
type TracedRequest = Request & { [SPAN_CONTEXT]?: Context };

/** The trace context of a request's SERVER span (serverSpanMiddleware), to hand on explicitly where no context manager carries it. */
export function requestTraceContext(req: Request): Context | undefined {
  return (req as TracedRequest)[SPAN_CONTEXT];
}

/**
 * Express middleware of a traced GraphQL endpoint: `start` (before the body parser) opens a SERVER span continuing the
 * caller's W3C trace context (`traceparent`), named `POST /graphql` until the operation is known (operationSpanPlugin
 * renames it `<type> <name>`), and ends it when the response is done; `enter` (after the body parser, whose stream
 * events lose the async context) makes it the active span for everything the request runs.
 */
export function serverSpanMiddleware(tracer: Tracer, attributes: Attributes = {}) {
  return {
    start(req: Request, res: Response, next: NextFunction) {
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      const span = tracer.startSpan(`${req.method} ${req.baseUrl || req.path}`, {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'http.route': req.baseUrl || req.path, ...attributes },
      }, parent);
      const ctx = trace.setSpan(parent, span);
      (req as TracedRequest)[SPAN_CONTEXT] = ctx;
      res.once('close', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(ctx, next);
    },
    enter(req: Request, _res: Response, next: NextFunction) {
      const ctx = (req as TracedRequest)[SPAN_CONTEXT];
      if (ctx) context.with(ctx, next);
      else next();
    },
  };
}

/** A span's name for a GraphQL operation: `<type> <name>` (`query PersonAcrossDepartments`), or the type alone. */
export function operationSpanName(type: string | undefined, name: string | null | undefined): string {
  if (!type) return 'GraphQL Operation';
  return name ? `${type} ${name.slice(0, 128)}` : type;
}

/**
 * Apollo Server plugin: names the request's SERVER span (the context's `traceContext`, else the active span) after the
 * operation (`<type> <name>`, with `graphql.operation.type` and `graphql.operation.name`, never the document) and marks
 * it failed, with the first error code as `error.type`, when the answer carries errors. Does nothing without a span.
 */
export function operationSpanPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const span = trace.getSpan((contextValue as { traceContext?: Context })?.traceContext ?? context.active());
      if (!span) return;
      const requestId = (contextValue as { requestId?: unknown })?.requestId;
      if (typeof requestId === 'string') span.setAttribute('aidgraph.request_id', requestId);
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          span.updateName(operationSpanName(operation.operation, operationName));
          span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName.slice(0, 128));
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (errors?.length) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.setAttribute('error.type', String(errors[0].extensions?.code ?? 'UNKNOWN'));
          }
        },
      };
    },
  };
}

/**
 * The trace id of the span of `ctx` (default: the active context), or of a W3C `traceparent` header (to log it when this
 * process does not trace).
 */
export function currentTraceId(traceparent?: string | string[], ctx: Context = context.active()): string | undefined {
  const active = trace.getSpan(ctx)?.spanContext();
  if (active && trace.isSpanContextValid(active)) return active.traceId;
  const m = typeof traceparent === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim()) : null;
  return m && !/^0+$/.test(m[1]) ? m[1] : undefined;
}

/**
 * Apollo Server plugin of the gateway and every subgraph: one structured log line per request (`graphql request`, info)
 * with the request id (the gateway's, which it sends to subgraphs as `x-request-id`), the trace id (of the active span,
 * else of the `traceparent` header), the operation type, HTTP status, duration and error codes — never the query,
 * variables or personal data. `operationName` maps the operation's name to what may be logged (the gateway's bounded
 * label); without it no name is logged.
 */
export function requestLogPlugin<C extends { requestId?: string; viaGateway?: boolean; traceContext?: Context }>(
  log: Logger,
  options: { operationName?: (name: string | null | undefined) => string } = {},
): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue, request }) {
      if (!log.isLevelEnabled('info')) return;
      const started = performance.now();
      const traceId = currentTraceId(request.http?.headers.get('traceparent') ?? undefined, contextValue?.traceContext ?? context.active());
      let type: string | undefined;
      let name: string | undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          type = operation?.operation;
          if (options.operationName) name = options.operationName(operationName);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          log.info(
            {
              requestId: contextValue?.requestId,
              traceId,
              operation: type ?? 'unknown',
              ...(name !== undefined ? { operationName: name } : {}),
              ...(contextValue?.viaGateway !== undefined ? { viaGateway: contextValue.viaGateway } : {}),
              status: response.http.status ?? 200,
              ms: Math.round((performance.now() - started) * 100) / 100,
              ...(errors?.length ? { errors: [...new Set(errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))] } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
