import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { GATEWAY_SIGNATURE_HEADER, signGatewayRequest } from '@aidgraph/subgraph-kit';
import type { GatewayContext } from './context';

/**
 * How the gateway calls a subgraph: it passes on the caller's own bearer token (the subgraph verifies it again) and the
 * request id, and nothing else the caller sent; identity headers a caller sets itself never travel. Each fetch is
 * bounded by SUBGRAPH_TIMEOUT_MS and signed with GATEWAY_SIGNING_KEY (`x-aidgraph-gateway`, over the exact body bytes
 * sent, the subgraph's name, the request id and the caller's token: see the kit's access/gateway-signature.ts), which is
 * what lets the subgraph answer `_entities`.
 */
export class AuthenticatedSubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, name: string, timeoutMs: number, signingKey: string) {
    super({
      url,
      // a subgraph that cannot be reached (down, refusing, timing out) becomes an error that names it, and only it
      fetcher: (async (input: string, init: RequestInit) => {
        let response: Response;
        try {
          // sign here, where the body is final: exactly the bytes that go on the wire
          const headers = new Headers(init.headers);
          const body = typeof init.body === 'string' ? init.body : '';
          headers.set(
            GATEWAY_SIGNATURE_HEADER,
            signGatewayRequest(signingKey, {
              subgraph: name,
              requestId: headers.get('x-request-id') ?? '',
              authorization: headers.get('authorization') ?? '',
              body,
            }),
          );
          response = await fetch(input, { ...init, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        } catch {
          throw new GraphQLError(`the ${name} subgraph is unavailable; its fields are null`, {
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: name },
          });
        }
        // a request the subgraph refuses (a variable its scalars reject, e.g. an amount "1e3": HTTP 400; a signature it
        // does not accept, GATEWAY_SIGNATURE_REQUIRED: HTTP 403; a write it could not check, REGISTRY_UNAVAILABLE: HTTP
        // 503) comes back with GraphQL errors in the body: hand those errors on with their codes rather than as a
        // transport failure
        if ([400, 403, 503].includes(response.status) && /json/.test(response.headers.get('content-type') ?? '')) {
          const text = await response.text();
          try {
            if (Array.isArray(JSON.parse(text).errors)) return new Response(text, { status: 200, headers: response.headers });
          } catch {
            /* not GraphQL: fall through */
          }
          return new Response(text, { status: response.status, headers: response.headers });
        }
        return response;
      }) as unknown as RemoteGraphQLDataSource['fetcher'],
    });
    this.name = name;
  }

  readonly name: string;

  willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http) return;
    const ctx = context as Partial<GatewayContext>;
    if (ctx.authorization) request.http.headers.set('authorization', ctx.authorization);
    if (ctx.requestId) request.http.headers.set('x-request-id', ctx.requestId);
  }
}
