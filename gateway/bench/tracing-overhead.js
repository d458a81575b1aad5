#!/usr/bin/env node
/**
 * What tracing costs per request: the gateway (in one process, with the client that drives it) and three subgraphs
 * (civil affairs, education, medical, started by the kit's harness on SQLite in a second process) answer the same
 * operations with TRACING=off and TRACING=on in both processes (spans exported over OTLP/HTTP to a local sink that
 * accepts and discards them, as to a collector). Each measurement runs in fresh processes (AsyncLocalStorage, once used,
 * would slow a process's "off" rounds too), off and on alternating, and prints latency (p50, p99) and the CPU time per
 * request of the gateway's process and of the subgraphs' process, per operation, and the differences. `--unsampled`
 * adds TRACING=on with OTEL_TRACES_SAMPLER=always_off (context propagated, nothing recorded). A benchmark that prints
 * figures, not a test.
 *
 *   npm run build -w @aidgraph/subgraph-kit && npm run build -w @aidgraph/gateway    # it runs the compiled code
 *   node gateway/bench/tracing-overhead.js [--rounds 3] [--requests 400]
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const OPERATIONS = {
  // one person across three subgraphs: 3 fetches, a handful of statements
  person: 'query TracedPerson($id: ID!) { person(id: $id) { id name educationAids { academicYear amount } medicalClaims { hospital totalCost } } }',
  // a page of 100 people with two departments' records: 3 fetches with 100 representations each
  list100: 'query TracedList { people(first: 100) { totalCount edges { node { id name educationAids { amount } medicalClaims { totalCost } } } } }',
};

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A collector stand-in on loopback: accepts OTLP/HTTP and discards it, counting the bytes. */
async function otlpSink() {
  const http = require('node:http');
  const sink = { bytes: 0 };
  sink.server = http.createServer((req, res) => {
    req.on('data', (c) => (sink.bytes += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise((r) => sink.server.listen(0, '127.0.0.1', r));
  sink.url = `http://127.0.0.1:${sink.server.address().port}`;
  return sink;
}

/** The tracing variables of a mode, and the SDK started for it (`asyncContext` as the process's start-up code does). */
function tracingFor(mode, sinkUrl, asyncContext) {
  const kit = require('@aidgraph/subgraph-kit');
  // on: every trace recorded and exported; unsampled: TRACING=on with OTEL_TRACES_SAMPLER=always_off (context propagated,
  // nothing recorded): what the plumbing alone costs
  const env =
    mode === 'off' ? { TRACING: 'off' } : { TRACING: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, ...(mode === 'unsampled' ? { OTEL_TRACES_SAMPLER: 'always_off' } : {}) };
  const tracing = mode !== 'off' ? kit.startTracing({ serviceName: 'bench', config: kit.tracingConfigSchema.parse(env), asyncContext }) : undefined;
  return { env, tracing };
}

/** The subgraphs' process: three harnesses on SQLite; answers `cpu` messages with its CPU time so far. */
async function subgraphsProcess(mode) {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  require('reflect-metadata');
  const testing = require('@aidgraph/subgraph-kit/testing');
  const root = path.resolve(__dirname, '../..');
  const defs = [
    require(path.join(root, 'subgraphs/civil-affairs/dist/subgraph')).civilAffairs,
    require(path.join(root, 'subgraphs/education/dist/subgraph')).education,
    require(path.join(root, 'subgraphs/medical/dist/subgraph')).medical,
  ];
  const sink = await otlpSink();
  const { env, tracing } = tracingFor(mode, sink.url, true);
  const keys = await testing.createTestKeys();
  const harnesses = [];
  for (const def of defs) harnesses.push(await testing.startSubgraphHarness(def, 'sqlite', { seedSize: 400, keys, env }));
  process.on('message', async (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (m === 'stop') {
      await tracing?.forceFlush();
      for (const h of harnesses) await h.close();
      process.send({ stopped: true, exportedBytes: sink.bytes });
      process.exit(0);
    }
  });
  process.send({
    urls: harnesses.map((h) => h.url),
    keys: { jwksFile: keys.jwksFile, issuer: keys.issuer, audience: keys.audience },
    token: await keys.token({ role: 'auditor' }),
    id: harnesses[0].registryPeople[0].id,
  });
}

async function measure(mode, requests) {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const { fork } = require('node:child_process');
  const kit = require('@aidgraph/subgraph-kit');
  const testing = require('@aidgraph/subgraph-kit/testing');
  const { loadGatewayConfig } = require('../dist/config');
  const { createGatewayServer } = require('../dist/server');
  const child = fork(__filename, ['--subgraphs', mode], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const { urls, keys, token, id } = await next();
  const childCpu = async () => {
    child.send('cpu');
    const { cpu } = await next();
    return cpu.user + cpu.system;
  };
  const sink = await otlpSink();
  const { env: tracingEnv, tracing } = tracingFor(mode, sink.url, false);

  const config = loadGatewayConfig({
    JWKS_FILE: keys.jwksFile,
    JWT_ISSUER: keys.issuer,
    JWT_AUDIENCE: keys.audience,
    GATEWAY_SIGNING_KEY: testing.TEST_GATEWAY_SIGNING_KEY,
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT: 'false',
    SUBGRAPH_CIVIL_AFFAIRS_URL: urls[0],
    SUBGRAPH_EDUCATION_URL: urls[1],
    SUBGRAPH_MEDICAL_URL: urls[2],
    ...tracingEnv,
  });
  const gateway = await createGatewayServer(config, kit.createLogger('gateway', 'silent'));
  const port = await gateway.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const send = async (query) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: query.includes('$id') ? { id } : {} }),
    });
    const body = await res.json();
    if (res.status !== 200 || body.errors) throw new Error(`unexpected answer: ${res.status} ${JSON.stringify(body.errors)}`);
  };
  const results = {};
  for (const [name, query] of Object.entries(OPERATIONS)) {
    for (let i = 0; i < 50; i++) await send(query); // warm-up: plans cached, JIT warm
    const times = [];
    const child0 = await childCpu();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      await send(query);
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    const childUs = (await childCpu()) - child0;
    times.sort((a, b) => a - b);
    results[name] = {
      p50: times[Math.floor(times.length * 0.5)],
      p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))],
      cpuMs: (cpu.user + cpu.system) / 1000 / requests,
      subgraphsCpuMs: childUs / 1000 / requests,
    };
  }
  await tracing?.forceFlush();
  await gateway.stop();
  await tracing?.shutdown();
  sink.server.close();
  child.send('stop');
  const { exportedBytes } = await next();
  return { mode, results, exportedBytes: exportedBytes + sink.bytes };
}

