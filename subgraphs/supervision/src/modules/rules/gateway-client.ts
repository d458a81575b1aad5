import { GraphQLRequestError, graphqlRequest, type GraphQLAnswer } from '@aidgraph/subgraph-kit';

/**
 * The client name the rule engine sends the gateway (`apollographql-client-name`), and so the name of its manifest of
 * trusted documents in the gateway's TRUSTED_DOCUMENTS_DIR (`supervision-rules.json`, see documents.ts).
 */
export const ENGINE_CLIENT_NAME = 'supervision-rules';

/**
 * The rule engine's GraphQL client: every read of the rules goes through the gateway (never another subgraph's
 * database), with the engine's service token, so each read is in the departments' audit logs under its subject.
 * Errors are codes (RuleRunError), never the answer's data.
 */
export class RuleRunError extends Error {
  constructor(
    public readonly code: 'GATEWAY_UNAVAILABLE' | 'GATEWAY_ERROR' | 'RATE_LIMITED' | 'NOT_CONFIGURED' | 'INTERNAL',
    message: string,
    public readonly errorCodes: string[] = [],
    /** the first error's extensions (e.g. QUERY_TOO_COSTLY's cost and max) */
    public readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface GatewayClientOptions {
  url: string;
  /** the bearer token (read at each run) */
  token: string;
  timeoutMs: number;
  /** retries of a RATE_LIMITED answer, each after its Retry-After */
  rateLimitRetries: number;
  /** wait (injectable for tests) */
  sleep?: (ms: number) => Promise<void>;
}

/** The rule engine's reads: the kit's GraphQL client (graphqlRequest), its outcomes as RuleRunError codes. */
export class GatewayClient {
  /** requests sent (for the run's figures) */
  requests = 0;
  constructor(private readonly o: GatewayClientOptions) {}

  /** Run `query` with `variables`; the data, or RuleRunError for any error (a partial answer is an error: a rule cannot decide on half the graph). */
  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let answer: GraphQLAnswer<T>;
    try {
      answer = await graphqlRequest<T>({
        url: this.o.url, query, variables, token: this.o.token, timeoutMs: this.o.timeoutMs, rateLimitRetries: this.o.rateLimitRetries, sleep: this.o.sleep,
        headers: { 'apollographql-client-name': ENGINE_CLIENT_NAME }, onRequest: () => this.requests++,
      });
    } catch (e) {
      if (e instanceof GraphQLRequestError && e.code === 'NOT_GRAPHQL') throw new RuleRunError('GATEWAY_ERROR', `the gateway answered HTTP ${e.status} without a GraphQL body`);
      throw new RuleRunError('GATEWAY_UNAVAILABLE', `the gateway did not answer (${e instanceof GraphQLRequestError ? e.code : (e as Error).name})`);
    }
    const codes = [...new Set(answer.codes)];
    if (answer.rateLimited) throw new RuleRunError('RATE_LIMITED', 'the gateway refused the engine\'s requests (rate limit or bulk-extraction cap): see the README, Supervision, for the engine\'s allowance', answer.codes);
    if (answer.errors.length) {
      const unavailable = codes.includes('SUBGRAPH_UNAVAILABLE');
      throw new RuleRunError(unavailable ? 'GATEWAY_UNAVAILABLE' : 'GATEWAY_ERROR', `the gateway answered errors: ${codes.join(', ')}`, codes, answer.errors[0].extensions ?? {});
    }
    if (!answer.data) throw new RuleRunError('GATEWAY_ERROR', `the gateway answered HTTP ${answer.status} without data`);
    return answer.data;
  }
}

/** The page of a Relay connection as the rules select it. */
export interface Connection<N> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/**
 * Stream a connection page by page (cursor pagination, one page in memory): yields each page's nodes. `pick` takes
 * the connection out of the answer.
 */
export async function* pages<N, T>(client: GatewayClient, query: string, variables: Record<string, unknown>, pageSize: number, pick: (data: T) => Connection<N> | null): AsyncGenerator<N[]> {
  let after: string | null = null;
  let first = pageSize;
  for (;;) {
    let data: T;
    try {
      data = await client.query<T>(query, { ...variables, first, after });
    } catch (e) {
      // a page over the gateway's cost limit (MAX_QUERY_COST): smaller pages, in proportion, for the rest of the list
      const cost = e instanceof RuleRunError && e.errorCodes.includes('QUERY_TOO_COSTLY') ? Number(e.extensions.cost) : NaN;
      const max = e instanceof RuleRunError ? Number(e.extensions.max) : NaN;
      const smaller = Math.floor((first * max * 0.9) / cost);
      if (!(cost > 0 && max > 0 && smaller >= 1 && smaller < first)) throw e;
      first = smaller;
      continue;
    }
    const conn = pick(data);
    if (!conn) throw new RuleRunError('GATEWAY_ERROR', 'the list answered null (is the engine\'s token an auditor\'s?)');
    yield conn.edges.map((e) => e.node);
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return;
    after = conn.pageInfo.endCursor;
  }
}
