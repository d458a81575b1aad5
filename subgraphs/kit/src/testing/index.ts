/** Test helpers for subgraph integration tests: `import { ... } from '@aidgraph/subgraph-kit/testing'`. */
export * from './databases';
export * from './tokens';
export * from './subgraph-harness';
export * from './schema-sync';
export * from './concurrency';
export * from './plausibility-cases';
export * from './list-orders';
export * from './tracing';
export * from '../referral/testing';
export * from './statistics';
export * from './root-operations';
