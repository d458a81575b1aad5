import type { Identity } from '@aidgraph/common';
import type { Context } from '@opentelemetry/api';

/** The gateway's per-request context: the verified caller and the raw header to pass on to subgraphs. */
export interface GatewayContext {
  identity: Identity;
  /** the caller's `Authorization: Bearer ...` header, verified */
  authorization: string;
  requestId: string;
  /** the trace context of the operation's span (tracing on), handed to the subgraph fetches explicitly */
  traceContext?: Context;
}
