import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import pino from 'pino';
import { execute, parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ConfigError, createLogger, type Logger } from '@aidgraph/subgraph-kit';
import { createTestKeys } from '@aidgraph/subgraph-kit/testing';
import { closedPort, startTestGateway, type TestGateway } from './support/test-gateway';
import { loadGatewayConfig } from '../src/config';
import { createGatewayServer } from '../src/server';
import { buildManifest, documentHash, manifestJson } from '../src/trusted-documents-manifest';
import { runTrustedDocumentsCommand } from '../src/trusted-documents-command';

const ROOT = path.resolve(__dirname, '../..');
const COMMITTED = path.join(ROOT, 'gateway/trusted-documents/examples.json');
const examples = JSON.parse(fs.readFileSync(COMMITTED, 'utf8')) as Record<string, string>;
const hashOf = (name: string) => Object.keys(examples).find((h) => examples[h].startsWith(`query ${name}`))!;
const FIRST_PEOPLE = hashOf('FirstPeople');
/** one document per operation of tests/operations/*.graphql: the committed manifest lists them all */
const OPERATION_FILES = fs.readdirSync(path.join(ROOT, 'tests/operations')).filter((f) => f.endsWith('.graphql')).length;

const tmpDirs: string[] = [];
function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aidgraph-td-${prefix}-`));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A manifests folder: the committed `examples` manifest, and `township-window` with one document of its own. */
function manifestsDir(): string {
  const dir = tmpDir('manifests');
  fs.copyFileSync(COMMITTED, path.join(dir, 'examples.json'));
  const ops = tmpDir('ops');
  fs.writeFileSync(path.join(ops, 'typename.graphql'), 'query WindowTypename { __typename }\n');
  fs.writeFileSync(path.join(dir, 'township-window.json'), manifestJson(buildManifest(ops)));
  return dir;
}

/** Civil affairs with 8 people, executing the gateway's fetches; `fetches` counts them. */
async function fakeCivilAffairs() {
  const people = Array.from({ length: 8 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `P${i}` }));
  const sdl = fs.readFileSync(path.join(ROOT, 'schema/subgraphs/civil-affairs.graphql'), 'utf8');
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(sdl),
      resolvers: {
        Query: {
          people: (_: unknown, a: { first?: number }) => {
            const page = people.slice(0, a.first ?? 50);
            return {
              totalCount: people.length,
              edges: page.map((p) => ({ cursor: p.id, node: p })),
              pageInfo: { hasNextPage: page.length < people.length, hasPreviousPage: false, startCursor: page[0]?.id ?? null, endCursor: page.at(-1)?.id ?? null },
            };
          },
        },
      } as any,
    },
  ]);
  let fetches = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      fetches++;
      const { query, variables } = JSON.parse(body);
      const result = await execute({ schema, document: parse(query), variableValues: variables });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    people,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`,
    fetches: () => fetches,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** POST a JSON body with a token and optional headers; the status and parsed body. */
