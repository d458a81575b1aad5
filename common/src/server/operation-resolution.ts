import { GraphQLError, Kind } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Refuses, as client errors (HTTP 400) and before execution, a request whose operation cannot be chosen or cannot run
 * on this graph — which the gateway's query planner would otherwise throw as INVALID_GRAPHQL (HTTP 500), and a subgraph
 * would answer as an internal error. Used by the gateway and by every subgraph server:
 * - an `operationName` that names no operation of the document, or an empty one: OPERATION_RESOLUTION_FAILURE
 *   (reason UNKNOWN_OPERATION / EMPTY_OPERATION_NAME);
 * - several operations and no `operationName`: OPERATION_RESOLUTION_FAILURE (reason OPERATION_NAME_REQUIRED);
 * - an operation type the graph does not have (`subscription`): GRAPHQL_VALIDATION_FAILED (reason
 *   UNSUPPORTED_OPERATION_TYPE).
 * The caller's operation name is not echoed.
 */
export function operationResolution(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          const refuse = (code: string, reason: string, message: string) => {
            throw new GraphQLError(message, { extensions: { code, reason, http: { status: 400 } } });
          };
          if (request.operationName === '')
            refuse('OPERATION_RESOLUTION_FAILURE', 'EMPTY_OPERATION_NAME', 'operationName is empty: leave it out, or name one of the operations of the document');
          if (!operation) {
            const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
            if (request.operationName != null) refuse('OPERATION_RESOLUTION_FAILURE', 'UNKNOWN_OPERATION', 'no operation of the document has the name given as operationName');
            if (count > 1) refuse('OPERATION_RESOLUTION_FAILURE', 'OPERATION_NAME_REQUIRED', 'the document has several operations: say which one to run with operationName');
            refuse('OPERATION_RESOLUTION_FAILURE', 'NO_OPERATION', 'the document has no operation to run');
            return;
          }
          if (!schema.getRootType(operation.operation))
            refuse('GRAPHQL_VALIDATION_FAILED', 'UNSUPPORTED_OPERATION_TYPE', `this graph has no ${operation.operation} operations`);
        },
      };
    },
  };
}
