/** Moved to @aidgraph/common (common/src/domain/departments.ts), which the gateway shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/domain/departments';
