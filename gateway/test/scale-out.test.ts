import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { createTestKeys, type TestKeys } from '@aidgraph/subgraph-kit/testing';
import { closedPort } from './support/test-gateway';
import { loadGatewayConfig } from '../src/config';
import { restartDelay, RESTART_BASE_DELAY_MS, RESTART_MAX_DELAY_MS } from '../src/cluster';

// Scale-out (issue 12, item 6): gateway processes of their own (GATEWAY_WORKERS=1 and a cluster of 2) started from the
// TypeScript sources, a private redis-server (never the machine's 6379), and a civil-affairs subgraph of our own that
// holds its answers until the test lets them go (a request in flight when SIGTERM arrives).

const ROOT = path.resolve(__dirname, '../..');
const SUBGRAPHS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs as { name: string }[]).map((s) => s.name);
const SLOW = JSON.stringify({ query: '{ people(first: 2) { totalCount } }' });
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * One HTTP request on a connection of its own (`Connection: close`), so that successive requests may land on different
 * cluster workers; rejects with the socket's error (ECONNREFUSED when nothing listens).
 */
function send(port: number, pathname: string, options: { method?: string; token?: string; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: options.method ?? (options.body ? 'POST' : 'GET'),
        agent: false,
        headers: {
          connection: 'close',
          ...(options.body ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON: the text */
          }
          resolve({ status: res.statusCode!, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end(options.body);
  });
}

/** The worker (its pid, from the x-aidgraph-worker header of GATEWAY_WORKER_HEADER) that gave an answer. */
const workerOf = (a: Answer) => String(a.headers['x-aidgraph-worker']);

/** Whether a process is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Wait until `f` holds (polling every 50 ms), at most `ms`. */
async function until(f: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Civil affairs of our own: answers every fetch `{ people: { totalCount: 8 } }`, but only once `release()` is called
 * while `hold` is on; `received` counts the fetches that arrived.
 */
async function heldSubgraph() {
  let received = 0;
  let hold = false;
  let waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      const answer = () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { people: { totalCount: 8 } } }));
      };
      if (hold) waiting.push(answer);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`,
    received: () => received,
    hold: () => void (hold = true),
    release() {
      hold = false;
      const w = waiting;
      waiting = [];
      for (const answer of w) answer();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A gateway in a process of its own (with GATEWAY_WORKERS > 1 the cluster's primary), from the TypeScript sources, on
 * free ports: its port and metrics port once it logs that it is ready, its output, and its exit. `kill` ends its whole
 * process group (workers included); tools/parent-watch.js does the same if this test process ends first.
 */
async function gatewayProcess(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--require', path.join(ROOT, 'tools/parent-watch.js'), '--require', path.join(__dirname, 'support/swc-register.js'), path.join(ROOT, 'gateway/src/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', ENV_FILES: 'off', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) => child.once('exit', (code, signal) => r({ code, signal, at: Date.now() })));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
  };
  try {
    const ready = await new Promise<{ port: number; metricsPort: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the gateway did not start in 60 s:\n${out.slice(-3000)}`)), 60_000);
      const check = () => {
        const port = /gateway ready at http:\/\/127\.0\.0\.1:(\d+)\/graphql/.exec(out);
        const metrics = /metrics at http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(out);
        if (port && metrics) {
          clearTimeout(timer);
          resolve({ port: Number(port[1]), metricsPort: Number(metrics[1]) });
        }
      };
      child.stdout!.on('data', check);
      void exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`the gateway exited (${code}):\n${out.slice(-3000)}`));
      });
    });
    return { pid: child.pid!, ...ready, output: () => out, lines: () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)), exited, signal: (s: NodeJS.Signals) => child.kill(s), kill };
  } catch (e) {
    await kill();
    throw e;
  }
}

