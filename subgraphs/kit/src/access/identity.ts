/** Moved to @aidgraph/common (common/src/access/identity.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/access/identity';
