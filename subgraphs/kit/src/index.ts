/**
 * @aidgraph/subgraph-kit — what every AidGraph subgraph shares, written once.
 * A department's subgraph holds only its own domain: entities, resolvers, loaders, migrations and seed.
 * The demo population and its seeding are @aidgraph/population's, the roster import framework @aidgraph/roster's (both
 * under tools/): the kit neither contains nor re-exports them, and loads the population only to seed (SEED_DEMO).
 */
import 'reflect-metadata';

// identity and tokens, the gateway signature, logging, error codes, config loading, tracing and the operation limits
// the gateway shares with the subgraphs (@aidgraph/common): re-exported, so a subgraph imports everything from the kit
export * from '@aidgraph/common';
export * from './config';
export * from './tracing';
export * from './context';
export * from './access/policy';
export * from './access/public-site';
export * from './access/count-only';
export * from './access/sealed-value';
export * from './access/derived-keys';
export * from './access/filters';
export * from './audit/collector';
export * from './audit/sink';
export * from './db/data-source';
export * from './graphql/federated-schema';
export * from './graphql/input-errors';
export * from './graphql/pagination';
export * from './graphql/graphql-client';
export * from './graphql/entity-stubs';
export * from './server/subgraph-server';
export * from './domain/id-number';
export * from './domain/money';
export * from './domain/dates';
export * from './domain/dibao-standard';
export * from './domain/enrolment-limits';
export * from './domain/plausibility';
export * from './clock';
export * from './registry/registry-lookup';
export * from './graphql/township';
export * from './db/bulk';
export * from './db/migration-types';
export * from './db/transaction';
export * from './db/idempotency';
export * from './audit/audit-entry.entity';
export * from './audit/chain';
export * from './audit/refusal-rate';
export * from './audit/audit-log.resolver';
export * from './audit/ids';
export * from './audit/checkpoint';
export * from './audit/archive';
export * from './audit/verify';
export * from './audit/read-middleware';
export * from './audit/setup';
export * from './graphql/assistance-category';
export * from './graphql/covered-group';
export * from './graphql/verification-facts';
export * from './referral';
export * from './statistics';