async function main() {
  if (process.argv[2] === '--subgraphs') return subgraphsProcess(process.argv[3]);
  if (process.argv[2] === '--child') {
    const out = await measure(process.argv[3], Number(process.argv[4]));
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  }
  const rounds = arg('rounds', 3);
  const requests = arg('requests', 400);
  const modes = process.argv.includes('--unsampled') ? ['off', 'on', 'unsampled'] : ['off', 'on'];
  const runs = Object.fromEntries(modes.map((m) => [m, []]));
  for (let r = 1; r <= rounds; r++)
    for (const mode of r % 2 ? modes : modes.slice().reverse()) {
      const line = execFileSync(process.execPath, [__filename, '--child', mode, String(requests)], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } })
        .trim()
        .split('\n')
        .pop();
      const run = JSON.parse(line);
      runs[mode].push(run);
      process.stderr.write(`round ${r} ${mode}: ${Object.entries(run.results).map(([k, v]) => `${k} p50 ${v.p50.toFixed(2)} ms, cpu gateway ${v.cpuMs.toFixed(2)} ms subgraphs ${v.subgraphsCpuMs.toFixed(2)} ms`).join('; ')}${mode !== 'off' ? `; ${(run.exportedBytes / 1024).toFixed(0)} KiB exported` : ''}\n`);
    }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (n) => n.toFixed(2);
  const pct = (on, off) => `${on - off >= 0 ? '+' : ''}${fmt(on - off)} (${(((on - off) / off) * 100).toFixed(0)} %)`;
  console.log(`\ntracing off vs on: ${rounds} round(s) x ${requests} sequential requests per operation and mode (medians of the rounds); gateway (and the client) in one process, 3 subgraphs in another; SQLite, 400 people`);
  console.log('| operation | mode | p50 (ms) | p99 (ms) | gateway CPU / request (ms) | subgraphs CPU / request (ms) |');
  console.log('|---|---|---|---|---|---|');
  for (const name of Object.keys(OPERATIONS)) {
    const pick = (mode, k) => median(runs[mode].map((r) => r.results[name][k]));
    for (const mode of modes) {
      const row = ['p50', 'p99', 'cpuMs', 'subgraphsCpuMs'].map((k) => (mode === 'off' ? fmt(pick(mode, k)) : `${fmt(pick(mode, k))}, ${pct(pick(mode, k), pick('off', k))}`));
      console.log(`| ${name} | ${mode === 'unsampled' ? 'on, sampled out' : mode} | ${row.join(' | ')} |`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
