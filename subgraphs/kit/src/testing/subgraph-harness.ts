import type { DataSource } from 'typeorm';
import { baseConfigSchema, loadConfig } from '../config';
import { openDatabase, StatementCounter } from '../db/data-source';
import { createSubgraphServer, definitionEntities, seedDemo, type SubgraphDefinition, type SubgraphServer } from '../server/subgraph-server';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { createTestKeys, type TestKeys } from './tokens';
import type { TokenRequest } from '../access/tokens';
import { createLogger } from '../logger';

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
  /** POST a GraphQL operation as the given identity (or with no token when `as` is null) */
  request<T = any>(query: string, variables?: Record<string, unknown>, as?: TokenAs | null): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export type TokenAs = Partial<TokenRequest> & Pick<TokenRequest, 'role'>;

export const AUDITOR: TokenAs = { role: 'auditor' };

export async function startSubgraphHarness(
  def: SubgraphDefinition,
  kind: DatabaseKind,
  options: { seedSize?: number; seed?: string; keys?: TestKeys; env?: Record<string, string> } = {},
): Promise<SubgraphHarness> {
  const database: TestDatabase = await createTestDatabase(kind, def.name);
  const keys = options.keys ?? (await createTestKeys());
  const statements = new StatementCounter();
  const db = await openDatabase({ url: database.url, ...definitionEntities(def), counter: statements });
  const log = createLogger(def.name, 'silent');
  if (options.seedSize) await seedDemo(def, db, { seed: options.seed ?? 'test-seed', size: options.seedSize, log });
  const config = loadConfig(baseConfigSchema, {
    PORT: '0',
    DATABASE_URL: database.url,
    JWKS_FILE: keys.jwksFile,
    JWT_ISSUER: keys.issuer,
    JWT_AUDIENCE: keys.audience,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    ...(options.env ?? {}),
  });
  const server = await createSubgraphServer(def, config, { db, log });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    kind,
    url,
    db,
    server,
    keys,
    statements,
    async request(query, variables, as = AUDITOR) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as) headers.authorization = `Bearer ${await keys.token(as)}`;
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as GraphQLResponse;
      return { ...body, status: res.status };
    },
    async close() {
      await server.stop();
      await db.destroy();
      await database.drop();
    },
  };
}
