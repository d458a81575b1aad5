#!/usr/bin/env node
/**
 * `npm run bench:gateways`: AidGraph's gateway against the stock @apollo/gateway and Hive Gateway, on the same subgraphs.
 *
 * It starts every subgraph of schema/subgraphs.json once (their compiled `dist/index.js`, development mode, each its own process, on the
 * generator's population: SQLite files under data/bench-gateways-<size>/, generated when missing, or one PostgreSQL
 * database with --postgres, which must already hold the population: `npm run generate -- --postgres <url> --size <n>`),
 * then one process per gateway variant, all on the same subgraphs and the same committed supergraph:
 *
 * - `aidgraph`           every feature on: rate limits (in memory, limits far above the load), trusted documents
 *                        (accept mode: the texts are sent, as every client does), tracing on (OTLP/HTTP to a local sink
 *                        that accepts and discards the spans, as a collector would), resilience (breakers, retries);
 * - `aidgraph-untraced`  the same with TRACING=off;
 * - `aidgraph-no-rate-limit`, `aidgraph-no-trusted-documents`, `aidgraph-no-resilience`: `aidgraph-untraced` with one
 *                        feature turned off through its variable (RATE_LIMIT=false; TRUSTED_DOCUMENTS=off;
 *                        SUBGRAPH_BREAKER=false and SUBGRAPH_RETRY_ATTEMPTS=1), to tell what each one costs;
 * - `aidgraph-bare`      all four off;
 * - `stock`              @apollo/gateway 2.14 on @apollo/server 5 (startStandaloneServer), the same supergraph; its one
 *                        addition is what the subgraphs require of any gateway: it forwards the caller's Authorization
 *                        header and signs each subgraph request with GATEWAY_SIGNING_KEY (the HMAC of the kit's
 *                        access/gateway-signature.ts, written out here in a few lines: without it the subgraphs refuse
 *                        `_entities`), by wrapping the data source's own fetcher;
 * - `hive`               Hive Gateway (@graphql-hive/gateway's createGatewayRuntime on node:http), the same supergraph
 *                        (the subgraph URLs rewritten to where the subgraphs run) with the same two additions (headers
 *                        propagated, each fetch signed by wrapping its fetch function).
 *
 * Every gateway variant is its own process (the subgraphs' processes too); all run at once and are driven one at a
 * time, in alternating rounds (the order reversed every other round), by a closed-loop load generator in this process
 * (undici Pool, `--connections` requests always in flight, every answer checked: HTTP 200 and no `errors`), with two
 * operations: tests/operations/person-across-departments.graphql for 100 different people in turn, and a page of 100
 * people with five departments' fields, 100 different pages in turn (requests that differ, as different callers'
 * do: Hive Gateway merges identical in-flight subgraph queries by default, so one request repeated by every connection
 * would measure that alone; the caller is one auditor token, the role that sees and audits everything). Per
 * operation and variant it prints requests/s, p50, p99, the gateway process's CPU time per request (utime + stime from
 * /proc/<pid>/stat over the measured window) and its RSS (/proc/<pid>/status after the window), medians over the rounds,
 * and the ratios to the stock gateway. A benchmark that prints figures, not a test.
 *
 *   npm run build -w @aidgraph/gateway     # it runs the compiled gateway and subgraphs
 *   npm run bench:gateways -- [--size 10000] [--rounds 3] [--duration 8] [--warmup 2] [--connections 8]
 *                             [--variants aidgraph,stock,hive] [--postgres postgres://postgres@127.0.0.1:5432/bench]
 *                             [--only-lookups]       (1M on PostgreSQL: a person lookup and a township's dibao list)
 *                             [--operations person|100] [--distinct 100] [--per-subgraph] [--subgraph-log info]
 *                             [--idle <seconds>]     (first, each gateway's CPU at rest)
 *
 * `--profile <variant or subgraph>` starts that process with `node --cpu-prof` (written to data/profiles/ on exit);
 * `--per-subgraph` prints each subgraph's CPU time per request after each measurement.
 */
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SIGNING_KEY = 'bench-gateway-signing-key-0123456789abcdef';
const SUBGRAPHS = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/subgraphs.json'), 'utf8')).subgraphs;
const SUPERGRAPH_FILE = path.join(ROOT, 'schema/supergraph.graphql');
const CLK_TCK = 100;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return typeof fallback === 'number' ? Number(v) : v;
}

