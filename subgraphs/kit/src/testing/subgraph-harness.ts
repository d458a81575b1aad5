import type { DataSource } from 'typeorm';
import { baseConfigSchema, loadConfig } from '../config';
import { openDatabase, StatementCounter } from '../db/data-source';
import { createSubgraphServer, definitionEntities, seedDemo, type SubgraphDefinition, type SubgraphServer } from '../server/subgraph-server';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { createTestKeys, type TestKeys } from './tokens';
import type { TokenRequest } from '../access/tokens';
import { createLogger, type Logger } from '../logger';
import { generateHouseholds } from '@aidgraph/population';
import { staticPersonRegistry, type PersonRegistryLookup, type RegistryHousehold, type RegistryPersonStatus } from '../registry/registry-lookup';
import { GATEWAY_SIGNATURE_HEADER, signGatewayRequest } from '../access/gateway-signature';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The gateway signing key of the test harnesses (and of tests/support/stack.ts): never a real key. */
export const TEST_GATEWAY_SIGNING_KEY = 'test-gateway-signing-key-0123456789abcdef';

/** How a harness request is sent. */
export interface RequestOptions {
  /**
   * sign the request as the gateway does (x-aidgraph-gateway over the exact body, with the harness's key). Default
   * true: the harness stands where the gateway stands, as the tests of `_entities` need; `false` is a caller that
   * reaches the subgraph directly (root fields only).
   */
  signed?: boolean;
  /** sign with this key instead of the harness's (a wrong key) */
  key?: string;
  /** signature time (unix ms) instead of now (a stale signature) */
  signedAt?: number;
  /** send this body instead of the one that was signed (a tampered body) */
  tamperedBody?: string;
  /** extra headers */
  headers?: Record<string, string>;
}

/** A GraphQL response as the tests see it. */
export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/**
 * One subgraph under test, over real HTTP on a free port, on a fresh migrated database of the given kind
 * (seeded with the demo population when `seedSize` is given), with test keys and a SQL statement counter.
 */
