import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { createTestDatabase, createTestKeys, TEST_GATEWAY_SIGNING_KEY, type DatabaseKind, type TestDatabase, type TestKeys, type TokenAs, type GraphQLResponse } from '@aidgraph/subgraph-kit/testing';
import { GATEWAY_SIGNATURE_HEADER, signGatewayRequest } from '@aidgraph/subgraph-kit';

/**
 * The whole AidGraph stack for end-to-end tests, over real HTTP: every subgraph of the committed supergraph as its own
 * process on its own fresh database (SQLite file or PostgreSQL schema) seeded with the deterministic demo population,
 * and the gateway process in front of them, all verifying tokens signed by a throw-away test key.
 */
export const ROOT = path.resolve(__dirname, '../..');
export const SUPERGRAPH_FILE = path.join(ROOT, 'schema/supergraph.graphql');

export interface SubgraphProcess {
  name: string;
  url: string;
  port: number;
  database: TestDatabase;
  process: ChildProcess | null;
}

export interface Stack {
  kind: DatabaseKind;
  gatewayUrl: string;
  /** the gateway's separate metrics listener: http://127.0.0.1:<METRICS_PORT>/metrics */
  metricsUrl: string;
  keys: TestKeys;
  seed: string;
  seedSize: number;
  subgraphs: Map<string, SubgraphProcess>;
  /** POST an operation to the gateway as the given identity (auditor by default; null for no token) */
  query<T = any>(query: string, variables?: Record<string, unknown>, as?: TokenAs | null, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /**
   * POST an operation straight to one subgraph (bypassing the gateway): unsigned, as any caller who reaches it would;
   * with `{ signed: true }` signed with the stack's gateway key, as the gateway sends it
   */
  querySubgraph<T = any>(name: string, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>, options?: { signed?: boolean }): Promise<GraphQLResponse<T>>;
  /** the gateway signing key every process of the stack shares (GATEWAY_SIGNING_KEY) */
  gatewaySigningKey: string;
  stopSubgraph(name: string): Promise<void>;
  startSubgraph(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The subgraphs named in the committed supergraph, with their package folders. */
export function supergraphSubgraphs(): { name: string; dir: string }[] {
  const sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  const names = [...sdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]);
  const listed = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs as { name: string; dir: string }[];
  return names.map((n) => ({ name: n, dir: listed.find((s) => s.name === n)!.dir }));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 90000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}: ${output().slice(-2000)}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${url}\n${output().slice(-2000)}`);
}

function launch(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20000)));
  return { child, output: () => out };
}

async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startStack(kind: DatabaseKind, options: { seed?: string; seedSize?: number; gatewayEnv?: Record<string, string> } = {}): Promise<Stack> {
  const seed = options.seed ?? 'e2e-seed';
  const seedSize = options.seedSize ?? 1200;
  const keys = await createTestKeys();
  const tokenEnv = { JWKS_FILE: keys.jwksFile, JWT_ISSUER: keys.issuer, JWT_AUDIENCE: keys.audience, GATEWAY_SIGNING_KEY: TEST_GATEWAY_SIGNING_KEY };
  const subgraphs = new Map<string, SubgraphProcess>();
  const outputs = new Map<string, () => string>();
  const list = supergraphSubgraphs();

  const startOne = async (name: string) => {
    const s = subgraphs.get(name)!;
    const dir = list.find((x) => x.name === name)!.dir;
    const { child, output } = launch(path.join(ROOT, dir, 'dist/index.js'), {
      ...tokenEnv,
      PORT: String(s.port),
      DATABASE_URL: s.database.url,
      SEED_DEMO: 'true',
      SEED: seed,
      SEED_SIZE: String(seedSize),
      // department writes ask the stack's civil-affairs subgraph whether the person exists (issue 14, item 11)
      REGISTRY_URL: subgraphs.get('civil-affairs')!.url,
    });
    s.process = child;
    outputs.set(name, output);
    await waitReady(`http://127.0.0.1:${s.port}/ready`, child, output);
  };

  for (const { name } of list) {
    const port = await freePort();
    subgraphs.set(name, { name, port, url: `http://127.0.0.1:${port}/graphql`, database: await createTestDatabase(kind, name), process: null });
  }
  const gatewayPort = await freePort();
  const metricsPort = await freePort();
  let gateway: ChildProcess | null = null;
  const close = async () => {
    await stopProcess(gateway);
    for (const s of subgraphs.values()) {
      await stopProcess(s.process);
      await s.database.drop();
    }
  };
  try {
    await Promise.all(list.map((s) => startOne(s.name)));
    const urls = Object.fromEntries([...subgraphs.values()].map((s) => [`SUBGRAPH_${s.name.toUpperCase().replace(/-/g, '_')}_URL`, s.url]));
    const g = launch(path.join(ROOT, 'gateway/dist/index.js'), { ...tokenEnv, ...urls, PORT: String(gatewayPort), METRICS_PORT: String(metricsPort), ...(options.gatewayEnv ?? {}) });
    gateway = g.child;
    await waitReady(`http://127.0.0.1:${gatewayPort}/ready`, g.child, g.output);
  } catch (e) {
    await close();
    throw e;
  }
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  const post = async (url: string, body: unknown, headers: Record<string, string>, signFor?: string) => {
    const text = JSON.stringify(body);
    const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
    if (signFor) {
      h['x-request-id'] ??= crypto.randomUUID();
      h[GATEWAY_SIGNATURE_HEADER] = signGatewayRequest(TEST_GATEWAY_SIGNING_KEY, { subgraph: signFor, requestId: h['x-request-id'], authorization: h.authorization ?? '', body: text });
    }
    const res = await fetch(url, { method: 'POST', headers: h, body: text });
    const answer = await res.text();
    let json: any;
    try {
      json = JSON.parse(answer);
    } catch {
      json = { errors: [{ message: answer }] };
    }
    return { ...json, status: res.status };
  };
  return {
    kind,
    gatewayUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    keys,
    seed,
    seedSize,
    subgraphs,
    async query(query, variables, as = { role: 'auditor' }, headers = {}) {
      const auth: Record<string, string> = as ? { authorization: `Bearer ${await keys.token(as)}` } : {};
      return post(gatewayUrl, { query, variables }, { ...auth, ...headers });
    },
    async querySubgraph(name, query, variables, headers = {}, options = {}) {
      return post(subgraphs.get(name)!.url, { query, variables }, headers, options.signed ? name : undefined);
    },
    gatewaySigningKey: TEST_GATEWAY_SIGNING_KEY,
    async stopSubgraph(name) {
      const s = subgraphs.get(name)!;
      await stopProcess(s.process);
      s.process = null;
    },
    async startSubgraph(name) {
      await startOne(name);
    },
    close,
  };
}
