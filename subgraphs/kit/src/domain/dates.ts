/** @aidgraph/common's calendar dates (common/src/domain/dates.ts), which the population generator shares: re-exported for the kit's users. */
export * from '@aidgraph/common/domain/dates';
