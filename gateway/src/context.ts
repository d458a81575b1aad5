import type { Identity } from '@aidgraph/subgraph-kit';

/** The gateway's per-request context: the verified caller and the raw header to pass on to subgraphs. */
export interface GatewayContext {
  identity: Identity;
  /** the caller's `Authorization: Bearer ...` header, verified */
  authorization: string;
  requestId: string;
}
