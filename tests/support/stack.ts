import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { createTestDatabase, createTestKeys, TEST_GATEWAY_SIGNING_KEY, type DatabaseKind, type TestDatabase, type TestKeys, type TokenAs, type GraphQLResponse } from '@aidgraph/subgraph-kit/testing';
import { GATEWAY_SIGNATURE_HEADER, signGatewayRequest } from '@aidgraph/subgraph-kit';
import { onExitSync, spawnManaged, stopManaged, type ManagedProcess } from './processes';
import { STACK_START_TIMEOUT_MS, STACK_STOP_TIMEOUT_MS } from './timeouts';

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
  process: ManagedProcess | null;
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
  /**
   * start a stopped subgraph again on its port and database, within STACK_START_TIMEOUT_MS (or the stack's `timeoutMs`);
   * `env` is extra environment for this start only, over the stack's own (`subgraphEnv`), e.g. `{ AIDGRAPH_TODAY }` to
   * move its clock
   */
  startSubgraph(name: string, env?: Record<string, string>): Promise<void>;
  /** stop every process of the stack (SIGTERM, SIGKILL after a grace) and drop its databases; safe to call twice */
  close(): Promise<void>;
}

export interface StackOptions {
  seed?: string;
  seedSize?: number;
  gatewayEnv?: Record<string, string>;
  /** the budget of the whole start (and of each `startSubgraph`), ms; default STACK_START_TIMEOUT_MS */
  timeoutMs?: number;
  /** extra environment for some subgraphs, by name (after the harness's own: it can break a start on purpose) */
  subgraphEnv?: Record<string, Record<string, string>>;
  /** another script to run in place of some subgraphs' dist/index.js, by name (for tests of the harness itself) */
  subgraphScripts?: Record<string, string>;
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

/**
 * Poll `url` until it answers 2xx; fails at once when the process ends, and when `signal` aborts (the start's budget
 * ran out, or the test file ended), with the process's last output.
 */
async function waitReady(url: string, p: ManagedProcess, signal: AbortSignal): Promise<void> {
  for (;;) {
    if (signal.aborted) throw new Error(`${p.name}: ${(signal.reason as Error)?.message ?? 'start aborted'} (${url})\n${p.output().slice(-2000)}`);
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}) before it was ready: ${p.output().slice(-2000)}`);
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5000)]) });
      await r.body?.cancel();
      if (r.ok) return;
    } catch {
      /* not listening yet, or too slow to answer this time */
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 150);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * What this test file has started and not yet closed: `closeAllStacks` (run after every e2e file, see
 * tests/support/after-all.ts) aborts starts still under way and closes stacks a test left open.
 */
const openStacks = new Set<() => Promise<void>>();
const runningStarts = new Set<{ controller: AbortController; done: Promise<unknown> }>();

/** Abort every start under way and close every stack this test file left open (their processes, their databases). */
export async function closeAllStacks(): Promise<void> {
  const starts = [...runningStarts];
  for (const s of starts) s.controller.abort(new Error('the test file ended before the start did'));
  await Promise.allSettled(starts.map((s) => s.done));
  await Promise.allSettled([...openStacks].map((close) => close()));
}

/** Run `start` with an abort signal that fires after `timeoutMs` or when the test file ends; always clears its timer. */
async function withBudget<T>(timeoutMs: number, what: string, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`${what} not ready within ${timeoutMs} ms (STACK_START_TIMEOUT_MS)`)), timeoutMs);
  const done = start(controller.signal);
  const entry = { controller, done };
  runningStarts.add(entry);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
    runningStarts.delete(entry);
  }
}

/**
 * Start the whole stack within one budget (`timeoutMs`, default STACK_START_TIMEOUT_MS, which jest's hook timeout
 * exceeds): the subgraphs in parallel, then the gateway. A start that fails or runs out of budget stops everything it
 * started and drops the databases before it throws.
 */
export async function startStack(kind: DatabaseKind, options: StackOptions = {}): Promise<Stack> {
  const seed = options.seed ?? 'e2e-seed';
  const seedSize = options.seedSize ?? 1200;
  const timeoutMs = options.timeoutMs ?? STACK_START_TIMEOUT_MS;
  const keys = await createTestKeys();
  const tokenEnv = { JWKS_FILE: keys.jwksFile, JWT_ISSUER: keys.issuer, JWT_AUDIENCE: keys.audience, GATEWAY_SIGNING_KEY: TEST_GATEWAY_SIGNING_KEY };
  const subgraphs = new Map<string, SubgraphProcess>();
  const list = supergraphSubgraphs();
  // the key folder and the databases go with the stack, or with this process if it ends first
  const removeKeys = () => fs.rmSync(path.dirname(keys.jwksFile), { recursive: true, force: true });
  const forgetDatabases: (() => void)[] = [onExitSync(removeKeys)];
  let gateway: ManagedProcess | null = null;
  let closing: Promise<void> | null = null;

  const startOne = async (name: string, signal: AbortSignal, env: Record<string, string> = {}) => {
    const s = subgraphs.get(name)!;
    const dir = list.find((x) => x.name === name)!.dir;
    signal.throwIfAborted();
    const p = spawnManaged(name, options.subgraphScripts?.[name] ?? path.join(ROOT, dir, 'dist/index.js'), {
      APOLLO_TELEMETRY_DISABLED: '1',
      ENV_FILES: 'off', // a developer's .env must not change what the tests start
      LOG_LEVEL: 'warn',
      ...tokenEnv,
      PORT: String(s.port),
      DATABASE_URL: s.database.url,
      SEED_DEMO: 'true',
      SEED: seed,
      SEED_SIZE: String(seedSize),
      // department writes ask the stack's civil-affairs subgraph whether the person exists (issue 14, item 11)
      REGISTRY_URL: subgraphs.get('civil-affairs')!.url,
      ...(options.subgraphEnv?.[name] ?? {}),
      ...env,
    });
    s.process = p;
    await waitReady(`http://127.0.0.1:${s.port}/ready`, p, signal);
  };

  const close = () =>
    (closing ??= (async () => {
      openStacks.delete(close);
      const stopping = Promise.allSettled([gateway, ...[...subgraphs.values()].map((s) => s.process)].map((p) => stopManaged(p)));
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, STACK_STOP_TIMEOUT_MS).unref());
      await Promise.race([stopping, deadline]);
      await Promise.allSettled([...subgraphs.values()].map((s) => s.database.drop()));
      removeKeys();
      for (const forget of forgetDatabases) forget();
    })());

  // the gateway's ports are picked just before it is spawned: picked before the subgraphs' start (seconds), another
  // process could take one in between (EADDRINUSE seen under load)
  let gatewayPort = 0;
  let metricsPort = 0;
  openStacks.add(close);
  try {
    await withBudget(timeoutMs, 'the stack', async (signal) => {
      for (const { name } of list) {
        const port = await freePort();
        const database = await createTestDatabase(kind, name);
        forgetDatabases.push(onExitSync(() => database.dropSync()));
        subgraphs.set(name, { name, port, url: `http://127.0.0.1:${port}/graphql`, database, process: null });
      }
      // every subgraph at once, so the slowest one sets the pace; the first to fail stops the others' waiting
      const all = new AbortController();
      const onAbort = () => all.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let first: Error | undefined;
      const started = await Promise.allSettled(
        list.map((s) =>
          startOne(s.name, all.signal).catch((e: Error) => {
            if (!all.signal.aborted) {
              first = e;
              all.abort(e);
            }
            throw e;
          }),
        ),
      );
      signal.removeEventListener('abort', onAbort);
      const failures = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as Error).message);
      if (first) throw first;
      if (failures.length) throw new Error(failures.join('\n'));
      const urls = Object.fromEntries([...subgraphs.values()].map((s) => [`SUBGRAPH_${s.name.toUpperCase().replace(/-/g, '_')}_URL`, s.url]));
      signal.throwIfAborted();
      gatewayPort = await freePort();
      metricsPort = await freePort();
      gateway = spawnManaged('gateway', path.join(ROOT, 'gateway/dist/index.js'), {
        APOLLO_TELEMETRY_DISABLED: '1',
        ENV_FILES: 'off',
        LOG_LEVEL: 'warn',
        ...tokenEnv,
        ...urls,
        PORT: String(gatewayPort),
        METRICS_PORT: String(metricsPort),
        ...(options.gatewayEnv ?? {}),
      });
      await waitReady(`http://127.0.0.1:${gatewayPort}/ready`, gateway, signal);
    });
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
      await stopManaged(s.process);
      s.process = null;
    },
    async startSubgraph(name, env) {
      if (closing) throw new Error(`the stack is closed: cannot start ${name}`);
      try {
        await withBudget(timeoutMs, name, (signal) => startOne(name, signal, env));
      } catch (e) {
        // it stays down, and nothing of it is left running
        const s = subgraphs.get(name)!;
        await stopManaged(s.process);
        s.process = null;
        throw e;
      }
    },
    close,
  };
}
