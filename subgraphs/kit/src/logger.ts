/** Moved to @aidgraph/common (common/src/logger.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/logger';
