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

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string; retryAfter?: number; [k: string]: unknown } }[];
}

export class GatewayClient {
  /** requests sent (for the run's figures) */
  requests = 0;
  constructor(private readonly o: GatewayClientOptions) {}

  /** Run `query` with `variables`; the data, or RuleRunError for any error (a partial answer is an error: a rule cannot decide on half the graph). */
  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      let res: Response;
      try {
        res = await fetch(this.o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${this.o.token}`, 'apollographql-client-name': 'supervision-rules' },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
      } catch (e) {
        throw new RuleRunError('GATEWAY_UNAVAILABLE', `the gateway did not answer (${(e as Error).name})`);
      }
      let body: GraphQLAnswer<T>;
      try {
        body = (await res.json()) as GraphQLAnswer<T>;
      } catch {
        throw new RuleRunError('GATEWAY_ERROR', `the gateway answered HTTP ${res.status} without a GraphQL body`);
      }
      const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN');
      if (res.status === 429 || codes.includes('RATE_LIMITED')) {
        if (attempt >= this.o.rateLimitRetries) throw new RuleRunError('RATE_LIMITED', 'the gateway refused the engine\'s requests (rate limit or bulk-extraction cap): see the README, Supervision, for the engine\'s allowance', codes);
        const after = Number(res.headers.get('retry-after')) || body.errors?.find((e) => e.extensions?.retryAfter)?.extensions?.retryAfter || 1;
        await sleep(Math.min(after, 3600) * 1000);
        continue;
      }
      if (body.errors?.length) {
        const unavailable = codes.includes('SUBGRAPH_UNAVAILABLE');
        throw new RuleRunError(unavailable ? 'GATEWAY_UNAVAILABLE' : 'GATEWAY_ERROR', `the gateway answered errors: ${[...new Set(codes)].join(', ')}`, [...new Set(codes)], body.errors[0].extensions ?? {});
      }
      if (!body.data) throw new RuleRunError('GATEWAY_ERROR', `the gateway answered HTTP ${res.status} without data`);
      return body.data;
    }
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
