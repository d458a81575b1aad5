/**
 * The one GraphQL client of the subgraphs (a subgraph asking another, or the gateway): a POST of `{ query, variables,
 * operationName }` with a bearer token, a timeout, and every way it can fail as a code — never a stack, never the
 * answer's data in a message. Used by the registry lookup (registry-lookup.ts: civil affairs' registry, with the
 * caller's token) and by supervision's rule engine (the gateway, with its service token). What a failure means to the
 * caller (REGISTRY_UNAVAILABLE, a failed rule run) is the caller's: this client only tells what happened.
 */

/** How a request failed before a GraphQL answer: no connection, no answer in time, an answer that is not GraphQL. */
export type GraphQLRequestFailure = 'UNREACHABLE' | 'TIMEOUT' | 'NOT_GRAPHQL';

/** A request that got no GraphQL answer (`code`), with the HTTP status when there was a response. */
export class GraphQLRequestError extends Error {
  constructor(
    public readonly code: GraphQLRequestFailure,
    public readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

/** One error of a GraphQL answer, as the servers of AidGraph shape it (extensions.code, reason, retryAfter, ...). */
export interface GraphQLAnswerError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; reason?: string; retryAfter?: number; [k: string]: unknown };
}

/** A GraphQL answer, with what the HTTP response said about it. */
export interface GraphQLAnswer<T> {
  /** the HTTP status */
  status: number;
  data: T | null | undefined;
  errors: GraphQLAnswerError[];
  /** the errors' extensions.code, in order (UNKNOWN for an error without one) */
  codes: string[];
  /** true for HTTP 429 or an error coded RATE_LIMITED */
  rateLimited: boolean;
  /** seconds to wait before asking again (the Retry-After header, else the first error's extensions.retryAfter), or null */
  retryAfter: number | null;
}

export interface GraphQLRequestOptions {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** the bearer token (sent as `authorization: Bearer <token>`) */
  token?: string;
  /** or the authorization header as received (a caller's own, passed on) */
  authorization?: string;
  /** more headers (x-request-id, apollographql-client-name, ...) */
  headers?: Record<string, string>;
  /** the request's timeout (TIMEOUT after it) */
  timeoutMs: number;
  /**
   * how many times a rate-limited answer (HTTP 429 or RATE_LIMITED) is asked again, each after its Retry-After (at most
   * an hour; 1 s when none is given); default 0: the rate-limited answer is returned as it is
   */
  rateLimitRetries?: number;
  /** wait (injectable for tests) */
  sleep?: (ms: number) => Promise<void>;
  /** called before each request (the requests a caller counts) */
  onRequest?: () => void;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One POST: the answer (its data, errors, codes, rate limit), or GraphQLRequestError when there is no GraphQL answer. */
async function postOnce<T>(o: GraphQLRequestOptions): Promise<GraphQLAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...o.headers };
  const authorization = o.token ? `Bearer ${o.token}` : o.authorization;
  if (authorization) headers.authorization = authorization;
  o.onRequest?.();
  let res: Response;
  try {
    res = await fetch(o.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: o.query, variables: o.variables ?? {}, ...(o.operationName ? { operationName: o.operationName } : {}) }),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (e) {
    const timeout = (e as Error).name === 'TimeoutError';
    throw new GraphQLRequestError(timeout ? 'TIMEOUT' : 'UNREACHABLE', null, timeout ? 'no answer in time' : 'cannot be reached');
  }
  let body: { data?: T | null; errors?: GraphQLAnswerError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError('NOT_GRAPHQL', res.status, `HTTP ${res.status} without a GraphQL answer`);
  }
  if (!body || typeof body !== 'object') throw new GraphQLRequestError('NOT_GRAPHQL', res.status, `HTTP ${res.status} without a GraphQL answer`);
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const codes = errors.map((e) => e?.extensions?.code ?? 'UNKNOWN');
  const header = Number(res.headers.get('retry-after'));
  const fromError = errors.find((e) => e?.extensions?.retryAfter)?.extensions?.retryAfter;
  return {
    status: res.status,
    data: body.data,
    errors,
    codes,
    rateLimited: res.status === 429 || codes.includes('RATE_LIMITED'),
    retryAfter: header > 0 ? header : typeof fromError === 'number' && fromError > 0 ? fromError : null,
  };
}

/**
 * POST a GraphQL operation (see the file's header): the answer as it came, after at most `rateLimitRetries` waits of a
 * rate-limited answer; GraphQLRequestError (UNREACHABLE, TIMEOUT, NOT_GRAPHQL) when there is no GraphQL answer.
 */
export async function graphqlRequest<T>(o: GraphQLRequestOptions): Promise<GraphQLAnswer<T>> {
  const sleep = o.sleep ?? sleepFor;
  for (let attempt = 0; ; attempt++) {
    const answer = await postOnce<T>(o);
    if (!answer.rateLimited || attempt >= (o.rateLimitRetries ?? 0)) return answer;
    await sleep(Math.min(answer.retryAfter ?? 1, 3600) * 1000);
  }
}