export interface SubgraphHarness {
  kind: DatabaseKind;
  url: string;
  db: DataSource;
  server: SubgraphServer;
  keys: TestKeys;
  statements: StatementCounter;
  /**
   * POST a GraphQL operation as the given identity (or with no token when `as` is null), signed as the gateway signs
   * unless `options.signed` is false (see RequestOptions)
   */
  request<T = any>(query: string, variables?: Record<string, unknown>, as?: TokenAs | null, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** the same request as a caller that reaches the subgraph directly, without the gateway's signature */
  requestDirect<T = any>(query: string, variables?: Record<string, unknown>, as?: TokenAs | null): Promise<GraphQLResponse<T>>;
  /**
   * The registry the subgraph's writes check persons and households against (civil affairs is not running): by default
   * the persons and households of the deterministic demo population of the harness's seed and size (`seedSize`, else
   * DEFAULT_REGISTRY_SIZE) — the same ids civil affairs seeds. Replace it per test with `setRegistry` (e.g. one that throws REGISTRY_UNAVAILABLE).
   */
  registry: PersonRegistryLookup;
  /** the demo population's persons the default registry knows (id, status, township), in generation order */
  registryPeople: RegistryPersonStatus[];
  /** the demo population's households the default registry knows (township, size, members), in generation order */
  registryHouseholds: RegistryHousehold[];
  /** answer the subgraph's registry lookups with `lookup` from now on (null: no registry check at all) */
  setRegistry(lookup: PersonRegistryLookup | null): void;
  close(): Promise<void>;
}

/** Persons the harness's default registry knows when no `seedSize` is given. */
export const DEFAULT_REGISTRY_SIZE = 200;

/**
 * The households (id, township, size: active members, members with status and status date) of the deterministic demo
 * population of `seed` and `size`, as civil affairs seeds them and answers `household(id)`.
 */
export function demoRegistryHouseholds(seed: string, size: number): RegistryHousehold[] {
  return [...generateHouseholds({ seed, size })].map((h) => ({
    id: h.id,
    townshipCode: h.townshipCode,
    size: h.members.filter((m) => m.status === 'ACTIVE').length,
    members: h.members.map((m) => ({ id: m.id, status: m.status, statusDate: m.statusDate })),
  }));
}

/** The persons (id, status, township) of the deterministic demo population of `seed` and `size`, as civil affairs seeds them. */
export function demoRegistryPeople(seed: string, size: number): RegistryPersonStatus[] {
  const out: RegistryPersonStatus[] = [];
  for (const h of generateHouseholds({ seed, size })) for (const m of h.members) out.push({ id: m.id, status: m.status, townshipCode: m.townshipCode, villageCode: m.villageCode });
  return out;
}

export type TokenAs = Partial<TokenRequest> & Pick<TokenRequest, 'role'>;

export const AUDITOR: TokenAs = { role: 'auditor' };

export async function startSubgraphHarness(
  def: SubgraphDefinition,
  kind: DatabaseKind,
  options: {
    seedSize?: number;
    seed?: string;
    keys?: TestKeys;
    env?: Record<string, string>;
    /** the registry lookup (default: the demo population of seed and size, see SubgraphHarness.registry); null: none */
    registry?: PersonRegistryLookup | null;
    /** the server's logger (default: silent) */
    log?: Logger;
  } = {},
): Promise<SubgraphHarness> {
  const database: TestDatabase = await createTestDatabase(kind, def.name);
  const keys = options.keys ?? (await createTestKeys());
  const statements = new StatementCounter();
  const db = await openDatabase({ url: database.url, ...definitionEntities(def), counter: statements });
  const log = options.log ?? createLogger(def.name, 'silent');
  if (options.seedSize) await seedDemo(def, db, { seed: options.seed ?? 'test-seed', size: options.seedSize, log });
  const auditCheckpointFile = path.join(os.tmpdir(), `aidgraph-audit-head-${def.name}-${crypto.randomBytes(6).toString('hex')}.json`);
  const config = loadConfig(baseConfigSchema, {
    PORT: '0',
    DATABASE_URL: database.url,
    JWKS_FILE: keys.jwksFile,
    JWT_ISSUER: keys.issuer,
    JWT_AUDIENCE: keys.audience,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    GATEWAY_SIGNING_KEY: TEST_GATEWAY_SIGNING_KEY,
    // each harness checkpoints its audit chain's head in a file of its own (removed on close)
    AUDIT_CHECKPOINT_FILE: auditCheckpointFile,
    ...(options.env ?? {}),
  });
  const registryPeople = demoRegistryPeople(options.seed ?? 'test-seed', options.seedSize ?? DEFAULT_REGISTRY_SIZE);
  const registryHouseholds = demoRegistryHouseholds(options.seed ?? 'test-seed', options.seedSize ?? DEFAULT_REGISTRY_SIZE);
  const defaultRegistry = staticPersonRegistry(registryPeople, registryHouseholds);
  let registry: PersonRegistryLookup | null = options.registry !== undefined ? options.registry : defaultRegistry;
  const server = await createSubgraphServer(def, config, { db, log, registry: () => registry ?? undefined });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const request = async <T>(query: string, variables?: Record<string, unknown>, as: TokenAs | null = AUDITOR, o: RequestOptions = {}): Promise<GraphQLResponse<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(o.headers ?? {}) };
    if (as) headers.authorization = `Bearer ${await keys.token(as)}`;
    const body = JSON.stringify({ query, variables });
    if (o.signed !== false) {
      const requestId = crypto.randomUUID();
      headers['x-request-id'] = requestId;
      headers[GATEWAY_SIGNATURE_HEADER] = signGatewayRequest(
        o.key ?? config.GATEWAY_SIGNING_KEY!,
        { subgraph: def.name, requestId, authorization: headers.authorization ?? '', body },
        o.signedAt,
      );
    }
    const res = await fetch(url, { method: 'POST', headers, body: o.tamperedBody ?? body });
    const json = (await res.json()) as GraphQLResponse<T>;
    return { ...json, status: res.status };
  };
  return {
    kind,
    url,
    db,
    server,
    keys,
    statements,
    request,
    requestDirect: (query, variables, as) => request(query, variables, as, { signed: false }),
    get registry() {
      return registry ?? defaultRegistry;
    },
    registryPeople,
    registryHouseholds,
    setRegistry(lookup) {
      registry = lookup;
    },
    async close() {
      await server.stop();
      await db.destroy();
      await database.drop();
      await fs.promises.rm(auditCheckpointFile, { force: true });
      // the key folder createTestKeys made for this harness (not one the caller passed in and still uses)
      if (!options.keys) await fs.promises.rm(path.dirname(keys.jwksFile), { recursive: true, force: true });
    },
  };
}