/** The environment of a test gateway: the test's keys, civil affairs at `civilAffairs`, every other subgraph down. */
async function gatewayEnv(keys: TestKeys, civilAffairs: string, env: Record<string, string>): Promise<Record<string, string>> {
  const down = `http://127.0.0.1:${await closedPort()}/graphql`;
  return {
    JWKS_FILE: keys.jwksFile,
    JWT_ISSUER: keys.issuer,
    JWT_AUDIENCE: keys.audience,
    GATEWAY_SIGNING_KEY: 'test-gateway-signing-key-0123456789abcdef',
    PORT: '0',
    METRICS_PORT: '0',
    SUPERGRAPH_POLL_MS: '0',
    LOG_LEVEL: 'info',
    SUBGRAPH_RETRY_ATTEMPTS: '1',
    SUBGRAPH_TIMEOUT_MS: '30000',
    GATEWAY_WORKER_HEADER: 'true',
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_${s.toUpperCase().replace(/-/g, '_')}_URL`, down])),
    SUBGRAPH_CIVIL_AFFAIRS_URL: civilAffairs,
    ...env,
  };
}

/** A private redis-server on a free port, without persistence (never the machine's shared 6379). */
async function privateRedis() {
  const port = await closedPort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
  });
  return {
    port,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
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

describe('scale-out configuration', () => {
  it('reads GATEWAY_WORKERS (a number or auto), SHUTDOWN_GRACE_MS and SHUTDOWN_DELAY_MS, and refuses bad values', () => {
    const defaults = loadGatewayConfig({});
    expect([defaults.GATEWAY_WORKERS, defaults.SHUTDOWN_GRACE_MS, defaults.SHUTDOWN_DELAY_MS, defaults.GATEWAY_WORKER_HEADER]).toEqual([1, 10_000, 0, false]);
    expect(loadGatewayConfig({ GATEWAY_WORKERS: '3' }).GATEWAY_WORKERS).toBe(3);
    expect(loadGatewayConfig({ GATEWAY_WORKERS: 'auto' }).GATEWAY_WORKERS).toBe(require('node:os').availableParallelism());
    for (const bad of ['0', '-1', '1.5', 'many', '65']) expect(() => loadGatewayConfig({ GATEWAY_WORKERS: bad })).toThrow(/GATEWAY_WORKERS/);
    expect(() => loadGatewayConfig({ SHUTDOWN_GRACE_MS: 'soon' })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadGatewayConfig({ SHUTDOWN_DELAY_MS: '-5' })).toThrow(/SHUTDOWN_DELAY_MS/);
  });

  it('restarts a dead worker after a backoff that doubles with each death in the last minute, capped', () => {
    const now = 1_000_000;
    expect(restartDelay([now], now)).toBe(RESTART_BASE_DELAY_MS);
    expect(restartDelay([now - 1000, now], now)).toBe(2 * RESTART_BASE_DELAY_MS);
    expect(restartDelay([now - 3000, now - 2000, now - 1000, now], now)).toBe(8 * RESTART_BASE_DELAY_MS);
    // deaths over a minute ago do not count
    expect(restartDelay([now - 120_000, now - 90_000, now], now)).toBe(RESTART_BASE_DELAY_MS);
    expect(restartDelay(Array.from({ length: 40 }, (_, i) => now - i * 100), now)).toBe(RESTART_MAX_DELAY_MS);
  });
});

describe('graceful shutdown of one gateway process', () => {
  it('on SIGTERM: /ready 503 at once, new requests for SHUTDOWN_DELAY_MS, then no new connection; the request in flight completes 200; exit 0', async () => {
    const keys = await createTestKeys();
    const civil = await heldSubgraph();
    const gw = await gatewayProcess(await gatewayEnv(keys, civil.url, { SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '8000' }));
    try {
      const token = await keys.token({ role: 'auditor', subject: 'drain-1' });
      expect((await send(gw.port, '/ready')).body.status).toBe('ready');
      // a slow request: in flight (civil affairs has it and holds its answer) when SIGTERM arrives
      civil.hold();
      const slow = send(gw.port, '/graphql', { token, body: SLOW });
      let slowDone = false;
      void slow.then(() => (slowDone = true), () => (slowDone = true));
      await until(() => civil.received() === 1, 10_000, 'the slow fetch');
      const sigterm = Date.now();
      gw.signal('SIGTERM');
      await until(() => /"msg":"stopping"/.test(gw.output()), 5000, 'the stopping log line');

      // during SHUTDOWN_DELAY_MS: /ready answers 503 at once, and a request still runs (a load balancer may still send one)
      const ready = await send(gw.port, '/ready');
      expect([ready.status, ready.body.status, ready.headers.connection]).toEqual([503, 'draining', 'close']);
      const during = await send(gw.port, '/graphql', { token, body: TYPENAME });
      expect([during.status, during.body]).toEqual([200, { data: { __typename: 'Query' } }]);
      // then the listener closes: a new connection is refused while the slow request is still in flight
      await until(
        () => send(gw.port, '/health').then(() => false, (e) => e.code === 'ECONNREFUSED'),
        5000,
        'the listener to close',
      );
      expect(Date.now() - sigterm).toBeGreaterThanOrEqual(1400);
      expect(slowDone).toBe(false);
      expect(gw.pid && alive(gw.pid)).toBe(true);

      // the slow request completes with its data, and says it closes its connection
      civil.release();
      const answer = await slow;
      expect([answer.status, answer.body, answer.headers.connection]).toEqual([200, { data: { people: { totalCount: 8 } } }, 'close']);
      const exit = await gw.exited;
      expect([exit.code, exit.signal]).toEqual([0, null]);
      expect(exit.at - sigterm).toBeLessThan(1500 + 8000);
      expect(gw.lines().filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await gw.kill();
      await civil.close();
    }
  });

  it('cuts a request still running after SHUTDOWN_GRACE_MS and exits 0', async () => {
    const keys = await createTestKeys();
    const civil = await heldSubgraph();
    const gw = await gatewayProcess(await gatewayEnv(keys, civil.url, { SHUTDOWN_GRACE_MS: '1000' }));
    try {
      civil.hold();
      const slow = send(gw.port, '/graphql', { token: await keys.token({ role: 'auditor', subject: 'drain-2' }), body: SLOW });
      await until(() => civil.received() === 1, 10_000, 'the slow fetch');
      const sigterm = Date.now();
      gw.signal('SIGTERM');
      await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
      const exit = await gw.exited;
      expect([exit.code, exit.signal]).toEqual([0, null]);
      // bounded by the grace period (and the process's own exit work), never by the held request
      expect(exit.at - sigterm).toBeLessThan(1000 + 4000);
    } finally {
      civil.release();
      await gw.kill();
      await civil.close();
    }
  });
});

(haveRedisServer ? describe : describe.skip)('a cluster of two gateway workers (GATEWAY_WORKERS=2) on one Redis', () => {
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  let admin: Redis;
  let keys: TestKeys;
  let civil: Awaited<ReturnType<typeof heldSubgraph>>;
  let gw: Awaited<ReturnType<typeof gatewayProcess>>;
  const prefix = `aidgraph-test:scale:${crypto.randomUUID()}:`;

  beforeAll(async () => {
    redis = await privateRedis();
    admin = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
    keys = await createTestKeys();
    civil = await heldSubgraph();
    gw = await gatewayProcess(
      await gatewayEnv(keys, civil.url, {
        GATEWAY_WORKERS: '2',
        REDIS_URL: `redis://127.0.0.1:${redis.port}/0`,
        RATE_LIMIT: 'true',
        RATE_LIMIT_PREFIX: `${prefix}rate:`,
        RATE_LIMIT_AUDITOR: '4/30s,100/1m',
        APQ: 'true',
        APQ_PREFIX: `${prefix}apq:`,
        SHUTDOWN_GRACE_MS: '8000',
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await gw?.kill();
    await civil?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it('answers /health and /ready from each worker, and no worker binds the metrics port', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const [health, ready] = [await send(gw.port, '/health'), await send(gw.port, '/ready')];
      expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
      expect([ready.status, ready.body.status]).toEqual([200, 'ready']);
      seen.add(workerOf(health)).add(workerOf(ready));
    }
    expect(seen.size).toBe(2);
    expect(seen.has(String(gw.pid))).toBe(false);
    // the one metrics listener is the primary's: one line says where, from the primary
    expect(gw.lines().filter((l) => /^metrics at/.test(l.msg)).map((l) => l.pid)).toEqual([gw.pid]);
    expect(gw.lines().filter((l) => l.msg === 'gateway worker listening')).toHaveLength(2);
  });

  it('refuses a caller over the rate limit on every worker (counted in Redis), and the primary serves the workers\' metrics summed', async () => {
    const token = await keys.token({ role: 'auditor', subject: 'cluster-caller' });
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await send(gw.port, '/graphql', { token, body: TYPENAME }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    // both workers admitted the caller, and both refused it once over the limit: the count is shared
    expect(new Set(answers.slice(0, 4).map(workerOf)).size).toBe(2);
    expect(new Set(answers.slice(4).map(workerOf)).size).toBe(2);
    for (const a of answers.slice(4)) {
      expect(a.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_REQUESTS' });
      expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(await admin.get(`${prefix}rate:burst:auditor:cluster-caller`)).toBe('8');

    // /metrics of the primary: each worker's counters, summed (AggregatorRegistry)
    const metrics = await send(gw.metricsPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^aidgraph_gateway_rate_limited_total\{role="auditor",reason="TOO_MANY_REQUESTS"\} 4$/m);
    expect(metrics.body).toMatch(/^aidgraph_gateway_request_seconds_count\{operation="query",outcome="ok"\} 4$/m);
    // a gauge that is not summed: the supergraph served, once per hash however many workers serve it
    expect(metrics.body).toMatch(/^aidgraph_gateway_supergraph_info\{hash="[0-9a-f]{12}"\} 1$/m);
  });

  it('runs by hash through one worker a document registered with APQ through another', async () => {
    const token = await keys.token({ role: 'caseworker', township: '370281001', subject: 'cluster-apq' });
    const text = 'query ClusterShared { __typename }';
    const hash = crypto.createHash('sha256').update(text).digest('hex');
    const byHash = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    const miss = await send(gw.port, '/graphql', { token, body: byHash });
    expect([miss.status, miss.body.errors[0].extensions.code]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
    const registered = await send(gw.port, '/graphql', { token, body: JSON.stringify({ query: text, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }) });
    expect([registered.status, registered.body]).toEqual([200, { data: { __typename: 'Query' } }]);
    // the hash alone, until another worker than the one that registered it has answered it (round robin: the next one)
    const others: Answer[] = [];
    for (let i = 0; i < 4 && !others.some((a) => workerOf(a) !== workerOf(registered)); i++) others.push(await send(gw.port, '/graphql', { token, body: byHash }));
    const other = others.find((a) => workerOf(a) !== workerOf(registered))!;
    expect(other).toBeDefined();
    expect([other.status, other.body]).toEqual([200, { data: { __typename: 'Query' } }]);
    expect(await admin.exists(`${prefix}apq:doc:apq:${hash}`)).toBe(1);
  });

  it('replaces a worker that dies', async () => {
    const before = new Set<string>();
    for (let i = 0; i < 4; i++) before.add(workerOf(await send(gw.port, '/health')));
    const [victim] = [...before].map(Number);
    process.kill(victim, 'SIGKILL');
    await until(() => gw.lines().some((l) => l.msg === 'a gateway worker died; starting another' && l.signal === 'SIGKILL'), 10_000, 'the death to be noticed');
    // a new worker (another pid) answers next to the survivor, and the dead one never again
    const after = new Set<string>();
    await until(
      async () => {
        const a = await send(gw.port, '/health').catch(() => undefined);
        if (a) after.add(workerOf(a));
        return [...after].filter((w) => !before.has(w)).length === 1;
      },
      30_000,
      'a replacement worker',
    );
    expect(after.has(String(victim))).toBe(false);
    expect(alive(victim)).toBe(false);
  });

  it('on SIGTERM drains every worker: requests in flight on both complete 200, no new connection, every worker exits, the primary exits 0', async () => {
    const workers = new Set<string>();
    for (let i = 0; i < 4; i++) workers.add(workerOf(await send(gw.port, '/health')));
    expect(workers.size).toBe(2);
    civil.hold();
    const before = civil.received();
    const slow = [0, 1].map(async (i) => send(gw.port, '/graphql', { token: await keys.token({ role: 'auditor', subject: `cluster-drain-${i}` }), body: SLOW }));
    await until(() => civil.received() === before + 2, 10_000, 'both slow fetches');
    const sigterm = Date.now();
    gw.signal('SIGTERM');
    // Node's round-robin cluster strands a connection that the primary hands to a worker at the instant that worker
    // closes its listener (the worker refuses it, no worker is left to take it, and the primary holds it until it
    // exits, when it is reset): a probe caught so waits no longer than a second, and the next one is refused
    await until(
      () => send(gw.port, '/health', { timeoutMs: 1000 }).then(() => false, (e) => e.code === 'ECONNREFUSED'),
      15_000,
      'the listener to close',
    );
    civil.release();
    const answers = await Promise.all(slow);
    expect(answers.map((a) => [a.status, a.body])).toEqual([0, 1].map(() => [200, { data: { people: { totalCount: 8 } } }]));
    // one on each worker
    expect(new Set(answers.map(workerOf))).toEqual(workers);
    const exit = await gw.exited;
    expect([exit.code, exit.signal]).toEqual([0, null]);
    expect(exit.at - sigterm).toBeLessThan(8000);
    for (const w of workers) expect(alive(Number(w))).toBe(false);
    expect(gw.lines().filter((l) => l.msg === 'stopping')).toHaveLength(2);
  });
});
