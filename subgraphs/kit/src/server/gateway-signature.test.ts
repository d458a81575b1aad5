import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { baseConfigSchema, ConfigError, loadConfig, seedDemoEnabled } from '../config';
import { createSubgraphServer, type SubgraphDefinition } from './subgraph-server';
import {
  ensureDevGatewaySigningKey,
  resolveGatewaySigningKey,
  signGatewayRequest,
  verifyGatewayRequest,
  GATEWAY_SIGNATURE_SKEW_MS,
} from '../access/gateway-signature';
import { startSubgraphHarness, testDatabaseKinds, type SubgraphHarness } from '../testing';

/**
 * A subgraph with one entity whose field is computed from a `@requires` value: what a caller writes into a
 * representation is what it computes from, so `_entities` must come only from the gateway.
 */
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires"])
  type Query { hello: String }
  type Person @key(fields: "id") {
    id: ID!
    category: String @external
    aid: String @requires(fields: "category")
  }
`;
const probe: SubgraphDefinition = {
  name: 'probe',
  department: 'CIVIL_AFFAIRS',
  defaultPort: 0,
  entities: [],
  migrations: [],
  buildSchema: async () => ({
    sdl: SDL,
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(SDL),
        resolvers: {
          Query: { hello: () => 'hello' },
          Person: {
            __resolveReference: (r: { id: string; category?: string }) => r,
            aid: (p: { category?: string }) => (p.category === 'DIBAO' ? '1000.00' : '0.00'),
          },
        } as any,
      },
    ]),
  }),
};
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id aid } } }`;
const REPS = { r: [{ __typename: 'Person', id: 'p1', category: 'DIBAO' }] };
const refusal = { code: 'FORBIDDEN', reason: 'GATEWAY_SIGNATURE_REQUIRED' };

