/** Moved to @aidgraph/common (common/src/domain/divisions.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/domain/divisions';