async function ask(gw: TestGateway, token: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const pq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const FIVE_PEOPLE = (civil: { people: { id: string; name: string }[] }) => ({
  data: { people: { totalCount: 8, edges: civil.people.slice(0, 5).map((p) => ({ node: { id: p.id, name: p.name } })) } },
});

describe('the manifest generator (npm run trusted-documents)', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
  };

  it('writes { sha256: document } from .graphql files, the same bytes whatever the files are called or ordered', async () => {
    const a = tmpDir('gen-a');
    const b = tmpDir('gen-b');
    const fragment = '# a shared fragment\nfragment Who on Person { id name }\n';
    const one = 'query One { people(first: 2) { edges { node { ...Who } } } }\n';
    const two = '# comments and layout do not matter\nquery   Two($id: ID!) {\n  person(id: $id) { ...Who }\n}\n';
    fs.writeFileSync(path.join(a, 'one.graphql'), one);
    fs.writeFileSync(path.join(a, 'two.graphql'), two);
    fs.writeFileSync(path.join(a, 'who.graphql'), fragment);
    fs.mkdirSync(path.join(b, 'nested'));
    fs.writeFileSync(path.join(b, 'z.graphql'), one);
    fs.writeFileSync(path.join(b, 'nested/a.graphql'), fragment + two);
    const ra = io();
    const rb = io();
    expect(await runTrustedDocumentsCommand(['--client', 'township-window', '--operations', a, '--out', path.join(a, 'm.json')], ra.io)).toBe(0);
    expect(await runTrustedDocumentsCommand(['--client', 'township-window', '--operations', b, '--out', path.join(b, 'm.json')], rb.io)).toBe(0);
    expect(ra.out.join('')).toMatch(/township-window: 2 documents -> /);
    const text = fs.readFileSync(path.join(a, 'm.json'), 'utf8');
    expect(fs.readFileSync(path.join(b, 'm.json'), 'utf8')).toBe(text);
    const manifest = JSON.parse(text) as Record<string, string>;
    const docs = Object.values(manifest);
    expect(docs).toEqual(
      expect.arrayContaining([
        'query One {\n  people(first: 2) {\n    edges {\n      node {\n        ...Who\n      }\n    }\n  }\n}\n\nfragment Who on Person {\n  id\n  name\n}',
        'query Two($id: ID!) {\n  person(id: $id) {\n    ...Who\n  }\n}\n\nfragment Who on Person {\n  id\n  name\n}',
      ]),
    );
    expect(docs).toHaveLength(2);
    for (const [hash, doc] of Object.entries(manifest)) expect(crypto.createHash('sha256').update(doc).digest('hex')).toBe(hash);
    expect(Object.keys(manifest)).toEqual([...Object.keys(manifest)].sort());
  });

  it('the committed manifest is what the registered client operations give (--registered --check)', async () => {
    const r = io();
    expect(await runTrustedDocumentsCommand(['--registered', '--check'], r.io)).toBe(0);
    expect(r.out.join('')).toMatch(new RegExp(`examples: .*examples\\.json is up to date \\(${OPERATION_FILES} documents\\)`));
    expect(Object.keys(examples)).toHaveLength(fs.readdirSync(path.join(ROOT, 'tests/operations')).filter((f) => f.endsWith('.graphql')).length);
    // a manifest that drifted from its operations fails the check
    const dir = tmpDir('drift');
    fs.writeFileSync(path.join(dir, 'examples.json'), '{}\n');
    const d = io();
    expect(await runTrustedDocumentsCommand(['--registered', '--check', '--out-dir', dir], d.io)).toBe(1);
    expect(d.err.join('')).toMatch(/differs from its operations/);
  });

  it('refuses anonymous, duplicated and broken operations and undefined fragments, naming each', async () => {
    const dir = tmpDir('bad');
    fs.writeFileSync(path.join(dir, 'a.graphql'), '{ __typename }\nquery Same { __typename }\n');
    fs.writeFileSync(path.join(dir, 'b.graphql'), 'query Same { ...Missing }\n');
    fs.writeFileSync(path.join(dir, 'c.graphql'), 'query Broken {\n');
    const r = io();
    expect(await runTrustedDocumentsCommand(['--client', 'x', '--operations', dir, '--out', path.join(dir, 'm.json')], r.io)).toBe(1);
    const err = r.err.join('');
    expect(err).toMatch(/a\.graphql: an anonymous operation/);
    expect(err).toMatch(/b\.graphql: fragment Missing is not defined/);
    expect(err).toMatch(/operation Same is also defined in a\.graphql/);
    expect(err).toMatch(/c\.graphql: Syntax Error/);
    expect(fs.existsSync(path.join(dir, 'm.json'))).toBe(false);
    expect(await runTrustedDocumentsCommand(['--client', 'not a name', '--operations', dir], io().io)).toBe(1);
  });
});

