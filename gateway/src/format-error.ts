import type { GraphQLFormattedError } from 'graphql';
import { normalizeVariableInputError, type Logger } from '@aidgraph/common';

const CLIENT_CODES = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN', 'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
  'SUBGRAPH_UNAVAILABLE', 'QUERY_TOO_COSTLY', 'PAYLOAD_TOO_LARGE', 'REGISTRY_UNAVAILABLE', 'RATE_LIMITED', 'OPERATION_NOT_TRUSTED',
]);

/**
 * The extensions a client error keeps (besides `code`): the input error's shape, the subgraph, the cost and rate limits,
 * and the details the subgraphs document for a conflict: an illegal step change (`from`, `to`), the step an application
 * is at (`step`), a stale version (`expectedVersion`, `currentVersion`), the person who already has an ID number
 * (`existingPersonId`, set by civil affairs only for a caller who may see that person), and the hourly limit a caller met
 * (`limit`, FORBIDDEN TOO_MANY_REGISTRY_CONFLICTS), and the batch of warning rules already running (`batchId`, `trigger`,
 * `leaseExpiresAt`, CONFLICT RULES_RUNNING: no personal data).
 */
const KEPT_EXTENSIONS = [
  'field', 'reason', 'errors', 'serviceName', 'cost', 'max', 'retryAfter', 'from', 'to', 'step', 'expectedVersion', 'currentVersion', 'existingPersonId', 'limit',
  'batchId', 'trigger', 'leaseExpiresAt',
];

/**
 * Errors leaving the gateway: an input error has the one shape (BAD_USER_INPUT with `field`, `reason` and, for several
 * violations, `errors`; a variable the gateway could not coerce is rewritten to it without the value typed); a client
 * error keeps its message and code (and the subgraph that raised it); a subgraph
 * that cannot be reached becomes SUBGRAPH_UNAVAILABLE naming the subgraph; anything else is INTERNAL_SERVER_ERROR with
 * no stack trace, SQL, URL or personal data.
 */
export function formatGatewayError(log: Logger) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const input = normalizeVariableInputError(formatted, error);
    if (input) return input;
    const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = ext.code as string | undefined;
    const serviceName = ext.serviceName as string | undefined;
    const base = { path: formatted.path, locations: formatted.locations };
    if (code && CLIENT_CODES.has(code)) {
      const out: Record<string, unknown> = { code };
      for (const k of KEPT_EXTENSIONS) if (ext[k] !== undefined) out[k] = ext[k];
      // Apollo Server's own message is a bare 'PersistedQueryNotSupported'
      const message = code === 'PERSISTED_QUERY_NOT_SUPPORTED' ? 'persisted queries are not supported: send the query text without a persistedQuery extension' : formatted.message;
      return { message, ...base, extensions: out };
    }
    if (serviceName) {
      const unreachable = /request to .* failed|ECONNREFUSED|ECONNRESET|fetch failed|aborted|timeout|socket hang up/i.test(formatted.message);
      log.warn({ serviceName, code, unreachable, path: formatted.path }, 'subgraph fetch failed');
      return {
        message: unreachable
          ? `the ${serviceName} subgraph is unavailable; its fields are null`
          : `the ${serviceName} subgraph could not answer; its fields are null`,
        ...base,
        extensions: { code: unreachable ? 'SUBGRAPH_UNAVAILABLE' : 'SUBGRAPH_ERROR', serviceName },
      };
    }
    log.error({ code, path: formatted.path }, 'internal error');
    return { message: 'internal error: the request could not be completed', ...base, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
