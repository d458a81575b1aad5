/** Moved to @aidgraph/common (common/src/domain/id-number.ts), which the population generator shares: re-exported here for the kit's modules and its users. */
export * from '@aidgraph/common/domain/id-number';