// ---------------------------------------------------------------------------------------------------------------------
// the other gateways, each run as `node tools/bench-gateways.js --serve stock|hive` (environment: PORT, URLS, KEY)

/** The subgraph signature (the kit's access/gateway-signature.ts, v1): HMAC over time, subgraph, request id, token, body. */
function sign(key, subgraph, requestId, authorization, body) {
  const sha = (d) => crypto.createHash('sha256').update(d).digest('hex');
  const t = Date.now();
  const message = ['v1', String(t), subgraph, requestId, sha(authorization), sha(body)].join('\n');
  return `v1;t=${t};sig=${crypto.createHmac('sha256', key).update(message).digest('hex')}`;
}

/** The stock gateway: @apollo/gateway on @apollo/server 5, forwarding the token and signing each fetch. */
async function serveStock() {
  const { ApolloServer } = require('@apollo/server');
  const { startStandaloneServer } = require('@apollo/server/standalone');
  const { ApolloGateway, RemoteGraphQLDataSource } = require('@apollo/gateway');
  const urls = JSON.parse(process.env.URLS);
  class SignedSource extends RemoteGraphQLDataSource {
    constructor(options) {
      super(options);
      const fetcher = this.fetcher; // make-fetch-happen, as stock
      this.fetcher = (url, init) => {
        init.headers['x-aidgraph-gateway'] = sign(process.env.KEY, options.name, init.headers['x-request-id'] ?? '', init.headers.authorization ?? '', init.body);
        return fetcher(url, init);
      };
    }
    willSendRequest({ request, context }) {
      if (context.authorization) request.http.headers.set('authorization', context.authorization);
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name }) => new SignedSource({ name, url: urls[name] }),
  });
  const server = new ApolloServer({ gateway });
  await startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' }, context: async ({ req }) => ({ authorization: req.headers.authorization }) });
}

/** Hive Gateway's runtime on node:http, the supergraph's URLs rewritten, headers propagated, each fetch signed. */
async function serveHive() {
  const { createGatewayRuntime } = require('@graphql-hive/gateway');
  const urls = JSON.parse(process.env.URLS);
  const byUrl = {};
  let sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  for (const s of SUBGRAPHS) {
    sdl = sdl.split(`url: "${s.url}"`).join(`url: "${urls[s.name]}"`);
    byUrl[urls[s.name]] = s.name;
  }
  const gateway = createGatewayRuntime({
    supergraph: sdl,
    logging: false,
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }) },
    plugins: () => [
      {
        onFetch({ fetchFn, setFetchFn }) {
          setFetchFn((url, init) => {
            const headers = { ...(init.headers ?? {}) };
            headers['x-aidgraph-gateway'] = sign(process.env.KEY, byUrl[url], headers['x-request-id'] ?? '', headers.authorization ?? '', init.body ?? '');
            return fetchFn(url, { ...init, headers });
          });
        },
      },
    ],
  });
  const server = http.createServer(gateway);
  server.keepAliveTimeout = 65_000;
  await new Promise((r) => server.listen(Number(process.env.PORT), '127.0.0.1', r));
}

// ---------------------------------------------------------------------------------------------------------------------
// the driver

const PERSON_QUERY = fs.readFileSync(path.join(ROOT, 'tests/operations/person-across-departments.graphql'), 'utf8');
const LIST_QUERY = `query People100($after: String) {
  people(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name gender birthDate status township { name } enrolments { programme amount }
      educationAids { amount } medicalClaims { totalCost } disabilityCertificates { grade } charityGrants { amount } } }
  }
}`;
// 1,000,000 people: the lookups of the issue's targets
const LOOKUP_QUERY = fs.readFileSync(path.join(ROOT, 'tests/operations/person-with-programmes.graphql'), 'utf8');
const DIBAO_QUERY = `query DibaoInTownship($t: String!) {
  people(first: 20, filter: { townshipCode: $t, programme: DIBAO }) { totalCount edges { node { id name enrolments { programme amount } } } }
}`;

