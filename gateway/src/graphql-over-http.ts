import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context';

/**
 * The codes of GraphQL request errors: the request was a well-formed GraphQL-over-HTTP request, and the document could
 * not be parsed, validated, resolved to an operation, costed within the limit, or its variables coerced; nothing ran.
 */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COSTLY',
]);

/**
 * Whether an `Accept` header accepts `application/json` and no other media type (its parameters, e.g. a charset, and a
 * q above 0 aside): such a client is a legacy GraphQL-over-HTTP client, which the spec answers with HTTP 200.
 */
export function acceptsOnlyJson(accept: string | undefined | null): boolean {
  if (!accept) return false;
  const types = accept
    .split(',')
    .map((range) => {
      const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return q && Number(q.slice(2)) === 0 ? '' : type;
    })
    .filter(Boolean);
  return types.length > 0 && types.every((t) => t === 'application/json');
}

/**
 * GraphQL over HTTP (the spec graphql-http's `serverAudits` check): a client that accepts only `application/json` gets
 * HTTP 200 for a request error of a well-formed request (parse, validation, variable coercion; also operation
 * resolution and the cost limit), the error and its code in the body, no `data`; Apollo Server answers 400, which the
 * spec prescribes for `application/graphql-response+json` only. Every other client (`application/graphql-response+json`,
 * `*\/*`, no Accept) keeps the 400. Malformed requests (BAD_REQUEST), refused tokens and every other status are left as
 * they are.
 */
export const jsonClientStatus: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ request }) {
    if (!acceptsOnlyJson(request.http?.headers.get('accept'))) return;
    return {
      async willSendResponse({ response }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data !== undefined || !errors?.length) return;
        if (errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) response.http.status = 200;
      },
    };
  },
};