describe('configuration', () => {
  it('validates the modes, roles and sizes, and refuses a manifest that does not match its hashes at start', async () => {
    expect(() => loadGatewayConfig({ TRUSTED_DOCUMENTS: 'strict' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ TRUSTED_DOCUMENTS_ADHOC_ROLES: 'analyst,janitor' })).toThrow(/TRUSTED_DOCUMENTS_ADHOC_ROLES/);
    expect(() => loadGatewayConfig({ APQ_CACHE_SIZE: '0' })).toThrow(/APQ_CACHE_SIZE/);
    const d = loadGatewayConfig({});
    expect([d.TRUSTED_DOCUMENTS, d.TRUSTED_DOCUMENTS_ADHOC_ROLES, d.APQ, d.APQ_CACHE_SIZE]).toEqual(['off', ['analyst'], false, 1000]);
    expect(loadGatewayConfig({ TRUSTED_DOCUMENTS_ADHOC_ROLES: 'none' }).TRUSTED_DOCUMENTS_ADHOC_ROLES).toEqual([]);
    expect(loadGatewayConfig({ TRUSTED_DOCUMENTS_ADHOC_ROLES: 'analyst, auditor' }).TRUSTED_DOCUMENTS_ADHOC_ROLES).toEqual(['analyst', 'auditor']);

    const dir = tmpDir('broken');
    fs.writeFileSync(path.join(dir, 'web.json'), JSON.stringify({ ['ab'.repeat(32)]: '{ __typename }' }));
    const config = loadGatewayConfig({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_DIR: dir, LOG_LEVEL: 'silent', METRICS_PORT: '0' });
    await expect(createGatewayServer(config, createLogger('gateway', 'silent'))).rejects.toThrow(/TRUSTED_DOCUMENTS_DIR: web\.json: abab.* is not the sha256 of its document/);
  });
});

