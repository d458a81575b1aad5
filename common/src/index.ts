/**
 * @aidgraph/common — what the gateway and every subgraph share, and nothing else: identity and token verification
 * (jose), the gateway's request signature (HMAC), logging (pino) and the request-log and tracing helpers (OpenTelemetry
 * API; the SDK is loaded only when tracing is on), error codes and GraphQL error helpers, configuration loading (zod),
 * the operation cost limit, development keys, and the reference data identities are checked against (townships,
 * departments). It loads no database driver, ORM, schema builder or spreadsheet library: the gateway runs on this
 * package alone, and the subgraph kit (@aidgraph/subgraph-kit) re-exports all of it.
 */
export * from './config';
export * from './errors';
export * from './logger';
export * from './tracing';
export * from './env-file';
export * from './access/identity';
export * from './access/tokens';
export * from './access/keys';
export * from './access/gateway-signature';
export * from './domain/divisions';
export * from './domain/departments';
export * from './graphql/variable-errors';
export * from './server/body-errors';
export * from './server/operation-resolution';
export * from './server/cost-limit';
