/** Moved to @aidgraph/common (common/src/server/cost-limit.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/server/cost-limit';
