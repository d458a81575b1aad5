/** Moved to @aidgraph/common (common/src/server/body-errors.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/server/body-errors';
