import type { SubgraphContext } from '../context';

/** Persists what one request read and wrote (the collector in `ctx.audit`) to the subgraph's audit log. */
export type AuditSink = (ctx: SubgraphContext) => Promise<void>;
