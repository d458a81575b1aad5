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
        try {
          return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        } catch {
          throw new GraphQLError(`the ${name} subgraph is unavailable; its fields are null`, {
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: name },
          });
        }
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
