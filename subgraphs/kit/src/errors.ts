/** Moved to @aidgraph/common (common/src/errors.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/errors';
