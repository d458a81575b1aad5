import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { normalizeInputError } from '../graphql/input-errors';

const PASS_THROUGH = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE', 'REGISTRY_UNAVAILABLE', 'QUERY_TOO_COSTLY',
]);

/**
 * Errors leave a subgraph with a machine-readable `extensions.code` and a message meant for the caller; anything
 * unexpected (a database error, a bug) becomes INTERNAL_SERVER_ERROR with no stack trace, SQL or personal data,
 * and is logged by name only. Input errors have one shape: BAD_USER_INPUT with `field` (the path from the argument),
 * `reason` and, for several violations, `errors` — never the value typed.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code as string | undefined;
    if (code && PASS_THROUGH.has(code)) {
      const input = normalizeInputError(formatted, error);
      if (input) return input;
      const ext: Record<string, unknown> = { ...formatted.extensions };
      delete ext.stacktrace;
      delete ext.exception;
      delete ext.validationErrors;
      return { ...formatted, extensions: ext };
    }
    const original = unwrapResolverError(error);
    // a value PostgreSQL refuses as data (class 22: a malformed uuid, a NUL character, a number out of range) is the
    // caller's input, not our fault: say so without the SQL
    const sqlState = (original as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (original as { code?: string })?.code;
    if (typeof sqlState === 'string' && /^22/.test(sqlState)) {
      return { message: 'a value in the request is not valid here', path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE' } };
    }
    if (original instanceof GraphQLError && !original.originalError && code !== 'INTERNAL_SERVER_ERROR' && code !== undefined) {
      return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code } };
    }
    log.error({ errorName: (original as Error)?.name ?? 'unknown', path: formatted.path }, 'internal error');
    return {
      message: 'internal error: the request could not be completed',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
