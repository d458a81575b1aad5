import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

/**
 * How the gateway calls a subgraph: it passes on the caller's own bearer token (the subgraph verifies it again) and the
 * request id, and nothing else the caller sent; identity headers a caller sets itself never travel. Each fetch is
 * bounded by SUBGRAPH_TIMEOUT_MS.
 */
export class AuthenticatedSubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, name: string, timeoutMs: number) {
    super({
      url,
      // a subgraph that cannot be reached (down, refusing, timing out) becomes an error that names it, and only it
      fetcher: (async (input: string, init: RequestInit) => {
        let response: Response;
        try {
          response = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        } catch {
          throw new GraphQLError(`the ${name} subgraph is unavailable; its fields are null`, {
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: name },
          });
        }
        // a request the subgraph refuses (a variable its scalars reject, e.g. an amount "1e3") comes back as HTTP 400
        // with GraphQL errors in the body: hand those errors on with their codes rather than as a transport failure
        if (response.status === 400 && /json/.test(response.headers.get('content-type') ?? '')) {
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