describe('TRUSTED_DOCUMENTS=enforce', () => {
  let civil: Awaited<ReturnType<typeof fakeCivilAffairs>>;
  let gw: TestGateway;
  let dir: string;
  let caseworker: string;
  let analyst: string;
  const logLines: string[] = [];
  const logs = () => logLines.map((l) => JSON.parse(l));
  beforeAll(async () => {
    civil = await fakeCivilAffairs();
    dir = manifestsDir();
    const log = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) }) as unknown as Logger;
    gw = await startTestGateway({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_DIR: dir, SUBGRAPH_CIVIL_AFFAIRS_URL: civil.url, SUPERGRAPH_POLL_MS: '50' }, log);
    caseworker = await gw.keys.token({ role: 'caseworker', township: '370281001', subject: 'td-caseworker' });
    analyst = await gw.keys.token({ role: 'analyst', subject: 'td-analyst' });
  });
  afterAll(async () => {
    await gw?.close();
    await civil?.close();
  });

  it('runs a registered operation by its text, by its hash alone (APQ wire format, documentId) and over GET', async () => {
    const client = { 'graphql-client-name': 'examples' };
    const byText = await ask(gw, caseworker, { query: examples[FIRST_PEOPLE] }, client);
    expect(byText).toEqual({ status: 200, body: FIVE_PEOPLE(civil) });
    expect(await ask(gw, caseworker, { extensions: pq(FIRST_PEOPLE) }, client)).toEqual({ status: 200, body: FIVE_PEOPLE(civil) });
    expect(await ask(gw, caseworker, { documentId: `sha256:${FIRST_PEOPLE}` }, { 'apollographql-client-name': 'examples' })).toEqual({ status: 200, body: FIVE_PEOPLE(civil) });
    expect(await ask(gw, caseworker, { documentId: FIRST_PEOPLE })).toEqual({ status: 200, body: FIVE_PEOPLE(civil) });
    // the text with its hash: checked, then run
    expect((await ask(gw, caseworker, { query: examples[FIRST_PEOPLE], extensions: pq(FIRST_PEOPLE) }, client)).body).toEqual(FIVE_PEOPLE(civil));
    // the .graphql file as written (comment, layout): the same document once parsed and printed
    const asWritten = fs.readFileSync(path.join(ROOT, 'tests/operations/first-people.graphql'), 'utf8');
    expect(asWritten).not.toBe(examples[FIRST_PEOPLE]);
    expect((await ask(gw, caseworker, { query: asWritten }, client)).body).toEqual(FIVE_PEOPLE(civil));
    const get = await fetch(`${gw.url}?documentId=${FIRST_PEOPLE}`, { headers: { authorization: `Bearer ${caseworker}`, 'apollo-require-preflight': '1', ...client } });
    expect([get.status, await get.json()]).toEqual([200, FIVE_PEOPLE(civil)]);
    const getPq = await fetch(`${gw.url}?extensions=${encodeURIComponent(JSON.stringify(pq(FIRST_PEOPLE)))}`, { headers: { authorization: `Bearer ${caseworker}`, 'apollo-require-preflight': '1' } });
    expect([getPq.status, await getPq.json()]).toEqual([200, FIVE_PEOPLE(civil)]);
  });

  it('refuses an unregistered operation from a frontend client before any subgraph is asked', async () => {
    const before = civil.fetches();
    const adhoc = { query: '{ people(first: 8) { edges { node { id name idNumber } } } }' };
    for (const headers of [{ 'graphql-client-name': 'examples' }, {}] as Record<string, string>[]) {
      const r = await ask(gw, caseworker, adhoc, headers);
      expect(r).toEqual({
        status: 400,
        body: { errors: [{ message: expect.stringMatching(/only registered operations/), extensions: { code: 'OPERATION_NOT_TRUSTED', reason: 'NOT_REGISTERED' } }] },
      });
    }
    // the same for a department officer and an auditor (only analysts are ad-hoc by default)
    const officer = await gw.keys.token({ role: 'department_officer', department: 'EDUCATION', subject: 'td-officer' });
    expect((await ask(gw, officer, adhoc)).body.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    expect((await ask(gw, gw.token, adhoc)).body.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    // a small change to a registered operation is another operation
    const changed = examples[FIRST_PEOPLE].replace('name', 'name idNumber');
    expect((await ask(gw, caseworker, { query: changed })).body.errors[0].extensions.reason).toBe('NOT_REGISTERED');
    // a client name with no manifest; another client's operation
    expect((await ask(gw, caseworker, { documentId: FIRST_PEOPLE }, { 'graphql-client-name': 'unknown-app' })).body.errors[0].extensions).toEqual({ code: 'OPERATION_NOT_TRUSTED', reason: 'UNKNOWN_CLIENT' });
    const windowOnly = 'query WindowTypename {\n  __typename\n}';
    const notMine = await ask(gw, caseworker, { query: windowOnly }, { 'graphql-client-name': 'examples' });
    expect([notMine.status, notMine.body.errors[0].extensions.reason]).toEqual([400, 'NOT_REGISTERED_FOR_CLIENT']);
    expect(await ask(gw, caseworker, { query: windowOnly }, { 'graphql-client-name': 'township-window' })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    // a hash nobody registered (APQ is off): not found; an analyst too
    for (const token of [caseworker, analyst]) {
      const r = await ask(gw, token, { extensions: pq('cd'.repeat(32)) });
      expect([r.status, r.body.errors[0].extensions.code]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
    }
    expect((await ask(gw, caseworker, { documentId: 'ef'.repeat(32) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await ask(gw, caseworker, { documentId: 'not-a-hash' })).body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'INVALID_DOCUMENT_ID' });
    expect(civil.fetches()).toBe(before);
  });

  it("runs an analyst's ad-hoc query", async () => {
    const r = await ask(gw, analyst, { query: '{ people(first: 3) { totalCount edges { node { name } } } }' }, { 'graphql-client-name': 'examples' });
    expect(r).toEqual({ status: 200, body: { data: { people: { totalCount: 8, edges: [{ node: { name: 'P0' } }, { node: { name: 'P1' } }, { node: { name: 'P2' } }] } } } });
  });

  it('refuses a text that does not match the hash sent with it, from anyone', async () => {
    for (const token of [caseworker, analyst]) {
      const r = await ask(gw, token, { query: '{ people(first: 8) { edges { node { idNumber } } } }', extensions: pq(FIRST_PEOPLE) });
      expect(r).toEqual({ status: 400, body: { errors: [{ message: 'the query text does not match the sha256 hash sent with it', extensions: { code: 'BAD_REQUEST', reason: 'HASH_MISMATCH' } }] } });
      const viaId = await ask(gw, token, { query: '{ __typename }', documentId: FIRST_PEOPLE });
      expect(viaId.body.errors[0].extensions.reason).toBe('HASH_MISMATCH');
    }
  });

  it('reads a changed manifest without a restart, and keeps the loaded ones when a change is broken', async () => {
    const text = 'query AddedLater {\n  __typename\n}';
    expect((await ask(gw, caseworker, { documentId: documentHash(text) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    fs.writeFileSync(path.join(dir, 'late.json'), JSON.stringify({ [documentHash(text)]: text }));
    const deadline = Date.now() + 5000;
    let r = await ask(gw, caseworker, { documentId: documentHash(text) });
    while (r.status !== 200 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 50));
      r = await ask(gw, caseworker, { documentId: documentHash(text) });
    }
    expect(r).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    expect(logs().filter((l) => l.msg === 'trusted documents reloaded').map((l) => l.clients)).toEqual([{ examples: OPERATION_FILES, late: 1, 'township-window': 1 }]);
    // a broken file: refused (logged once, naming the problem), the loaded manifests stay
    fs.writeFileSync(path.join(dir, 'late.json'), '{ "not": "a hash" }');
    const refusedBy = Date.now() + 5000;
    while (!logs().some((l) => l.msg === 'trusted documents refused; the loaded manifests stay') && Date.now() < refusedBy) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, 200));
    const refused = logs().filter((l) => l.msg === 'trusted documents refused; the loaded manifests stay');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 50, problems: ['late.json: key not is not a sha256 (64 lower-case hex digits)'] });
    expect((await ask(gw, caseworker, { documentId: documentHash(text) })).status).toBe(200);
    // logs name clients, counts and hashes, never a document's text
    expect(logLines.join('')).not.toMatch(/AddedLater|__typename/);
  });
});

describe('TRUSTED_DOCUMENTS=accept', () => {
  it('serves registered documents by hash and still runs any text', async () => {
    const gw = await startTestGateway({ TRUSTED_DOCUMENTS: 'accept', TRUSTED_DOCUMENTS_DIR: manifestsDir() });
    try {
      const windowOnly = documentHash('query WindowTypename {\n  __typename\n}');
      expect(await ask(gw, gw.token, { documentId: windowOnly }, { 'graphql-client-name': 'examples' })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      expect(await ask(gw, gw.token, { query: 'query Mine { __typename }' })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      // the APQ register format with an unregistered hash and APQ off: the text runs (checked against its hash)
      const mine = 'query Mine2 { __typename }';
      expect((await ask(gw, gw.token, { query: mine, extensions: pq(documentHash(mine)) })).status).toBe(200);
      expect((await ask(gw, gw.token, { extensions: pq(documentHash(mine)) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await gw.close();
    }
  });
});

describe('automatic persisted queries', () => {
  const q = (n: number) => `query Apq${n} { __typename }`;
  const register = (gw: TestGateway, n: number) => ask(gw, gw.token, { query: q(n), extensions: pq(documentHash(q(n))) });
  const byHash = (gw: TestGateway, n: number) => ask(gw, gw.token, { extensions: pq(documentHash(q(n))) });
  const OK = { status: 200, body: { data: { __typename: 'Query' } } };

  it('are off by default: a persistedQuery extension is PERSISTED_QUERY_NOT_SUPPORTED (400)', async () => {
    const gw = await startTestGateway();
    try {
      for (const r of [await register(gw, 1), await byHash(gw, 1)]) expect([r.status, r.body.errors[0].extensions.code]).toEqual([400, 'PERSISTED_QUERY_NOT_SUPPORTED']);
    } finally {
      await gw.close();
    }
  });

  it('when on, keep at most APQ_CACHE_SIZE documents in memory, the least recently used evicted', async () => {
    const gw = await startTestGateway({ APQ: 'true', APQ_CACHE_SIZE: '2' });
    try {
      const notFound = { status: 400, body: { errors: [{ message: expect.any(String), extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } };
      expect(await byHash(gw, 1)).toEqual(notFound);
      expect(await register(gw, 1)).toEqual(OK);
      expect(await register(gw, 2)).toEqual(OK);
      expect(await byHash(gw, 1)).toEqual(OK); // 1 is now the most recently used
      expect(await register(gw, 3)).toEqual(OK); // evicts 2
      expect(await byHash(gw, 2)).toEqual(notFound);
      expect(await byHash(gw, 1)).toEqual(OK);
      expect(await byHash(gw, 3)).toEqual(OK);
      // a text that does not match its hash is a 400 with a code (not Apollo's uncoded error)
      const bad = await ask(gw, gw.token, { query: q(4), extensions: pq(documentHash(q(5))) });
      expect([bad.status, bad.body.errors[0].extensions]).toEqual([400, { code: 'BAD_REQUEST', reason: 'HASH_MISMATCH' }]);
      // an invalid text is not registered
      const invalid = 'query Invalid { noSuchField }';
      expect((await ask(gw, gw.token, { query: invalid, extensions: pq(documentHash(invalid)) })).status).toBe(400);
      expect((await ask(gw, gw.token, { extensions: pq(documentHash(invalid)) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await gw.close();
    }
  });
});

interface PrivateRedis {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function privateRedis(port: number): PrivateRedis {
  let child: ChildProcess | undefined;
  return {
    port,
    async start() {
      const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        c.stdout!.on('data', (d) => {
          out += d;
          if (/Ready to accept connections/.test(out)) resolve();
        });
        c.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
      });
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((r) => {
        c.once('exit', () => r());
        c.kill('SIGKILL');
      });
    },
  };
}

const haveRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A gateway in a process of its own, from the TypeScript sources (test/support/swc-register.js), on free ports: its
 * GraphQL URL once it logs that it is ready. Stopped (its process group) by `stop`, and by tools/parent-watch.js if this
 * test process ends first.
 */
async function gatewayProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--require', path.join(ROOT, 'tools/parent-watch.js'), '--require', path.join(__dirname, 'support/swc-register.js'), path.join(ROOT, 'gateway/src/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the gateway process did not start in 30 s:\n${out.slice(-2000)}`)), 30_000);
      child.stdout!.on('data', () => {
        const m = /gateway ready at http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the gateway process exited (${code}):\n${out.slice(-2000)}`));
      });
    });
    return { pid: child.pid!, url: `http://127.0.0.1:${port}/graphql`, output: () => out, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

(haveRedisServer ? describe : describe.skip)('gateway replicas', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  const prefix = `aidgraph-test:apq:${crypto.randomUUID()}:`;
  beforeAll(async () => {
    redis = privateRedis(await closedPort());
    await redis.start();
    admin = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  it('are separate processes that serve the same trusted documents and share APQ documents through Redis', async () => {
    const keys = await createTestKeys();
    const dir = manifestsDir();
    const down = `http://127.0.0.1:${await closedPort()}/graphql`;
    const subgraphs = (JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs as { name: string }[]).map((s) => s.name);
    const env: Record<string, string> = {
      JWKS_FILE: keys.jwksFile,
      JWT_ISSUER: keys.issuer,
      JWT_AUDIENCE: keys.audience,
      GATEWAY_SIGNING_KEY: 'test-gateway-signing-key-0123456789abcdef',
      PORT: '0',
      METRICS_PORT: '0',
      SUPERGRAPH_POLL_MS: '0',
      LOG_LEVEL: 'info',
      TRUSTED_DOCUMENTS: 'enforce',
      TRUSTED_DOCUMENTS_DIR: dir,
      APQ: 'true',
      APQ_PREFIX: `${prefix}processes:`,
      REDIS_URL: `redis://127.0.0.1:${redis.port}/0`,
      ...Object.fromEntries(subgraphs.map((s) => [`SUBGRAPH_${s.toUpperCase().replace(/-/g, '_')}_URL`, down])),
    };
    const [a, b] = await Promise.all([gatewayProcess(env), gatewayProcess(env)]);
    try {
      expect(a.pid).not.toBe(b.pid);
      const caseworker = await keys.token({ role: 'caseworker', township: '370281001', subject: 'replica-caseworker' });
      const analyst = await keys.token({ role: 'analyst', subject: 'replica-analyst' });
      const post = async (url: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as any };
      };
      const OK = { status: 200, body: { data: { __typename: 'Query' } } };
      const windowOnly = documentHash('query WindowTypename {\n  __typename\n}');
      for (const url of [a.url, b.url]) {
        // a registered document by hash alone runs on each replica; an unregistered one is refused by each
        expect(await post(url, caseworker, { documentId: windowOnly }, { 'graphql-client-name': 'township-window' })).toEqual(OK);
        expect((await post(url, caseworker, { query: '{ __typename }' })).body.errors[0].extensions).toEqual({ code: 'OPERATION_NOT_TRUSTED', reason: 'NOT_REGISTERED' });
      }
      // an analyst registers an ad-hoc text through A (APQ); B finds it from the hash alone, through Redis
      const text = 'query AnalystAdHoc { __typename }';
      expect((await post(b.url, analyst, { extensions: pq(documentHash(text)) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await post(a.url, analyst, { query: text, extensions: pq(documentHash(text)) })).toEqual(OK);
      // stored after the answer (not awaited by Apollo Server): wait until Redis has it
      for (let i = 0; i < 100 && !(await admin.keys(`*${documentHash(text)}`)).length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await post(b.url, analyst, { extensions: pq(documentHash(text)) })).toEqual(OK);
      // ... but the APQ cache opens nothing to a caller held to registered documents
      expect((await post(b.url, caseworker, { extensions: pq(documentHash(text)) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await admin.zcard(`${prefix}processes:index`)).toBe(1);
      for (const p of [a, b]) expect(p.output()).toMatch(/"msg":"trusted documents loaded"/);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('two gateways share the APQ cache in Redis, bounded to APQ_CACHE_SIZE; Redis down means misses, not failures', async () => {
    const env = { APQ: 'true', APQ_CACHE_SIZE: '3', APQ_PREFIX: prefix, REDIS_URL: `redis://127.0.0.1:${redis.port}/0` };
    const a = await startTestGateway(env);
    const b = await startTestGateway(env);
    try {
      const q = (n: number) => `query Shared${n} { __typename }`;
      const OK = { status: 200, body: { data: { __typename: 'Query' } } };
      expect((await ask(b, b.token, { extensions: pq(documentHash(q(1))) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      // Apollo Server stores a registered document after it answers (not awaited): wait until Redis has it
      const stored = async (n: number) => {
        const key = `apq:${documentHash(q(n))}`;
        for (let i = 0; i < 100 && (await admin.zscore(`${prefix}index`, key)) === null; i++) await new Promise((r) => setTimeout(r, 50));
      };
      // registered through A, found by B from its hash alone
      expect(await ask(a, a.token, { query: q(1), extensions: pq(documentHash(q(1))) })).toEqual(OK);
      await stored(1);
      expect(await ask(b, b.token, { extensions: pq(documentHash(q(1))) })).toEqual(OK);
      // 5 more registrations, alternating replicas: the index holds the 3 most recent, the others are gone
      for (let n = 2; n <= 6; n++) {
        const gw = n % 2 ? a : b;
        expect(await ask(gw, gw.token, { query: q(n), extensions: pq(documentHash(q(n))) })).toEqual(OK);
        await stored(n);
      }
      expect(await admin.zcard(`${prefix}index`)).toBe(3);
      expect((await admin.keys(`${prefix}doc:*`)).length).toBe(3);
      for (const [n, status] of [[1, 400], [3, 400], [4, 200], [5, 200], [6, 200]] as const) expect([n, (await ask(a, a.token, { extensions: pq(documentHash(q(n))) })).status]).toEqual([n, status]);
      // a document lives at most APQ_TTL_SECONDS (a day by default)
      const ttl = await admin.ttl(`${prefix}doc:apq:${documentHash(q(6))}`);
      expect(ttl).toBeGreaterThan(86_000);
      expect(ttl).toBeLessThanOrEqual(86_400);

      // Redis stops: a hash alone is a miss (the client then sends the text), the text with its hash still runs
      await redis.stop();
      const miss = await ask(a, a.token, { extensions: pq(documentHash(q(6))) });
      expect([miss.status, miss.body.errors[0].extensions.code]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
      expect(await ask(b, b.token, { query: q(6), extensions: pq(documentHash(q(6))) })).toEqual(OK);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