/** The sink of the traced variant's spans: accepts OTLP/HTTP and discards it. */
async function otlpSink() {
  const sink = { bytes: 0 };
  sink.server = http.createServer((req, res) => {
    req.on('data', (c) => (sink.bytes += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise((r) => sink.server.listen(0, '127.0.0.1', r));
  sink.url = `http://127.0.0.1:${sink.server.address().port}`;
  return sink;
}

const children = [];
function start(name, args, env, logFile) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  child.label = name;
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${name} exited (${code ?? signal}); its log: ${logFile}\n`);
  });
  return child;
}
let stopping = false;
async function stopAll() {
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), 8000);
          c.once('exit', () => (clearTimeout(t), resolve()));
          c.kill('SIGTERM');
        }),
    ),
  );
}

async function waitReady(url, label, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${label} not ready at ${url} after ${ms / 1000} s`);
}

/** utime + stime of a process in milliseconds, and its RSS in MiB. */
function processCpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
function processRssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function post(url, token, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  return { status: res.status, json: await res.json() };
}

/**
 * Closed-loop load: `connections` requests in flight for `seconds`, on keep-alive connections (undici Pool); each
 * answer must be HTTP 200 without `errors`. Latencies in milliseconds.
 */
async function drive(url, token, bodies, connections, seconds) {
  let next = 0;
  const { Pool } = require('undici');
  const u = new URL(url);
  const pool = new Pool(u.origin, { connections, pipelining: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const times = [];
  let failed = 0;
  let firstFailure;
  const end = performance.now() + seconds * 1000;
  async function loop() {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        const body = bodies[next++ % bodies.length];
        const res = await pool.request({ path: u.pathname, method: 'POST', headers, body });
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.includes('"errors"')) {
          failed++;
          firstFailure ??= `${res.statusCode} ${text.slice(0, 300)}`;
        } else times.push(performance.now() - t);
      } catch (e) {
        failed++;
        firstFailure ??= String(e);
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { ok: times.length, failed, firstFailure, rps: times.length / elapsed, p50: pct(0.5), p99: pct(0.99) };
}

async function main() {
  if (process.argv[2] === '--serve') return process.argv[3] === 'stock' ? serveStock() : serveHive();
  const size = arg('size', 10000);
  const rounds = arg('rounds', 3);
  const duration = arg('duration', 8);
  const warmup = arg('warmup', 2);
  const connections = arg('connections', 8);
  const postgres = arg('postgres', undefined);
  const onlyLookups = process.argv.includes('--only-lookups');
  const profile = arg('profile', undefined);
  const subgraphBase = arg('subgraph-port', 24000);
  const gatewayBase = arg('gateway-port', 25000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-bench-gateways-'));
  const keysDir = path.join(work, 'keys');
  const logs = path.join(work, 'logs');
  fs.mkdirSync(logs);
  process.on('SIGINT', () => stopAll().then(() => process.exit(130)));

  // the population
  const sqliteDir = path.join(ROOT, `data/bench-gateways-${size}`);
  if (!postgres && !fs.existsSync(path.join(sqliteDir, 'disaster-relief.sqlite'))) {
    process.stderr.write(`generating ${size} people into ${sqliteDir} ...\n`);
    execFileSync(process.execPath, [path.join(ROOT, 'tools/dist/generate.js'), '--size', String(size), '--sqlite-dir', sqliteDir, '--no-progress', '--replace'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const dbUrl = (name) =>
    postgres ? `${postgres}${postgres.includes('?') ? '&' : '?'}schema=${name.replace(/-/g, '_')}` : `sqlite:${path.join(sqliteDir, `${name}.sqlite`)}`;

  // a token (development key in a folder of this run) the subgraphs and gateways all accept
  const common = { ENV_FILES: 'off', AIDGRAPH_MODE: 'development', DEV_KEYS_DIR: keysDir, GATEWAY_SIGNING_KEY: SIGNING_KEY, APOLLO_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1' };
  const token = execFileSync(process.execPath, [path.join(ROOT, 'gateway/dist/token.js'), '--role', 'auditor', '--subject', 'bench', '--expires', '8h'], { env: { ...process.env, ...common }, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();

  const urls = {};
  SUBGRAPHS.forEach((s, i) => (urls[s.name] = `http://127.0.0.1:${subgraphBase + i + 1}/graphql`));
  const t0 = Date.now();
  for (const s of SUBGRAPHS) {
    const prof = arg('profile', undefined) === s.name ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'data/profiles')}`] : [];
    start(s.name, [...prof, path.join(ROOT, s.dir, 'dist/index.js')], {
      ...common,
      NODE_ENV: 'production',
      PORT: new URL(urls[s.name]).port,
      DATABASE_URL: dbUrl(s.name),
      SEED_DEMO: 'false',
      LOG_LEVEL: arg('subgraph-log', 'warn'),
      REGISTRY_URL: urls['civil-affairs'],
      // kept with the population (a run without the last run's checkpoint would warn that it is missing)
      AUDIT_CHECKPOINT_FILE: postgres ? 'off' : path.join(sqliteDir, `${s.name}.audit-head.json`),
    }, path.join(logs, `${s.name}.log`));
  }
  for (const s of SUBGRAPHS) await waitReady(urls[s.name].replace('/graphql', '/ready'), s.name);
  process.stderr.write(`${SUBGRAPHS.length} subgraphs ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${postgres ? 'PostgreSQL' : 'SQLite'}, logs in ${logs})\n`);

  const sink = await otlpSink();
  const subgraphUrlEnv = Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_${s.name.toUpperCase().replace(/-/g, '_')}_URL`, urls[s.name]]));
  const allOn = {
    ...common,
    ...subgraphUrlEnv,
    NODE_ENV: 'production',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info', // one line per request, as in production (to a file)
    RATE_LIMIT: 'true',
    RATE_LIMIT_AUDITOR: '100000/1s,6000000/1m',
    BULK_RECORDS_AUDITOR: '999999999/1h',
    TRUSTED_DOCUMENTS: 'accept',
    TRACING: 'on',
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    SUBGRAPH_BREAKER: 'true',
    SUBGRAPH_RETRY_ATTEMPTS: '3',
    GATEWAY_WORKERS: '1', // one process: its CPU time is the gateway's
  };
  const untraced = { ...allOn, TRACING: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: '' };
  const noResilience = { SUBGRAPH_BREAKER: 'false', SUBGRAPH_RETRY_ATTEMPTS: '1' };
  const aidgraph = (env) => ({ kind: 'aidgraph', env });
  const VARIANTS = {
    aidgraph: aidgraph(allOn),
    'aidgraph-untraced': aidgraph(untraced),
    'aidgraph-no-rate-limit': aidgraph({ ...untraced, RATE_LIMIT: 'false' }),
    'aidgraph-no-trusted-documents': aidgraph({ ...untraced, TRUSTED_DOCUMENTS: 'off' }),
    'aidgraph-no-resilience': aidgraph({ ...untraced, ...noResilience }),
    'aidgraph-bare': aidgraph({ ...untraced, RATE_LIMIT: 'false', TRUSTED_DOCUMENTS: 'off', ...noResilience }),
    stock: { kind: 'stock' },
    hive: { kind: 'hive' },
  };
  const names = arg('variants', Object.keys(VARIANTS).join(',')).split(',');
  for (const n of names) if (!VARIANTS[n]) throw new Error(`--variants: no variant ${n} (${Object.keys(VARIANTS).join(', ')})`);

  const gateways = {};
  names.forEach((name, i) => {
    const v = VARIANTS[name];
    const port = gatewayBase + i;
    const prof = profile === name ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'data/profiles')}`] : [];
    const child =
      v.kind === 'aidgraph'
        ? start(name, [...prof, path.join(ROOT, 'gateway/dist/index.js')], { ...v.env, PORT: String(port) }, path.join(logs, `${name}.log`))
        : start(name, [...prof, __filename, '--serve', v.kind], { NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1', PORT: String(port), URLS: JSON.stringify(urls), KEY: SIGNING_KEY }, path.join(logs, `${name}.log`));
    gateways[name] = { child, url: `http://127.0.0.1:${port}/graphql`, kind: v.kind };
  });
  for (const [name, g] of Object.entries(gateways))
    await waitReady(g.kind === 'aidgraph' ? g.url.replace('/graphql', '/ready') : g.kind === 'hive' ? g.url.replace('/graphql', '/healthcheck') : g.url.replace('/graphql', '/health'), name);
  // Apollo's standalone server has no /health: a GET answers 400 (no query), which waitReady takes as up; ask once more below

  // the operations, each a rotation of distinct requests (`--distinct`, default 100): concurrent requests then differ,
  // as different callers' do (Hive's gateway merges identical in-flight subgraph queries by default, which one request
  // repeated by every connection would turn into a measure of that alone): the person query for 100 people of the
  // registry, the list for 100 pages (`after` cursors, walked once here; cursors are bound to the caller, the same token)
  const distinct = arg('distinct', 100);
  const reference = gateways.stock ?? Object.values(gateways)[0];
  const pages = [];
  const ids = [];
  let after = null;
  while (pages.length < (onlyLookups ? 1 : distinct)) {
    const r = await post(reference.url, token, JSON.stringify({ query: LIST_QUERY, variables: { after } }));
    if (r.status !== 200 || r.json.errors) throw new Error(`the list query failed: ${JSON.stringify(r.json.errors ?? r.status)}`);
    pages.push(JSON.stringify({ query: LIST_QUERY, variables: { after } }));
    for (const { node } of r.json.data.people.edges) if (ids.length < distinct) ids.push(node.id);
    if (!r.json.data.people.pageInfo.hasNextPage) break;
    after = r.json.data.people.pageInfo.endCursor;
  }
  const townships = ['370281001', '370281002', '370281004'];
  const operations = onlyLookups
    ? {
        'person lookup': ids.map((id) => JSON.stringify({ query: LOOKUP_QUERY, variables: { id } })),
        "township's dibao + totalCount": townships.map((t) => JSON.stringify({ query: DIBAO_QUERY, variables: { t } })),
      }
    : {
        'person across departments': ids.map((id) => JSON.stringify({ query: PERSON_QUERY, variables: { id } })),
        '100-person list': pages,
      };
  // the same answers from every gateway (the data, not the order of keys), for a few requests of each operation
  const canonical = (v) => (Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v);
  for (const [op, bodies] of Object.entries(operations))
    for (const body of bodies.slice(0, 3)) {
      let expected;
      for (const [name, g] of Object.entries(gateways)) {
        const r = await post(g.url, token, body);
        if (r.status !== 200 || r.json.errors) throw new Error(`${name}, ${op}: ${r.status} ${JSON.stringify(r.json.errors)}`);
        const data = JSON.stringify(canonical(r.json.data));
        expected ??= data;
        if (data !== expected) process.stderr.write(`warning: ${name} answers ${op} differently from ${Object.keys(gateways)[0]}\n`);
      }
    }
  process.stderr.write(`${Object.keys(gateways).length} gateways ready and answering alike; ${ids.length} people, ${pages.length} pages\n`);

  // what each gateway spends at rest (timers: supergraph and manifest polling, span exporter, metrics, ...)
  const idle = arg('idle', 0);
  if (idle > 0) {
    const before = Object.fromEntries(Object.entries(gateways).map(([n, g]) => [n, processCpuMs(g.child.pid)]));
    await new Promise((r) => setTimeout(r, idle * 1000));
    process.stderr.write(`at rest for ${idle} s, CPU ms per second: ${Object.entries(gateways).map(([n, g]) => `${n} ${((processCpuMs(g.child.pid) - before[n]) / idle).toFixed(1)}`).join(', ')}\n`);
  }
  const only = arg('operations', undefined);
  if (only) for (const op of Object.keys(operations)) if (!only.split(',').some((w) => op.startsWith(w))) delete operations[op];
  const subgraphPids = children.slice(0, SUBGRAPHS.length).map((c) => c.pid);
  const subgraphsCpuMs = () => subgraphPids.reduce((a, pid) => a + processCpuMs(pid), 0);
  const results = {}; // op -> variant -> [run]
  for (let r = 1; r <= rounds; r++) {
    const order = r % 2 ? names : names.slice().reverse();
    for (const [op, bodies] of Object.entries(operations)) {
      results[op] ??= {};
      for (const name of order) {
        const g = gateways[name];
        if (warmup > 0) await drive(g.url, token, bodies, connections, warmup);
        const cpu0 = processCpuMs(g.child.pid);
        const sub0 = subgraphsCpuMs();
        const each0 = subgraphPids.map(processCpuMs);
        const run = await drive(g.url, token, bodies, connections, duration);
        run.cpuMs = (processCpuMs(g.child.pid) - cpu0) / Math.max(1, run.ok + run.failed);
        run.subgraphsCpuMs = (subgraphsCpuMs() - sub0) / Math.max(1, run.ok + run.failed);
        if (process.argv.includes('--per-subgraph')) process.stderr.write(`  ${subgraphPids.map((pid, i) => `${SUBGRAPHS[i].name} ${((processCpuMs(pid) - each0[i]) / Math.max(1, run.ok)).toFixed(1)}`).join(', ')}\n`);
        run.rss = processRssMiB(g.child.pid);
        (results[op][name] ??= []).push(run);
        process.stderr.write(
          `round ${r} ${op.padEnd(28)} ${name.padEnd(30)} ${run.rps.toFixed(0).padStart(5)} req/s  p50 ${run.p50.toFixed(1).padStart(6)} ms  p99 ${run.p99.toFixed(1).padStart(6)} ms  cpu ${run.cpuMs.toFixed(2)} ms/req (subgraphs ${run.subgraphsCpuMs.toFixed(1)})  rss ${run.rss.toFixed(0)} MiB${run.failed ? `  FAILED ${run.failed}: ${run.firstFailure}` : ''}\n`,
        );
      }
    }
  }

  const median = (xs) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const pick = (op, name, k) => median(results[op][name].map((x) => x[k]));
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(
    `\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), Node ${process.version}, load average at the end ${load}; ${size.toLocaleString('en')} people on ${postgres ? 'PostgreSQL' : 'SQLite'}; ${connections} connections, ${rounds} rounds x ${duration} s per operation and gateway (medians of the rounds); spans exported: ${(sink.bytes / 1048576).toFixed(1)} MiB`,
  );
  console.log('| operation | gateway | req/s | p50 (ms) | p99 (ms) | gateway CPU / req (ms) | subgraphs CPU / req (ms) | RSS (MiB) | req/s vs stock | CPU vs stock |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const op of Object.keys(operations))
    for (const name of names) {
      const rps = pick(op, name, 'rps');
      const cpu = pick(op, name, 'cpuMs');
      const failed = results[op][name].reduce((a, x) => a + x.failed, 0);
      const vs = (mine, theirs, fmt) => (gateways.stock && name !== 'stock' ? fmt(mine, theirs) : '');
      console.log(
        `| ${op} | ${name}${failed ? ` (${failed} failed)` : ''} | ${rps.toFixed(0)} | ${pick(op, name, 'p50').toFixed(1)} | ${pick(op, name, 'p99').toFixed(1)} | ${cpu.toFixed(2)} | ${pick(op, name, 'subgraphsCpuMs').toFixed(1)} | ${pick(op, name, 'rss').toFixed(0)} | ${vs(rps, gateways.stock && pick(op, 'stock', 'rps'), (a, b) => `${(a / b).toFixed(2)}x`)} | ${vs(cpu, gateways.stock && pick(op, 'stock', 'cpuMs'), (a, b) => `${(a / b).toFixed(2)}x`)} |`,
      );
    }
  if (names.includes('aidgraph-untraced')) {
    console.log('\nwhat each feature costs (gateway CPU per request, against aidgraph-untraced, which has the other three on):');
    const cost = { 'rate limits': 'aidgraph-no-rate-limit', 'trusted documents (accept)': 'aidgraph-no-trusted-documents', 'resilience (breakers, retries)': 'aidgraph-no-resilience', 'all three': 'aidgraph-bare' };
    for (const op of Object.keys(operations)) {
      const base = pick(op, 'aidgraph-untraced', 'cpuMs');
      const parts = Object.entries(cost)
        .filter(([, v]) => names.includes(v))
        .map(([k, v]) => `${k} ${(base - pick(op, v, 'cpuMs')).toFixed(2)} ms`);
      if (names.includes('aidgraph')) parts.push(`tracing (exported) ${(pick(op, 'aidgraph', 'cpuMs') - base).toFixed(2)} ms`);
      console.log(`  ${op}: ${parts.join('; ')}`);
    }
  }
  await stopAll();
  sink.server.close();
  // the logs stay only when a run failed (the error names where)
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch(async (e) => {
  console.error(e);
  await stopAll();
  process.exit(1);
});