describe('the gateway signature (sign/verify)', () => {
  const key = 'k'.repeat(40);
  const input = { subgraph: 'medical', requestId: 'r1', authorization: 'Bearer abc', body: '{"query":"{ x }"}' };
  it('accepts its own signature and refuses any change of body, subgraph, request id, token, key or time', () => {
    const now = 1_760_000_000_000;
    const h = signGatewayRequest(key, input, now);
    expect(h).toMatch(/^v1;t=1760000000000;sig=[0-9a-f]{64}$/);
    expect(verifyGatewayRequest(key, h, input, now)).toBe('ok');
    expect(verifyGatewayRequest(key, h, input, now + GATEWAY_SIGNATURE_SKEW_MS)).toBe('ok');
    expect(verifyGatewayRequest(key, h, { ...input, body: '{"query":"{ y }"}' }, now)).toBe('BAD_SIGNATURE');
    expect(verifyGatewayRequest(key, h, { ...input, subgraph: 'education' }, now)).toBe('BAD_SIGNATURE');
    expect(verifyGatewayRequest(key, h, { ...input, requestId: 'r2' }, now)).toBe('BAD_SIGNATURE');
    expect(verifyGatewayRequest(key, h, { ...input, authorization: 'Bearer xyz' }, now)).toBe('BAD_SIGNATURE');
    expect(verifyGatewayRequest('x'.repeat(40), h, input, now)).toBe('BAD_SIGNATURE');
    expect(verifyGatewayRequest(key, h, input, now + GATEWAY_SIGNATURE_SKEW_MS + 1)).toBe('STALE');
    expect(verifyGatewayRequest(key, h, input, now - GATEWAY_SIGNATURE_SKEW_MS - 1)).toBe('STALE');
    expect(verifyGatewayRequest(key, undefined, input, now)).toBe('MISSING');
    expect(verifyGatewayRequest(key, h.replace('v1', 'v2'), input, now)).toBe('MALFORMED');
    expect(verifyGatewayRequest(key, [h, h], input, now)).toBe('MALFORMED');
    expect(verifyGatewayRequest(key, h.slice(0, -2), input, now)).toBe('MALFORMED');
  });

  it('creates one development key on first use (mode 0600) and uses none in production', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-gw-key-'));
    try {
      const a = ensureDevGatewaySigningKey(dir);
      expect(a.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(path.join(dir, 'gateway-signing-key')).mode & 0o777).toBe(0o600);
      expect(resolveGatewaySigningKey({ AIDGRAPH_MODE: 'development', DEV_KEYS_DIR: dir })).toBe(a);
      expect(resolveGatewaySigningKey({ AIDGRAPH_MODE: 'development', DEV_KEYS_DIR: dir, GATEWAY_SIGNING_KEY: key })).toBe(key);
      expect(resolveGatewaySigningKey({ AIDGRAPH_MODE: 'production', DEV_KEYS_DIR: dir })).toBeUndefined();
      expect(fs.readdirSync(dir)).toEqual(['gateway-signing-key']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('production configuration of a subgraph', () => {
  it('refuses to start without GATEWAY_SIGNING_KEY or with SEED_DEMO=true, listing both', async () => {
    const config = loadConfig(baseConfigSchema, {
      PORT: '0', DATABASE_URL: 'sqlite::memory:', AIDGRAPH_MODE: 'production', JWKS_FILE: '/nonexistent.json',
      AUDIT_CHAIN_KEY: 'a'.repeat(40), SEED_DEMO: 'true',
    });
    let err: unknown;
    try {
      await createSubgraphServer(probe, config);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues.map((i) => i.split(':')[0]).sort()).toEqual(['GATEWAY_SIGNING_KEY', 'SEED_DEMO']);
  });

  it('never seeds by default in production, and seeds by default in development', () => {
    const base = { PORT: '0', DATABASE_URL: 'sqlite::memory:' };
    expect(seedDemoEnabled(loadConfig(baseConfigSchema, { ...base, AIDGRAPH_MODE: 'production' }))).toBe(false);
    expect(seedDemoEnabled(loadConfig(baseConfigSchema, base))).toBe(true);
    expect(seedDemoEnabled(loadConfig(baseConfigSchema, { ...base, SEED_DEMO: 'false' }))).toBe(false);
  });
});

describe.each(testDatabaseKinds())('a subgraph answers _entities only to the gateway, on %s', (kind) => {
  let h: SubgraphHarness;
  let prod: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(probe, kind);
    prod = await startSubgraphHarness(probe, kind, { env: { AIDGRAPH_MODE: 'production', AUDIT_CHAIN_KEY: 'a'.repeat(40) } });
  });
  afterAll(async () => {
    await h?.close();
    await prod?.close();
  });

  it('computes from a representation only when the gateway signed the request', async () => {
    const signed = await h.request(ENTITIES, REPS);
    expect(signed.status).toBe(200);
    expect(signed.data).toEqual({ _entities: [{ id: 'p1', aid: '1000.00' }] });
  });

  it('refuses unsigned _entities before execution, however it is hidden (alias, fragment, inline fragment)', async () => {
    for (const q of [
      ENTITIES,
      `query($r: [_Any!]!) { x: _entities(representations: $r) { __typename } }`,
      `query($r: [_Any!]!) { ...E } fragment E on Query { _entities(representations: $r) { __typename } }`,
      `query($r: [_Any!]!) { ... on Query { hello _entities(representations: $r) { __typename } } }`,
    ]) {
      const r = await h.requestDirect(q, REPS);
      expect({ q, status: r.status, data: r.data ?? null, ext: r.errors?.[0]?.extensions }).toEqual({ q, status: 403, data: null, ext: refusal });
    }
  });

  it('treats a tampered body, a stale or future timestamp and a wrong key as no signature', async () => {
    const other = JSON.stringify({ query: ENTITIES, variables: { r: [{ __typename: 'Person', id: 'p2', category: 'DIBAO' }] } });
    const attempts = [
      await h.request(ENTITIES, REPS, undefined, { tamperedBody: other }),
      await h.request(ENTITIES, REPS, undefined, { signedAt: Date.now() - GATEWAY_SIGNATURE_SKEW_MS - 5000 }),
      await h.request(ENTITIES, REPS, undefined, { signedAt: Date.now() + GATEWAY_SIGNATURE_SKEW_MS + 5000 }),
      await h.request(ENTITIES, REPS, undefined, { key: 'wrong-key-wrong-key-wrong-key-wrong-key' }),
      await h.request(ENTITIES, REPS, undefined, { headers: { 'x-aidgraph-gateway': 'v1;t=1;sig=' + '0'.repeat(64) } , signed: false }),
    ];
    for (const r of attempts) expect({ status: r.status, data: r.data ?? null, ext: r.errors?.[0]?.extensions }).toEqual({ status: 403, data: null, ext: refusal });
    // no token at all: the caller is refused before anything else
    expect((await h.requestDirect(ENTITIES, REPS, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers root fields to a direct caller with a valid token', async () => {
    const r = await h.requestDirect(`{ hello }`);
    expect(r).toMatchObject({ status: 200, data: { hello: 'hello' } });
    expect(r.errors).toBeUndefined();
  });

  it('answers _service unsigned in development only; in production only to the gateway', async () => {
    const dev = await h.requestDirect(`{ _service { sdl } }`);
    expect(dev.data._service.sdl).toContain('type Person');
    const refused = await prod.requestDirect(`{ _service { sdl } }`);
    expect({ status: refused.status, data: refused.data ?? null, ext: refused.errors?.[0]?.extensions }).toEqual({ status: 403, data: null, ext: refusal });
    const signed = await prod.request(`{ _service { sdl } }`);
    expect(signed.data._service.sdl).toContain('type Person');
    const root = await prod.requestDirect(`{ hello }`);
    expect(root.data).toEqual({ hello: 'hello' });
  });
});

describe.each(testDatabaseKinds())('client mistakes straight to a subgraph are 4xx with a code, on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(probe, kind);
  });
  afterAll(() => h?.close());

  it('answers every kind of malformed request or operation with 4xx and a code', async () => {
    const token = `Bearer ${await h.keys.token({ role: 'auditor' })}`;
    const bodies: unknown[] = [
      { query: 'query A { hello }', operationName: 'C' },
      { query: 'query A { hello } query B { hello }' },
      { query: 'query A { hello }', operationName: '' },
      { query: '{ hello } { hello }' },
      { query: 'subscription { hello }' },
      { query: 'mutation { hello }' },
      { query: 'fragment F on Query { hello }' },
      { query: 5 },
      { query: '' },
      { query: '{ hello }', variables: [1] },
      { query: '{ hello }', operationName: 5 },
      { query: '{ hello(' },
      { query: '{ nothing }' },
      [{ query: '{ hello }' }],
      {},
    ];
    const raw = ['{bad json', 'null', '"x"', '42'];
    const problems: unknown[] = [];
    for (const body of [...bodies.map((b) => JSON.stringify(b)), ...raw]) {
      const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body });
      const json = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      const code = json.errors?.[0]?.extensions?.code;
      if (res.status < 400 || res.status >= 500 || !code || code === 'INTERNAL_SERVER_ERROR') problems.push({ body, status: res.status, code });
    }
    expect(problems).toEqual([]);
  });

  it('marks every answer no-store (an answer carries personal data), a refusal too', async () => {
    const token = `Bearer ${await h.keys.token({ role: 'auditor' })}`;
    for (const query of ['{ hello }', '{ nothing }']) {
      const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query }) });
      expect([res.status, res.headers.get('cache-control')]).toEqual([query === '{ hello }' ? 200 : 400, 'no-store']);
    }
  });
});

describe.each(testDatabaseKinds())('a server-side bound on _entities, on %s', (kind) => {
  let h: SubgraphHarness;
  beforeAll(async () => {
    h = await startSubgraphHarness(probe, kind);
  });
  afterAll(() => h?.close());

  it(`resolves up to MAX_ENTITY_REPRESENTATIONS representations and refuses more (TOO_MANY), even from the gateway`, async () => {
    const { MAX_ENTITY_REPRESENTATIONS } = await import('./subgraph-server');
    const reps = (n: number) => ({ r: Array.from({ length: n }, (_, i) => ({ __typename: 'Person', id: `p${i}` })) });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id } } }`;
    const most = await h.request(q, reps(MAX_ENTITY_REPRESENTATIONS));
    expect(most.data._entities).toHaveLength(MAX_ENTITY_REPRESENTATIONS);
    const more = await h.request(q, reps(MAX_ENTITY_REPRESENTATIONS + 1));
    expect({ status: more.status, data: more.data ?? null, ext: more.errors?.[0]?.extensions }).toEqual({
      status: 400, data: null, ext: { code: 'BAD_USER_INPUT', field: 'representations', reason: 'TOO_MANY' },
    });
  });
});
