import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { STATUS_CODES } from 'node:http';
import { GATEWAY_SIGNATURE_HEADER, signGatewayRequest } from '@aidgraph/common';
import type { GatewayContext } from './context';
import type { SubgraphAnswer, SubgraphChannel } from './resilience';
import { context, propagation, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';

/**
 * A header the data source sets on a request that may be retried and the fetcher takes off again: it never reaches the
 * wire (and is not signed).
 */
const RETRYABLE = 'x-aidgraph-internal-retryable';
/**
 * Likewise internal: the operation span's W3C trace context (tracing on), from the request's context to the fetcher,
 * which opens the fetch's span under it (the gateway passes trace context explicitly: it runs no context manager).
 */
const PARENT = 'x-aidgraph-internal-traceparent';

/**
 * How the gateway calls a subgraph: it passes on the caller's own bearer token (the subgraph verifies it again) and the
 * request id, and nothing else the caller sent; identity headers a caller sets itself never travel. Each fetch is
 * signed with GATEWAY_SIGNING_KEY (`x-aidgraph-gateway`, over the exact body bytes sent, the subgraph's name, the
 * request id and the caller's token: see the kit's access/gateway-signature.ts), which is what lets the subgraph answer
 * `_entities`, and goes through the subgraph's channel (resilience.ts): pooled keep-alive connections, its own timeout,
 * its circuit breaker, and retries only for a fetch of a query (the client's operation and the fetch itself both
 * queries; nothing of a mutation is ever sent twice). With a `tracer` (tracing on), each fetch is a CLIENT span child of
 * the operation's span, and its W3C `traceparent` goes with the request (not signed: it decides nothing).
 */
export class AuthenticatedSubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, name: string, channel: SubgraphChannel, signingKey: string, tracer?: Tracer) {
    super({
      url,
      // a subgraph that cannot be reached (down, refusing, timing out, its breaker open) becomes an error that names it,
      // and only it (SUBGRAPH_UNAVAILABLE, thrown by the channel)
      fetcher: (async (input: string, init: { headers?: Record<string, string>; body?: string }) => {
        // sign here, where the body is final: exactly the bytes that go on the wire
        const headers: Record<string, string> = { ...init.headers };
        const retryable = headers[RETRYABLE] === '1';
        const parent = headers[PARENT];
        delete headers[RETRYABLE];
        delete headers[PARENT];
        const body = typeof init.body === 'string' ? init.body : '';
        headers[GATEWAY_SIGNATURE_HEADER] = signGatewayRequest(signingKey, {
          subgraph: name,
          requestId: headers['x-request-id'] ?? '',
          authorization: headers.authorization ?? '',
          body,
        });
        const answer = tracer
          ? await tracedFetch(tracer, name, input, headers, parent, (span) => channel.send({ url: input, headers, body, retryable, span }))
          : await channel.send({ url: input, headers, body, retryable });
        // a request the subgraph refuses (a variable its scalars reject, e.g. an amount "1e3": HTTP 400; a signature it
        // does not accept, GATEWAY_SIGNATURE_REQUIRED: HTTP 403; a write it could not check, REGISTRY_UNAVAILABLE: HTTP
        // 503) comes back with GraphQL errors in the body: hand those errors on with their codes rather than as a
        // transport failure
        let status = answer.status;
        if ([400, 403, 503].includes(status) && /json/.test(answer.headers.get('content-type') ?? '')) {
          try {
            if (Array.isArray(JSON.parse(answer.body).errors)) status = 200;
          } catch {
            /* not GraphQL: fall through */
          }
        }
        return bufferedResponse(input, status, answer.headers, answer.body);
      }) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
    this.name = name;
  }

  readonly name: string;

  willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    if (!request.http) return;
    const ctx = context as Partial<GatewayContext>;
    if (ctx.authorization) request.http.headers.set('authorization', ctx.authorization);
    if (ctx.requestId) request.http.headers.set('x-request-id', ctx.requestId);
    if (retryableFetch(options)) request.http.headers.set(RETRYABLE, '1');
    if (ctx.traceContext) {
      const carrier: Record<string, string> = {};
      propagation.inject(ctx.traceContext, carrier);
      if (carrier.traceparent) request.http.headers.set(PARENT, carrier.traceparent);
    }
  }
}

/**
 * Whether a subgraph fetch may be sent again after a transient failure: only for a client's query, and only when the
 * fetch itself is a query (the text the gateway sends starts with `query` or `{`). Every fetch of a mutation's plan,
 * the `_entities` fetches for its result included, is sent once.
 */
export function retryableFetch(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  if (!('incomingRequestContext' in options)) return false;
  if (options.incomingRequestContext.operation?.operation !== 'query') return false;
  return /^\s*(query\b|\{)/.test(options.request.query ?? '');
}

/**
 * One subgraph fetch as a CLIENT span (`fetch <subgraph>`, with `aidgraph.subgraph`, the URL and the answer's status;
 * retries are events of it, see resilience.ts), child of the operation's span (`parent`: its traceparent); its own
 * context is injected into `headers` (`traceparent`) so that the subgraph's span continues the trace.
 */
async function tracedFetch(
  tracer: Tracer,
  name: string,
  url: string,
  headers: Record<string, string>,
  parent: string | undefined,
  send: (span: Span) => Promise<SubgraphAnswer>,
): Promise<SubgraphAnswer> {
  const parentContext = parent ? propagation.extract(ROOT_CONTEXT, { traceparent: parent }) : context.active();
  const u = new URL(url);
  const span = tracer.startSpan(`fetch ${name}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'aidgraph.subgraph': name,
      'http.request.method': 'POST',
      'url.full': `${u.origin}${u.pathname}`,
      'server.address': u.hostname,
      'server.port': Number(u.port) || (u.protocol === 'https:' ? 443 : 80),
    },
  }, parentContext);
  propagation.inject(trace.setSpan(parentContext, span), headers);
  try {
    const answer = await send(span);
    span.setAttribute('http.response.status_code', answer.status);
    if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return answer;
  } catch (e) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('error.type', String((e as { extensions?: { code?: unknown } })?.extensions?.code ?? (e as Error)?.name ?? 'Error'));
    throw e;
  } finally {
    span.end();
  }
}

type FetcherResponse = Awaited<ReturnType<RemoteGraphQLDataSource['fetcher']>>;

/** A subgraph's answer, read in full, as the response the data source expects (no stream to read it from again). */
function bufferedResponse(url: string, status: number, headers: Headers, body: string): FetcherResponse {
  return {
    bodyUsed: false,
    url,
    redirected: false,
    status,
    ok: status >= 200 && status < 300,
    statusText: STATUS_CODES[status] ?? '',
    headers: headers as unknown as FetcherResponse['headers'],
    text: async () => body,
    json: async () => JSON.parse(body),
    arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer,
    clone: () => bufferedResponse(url, status, headers, body),
  };
}
