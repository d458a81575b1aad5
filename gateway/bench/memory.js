#!/usr/bin/env node
/**
 * The gateway's memory: its resident set (RSS) at rest, beside a stock @apollo/gateway on @apollo/server 5 serving the
 * same supergraph, and how it grows under many distinct query texts (the document and query-plan caches).
 *
 * Three subgraphs (civil affairs, education, medical; the kit's harness on SQLite, 400 people) run in one process; each
 * gateway runs alone in a fresh process of its own, started as it is in production (`gateway/dist/index.js` for
 * AidGraph: every feature at its default, rate limits on with limits high enough for the benchmark's one caller), and
 * the client that drives it is this process. Every gateway gets the same warm-up (the one-person query across three
 * subgraphs and the 100-person list, 200 times each); then RSS "at rest" (after a full garbage collection, 1 s idle);
 * then 1,000 distinct query texts (each one a new document to parse and validate and a new query plan), RSS; then up
 * to 20,000, RSS. Figures are after a full GC (`--expose-gc`) so that they are the memory the process keeps.
 *
 * Gateways measured:
 * - `aidgraph`: the gateway as it is (it loads @aidgraph/common, not the subgraph kit; bounded caches);
 * - `aidgraph-before`: the same process with what it had before issue 12 item 8: the whole subgraph kit loaded, and
 *   Apollo's default cache sizes (DOCUMENT_CACHE_MB=30, QUERY_PLAN_CACHE_MB=30: about 30 MiB each of JSON, which
 *   their objects outweigh several times);
 * - `aidgraph@<MiB>`: the gateway as it is, with V8's old space capped (`--max-old-space-size=<MiB>`, as
 *   deploy/manifests.js sets it for the gateway: `GATEWAY.maxOldSpaceMb`);
 * - `stock`: @apollo/gateway + @apollo/server 5 + express, a dozen lines below (stockGateway), forwarding the caller's
 *   token (and signing each subgraph request, which the subgraphs require for `_entities`).
 *
 * A benchmark that prints figures, not a test:
 *   npm run build -w @aidgraph/common && npm run build -w @aidgraph/subgraph-kit && npm run build -w @aidgraph/gateway
 *   node gateway/bench/memory.js [--distinct 20000] [--gateways aidgraph,aidgraph@192,stock,aidgraph-before] [--concurrency 4] [--rounds 3] [--serial] [--execute] [--development] [--snapshots <dir>]
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const WARM_UP = {
  person: 'query MemPerson($id: ID!) { person(id: $id) { id name educationAids { academicYear amount } medicalClaims { hospital totalCost } } }',
  list100: 'query MemList { people(first: 100) { totalCount edges { node { id name educationAids { amount } medicalClaims { totalCost } } } } }',
};
/**
 * The i-th distinct query text: its own alias and operation name, so a new document to parse and validate and a new
 * query plan across three subgraphs each. Sent with `skip: true`: the gateway parses, validates, costs and plans it
 * (and caches both) exactly as for a real request, and the plan's condition then skips the fetches, so that the run
 * measures the gateway rather than waiting on the subgraphs (`--execute`: the fetches run too).
 */
const distinctQuery = (i) =>
  `query Distinct${i}($id: ID!, $skip: Boolean!) { person(id: $id) @skip(if: $skip) { id n${i}: name gender educationAids { academicYear a${i}: amount } medicalClaims { hospital totalCost } } }`;
const SKIP = !process.argv.includes('--execute');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// the subgraphs' process

async function subgraphsProcess() {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  require('reflect-metadata');
  const testing = require('@aidgraph/subgraph-kit/testing');
  const defs = [
    require(path.join(ROOT, 'subgraphs/civil-affairs/dist/subgraph')).civilAffairs,
    require(path.join(ROOT, 'subgraphs/education/dist/subgraph')).education,
    require(path.join(ROOT, 'subgraphs/medical/dist/subgraph')).medical,
  ];
  const keys = await testing.createTestKeys();
  const harnesses = [];
  for (const def of defs) harnesses.push(await testing.startSubgraphHarness(def, 'sqlite', { seedSize: 400, keys }));
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    for (const h of harnesses) await h.close();
    process.exit(0);
  });
  process.send({
    urls: { 'civil-affairs': harnesses[0].url, education: harnesses[1].url, medical: harnesses[2].url },
    keys: { jwksFile: keys.jwksFile, issuer: keys.issuer, audience: keys.audience },
    signingKey: testing.TEST_GATEWAY_SIGNING_KEY,
    token: await keys.token({ role: 'auditor' }),
    id: harnesses[0].registryPeople[0].id,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// a gateway's process: answers `mem` with its memory after a full GC

/** Stock @apollo/gateway on @apollo/server 5: the same supergraph, the caller's token forwarded. */
async function stockGateway({ port, urls, signingKey }) {
  const { ApolloServer } = require('@apollo/server');
  const { expressMiddleware } = require('@as-integrations/express5');
  const { ApolloGateway, RemoteGraphQLDataSource } = require('@apollo/gateway');
  const express = require('express');
  const { GATEWAY_SIGNATURE_HEADER, signGatewayRequest } = require('@aidgraph/common/access/gateway-signature');
  class Forwarding extends RemoteGraphQLDataSource {
    willSendRequest({ request, context }) {
      if (context.authorization) request.http.headers.set('authorization', context.authorization);
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8'),
    buildService: ({ name, url }) => {
      const source = new Forwarding({ url: urls[name] ?? url });
      // the subgraphs answer `_entities` only to a request the gateway signed: the one addition to stock
      const fetcher = source.fetcher;
      source.fetcher = (u, init) =>
        fetcher(u, { ...init, headers: { ...init.headers, [GATEWAY_SIGNATURE_HEADER]: signGatewayRequest(signingKey, { subgraph: name, requestId: '', authorization: init.headers.authorization ?? '', body: init.body }) } });
      return source;
    },
  });
  const server = new ApolloServer({ gateway });
  await server.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(server, { context: async ({ req }) => ({ authorization: req.headers.authorization }) }));
  await new Promise((r) => app.listen(port, '127.0.0.1', r));
}

async function gatewayProcess(kind, setup) {
  if (kind === 'stock') await stockGateway(setup);
  else {
    if (kind === 'aidgraph-before') require('@aidgraph/subgraph-kit'); // what the gateway loaded before: the whole kit
    require('../dist/index.js'); // the gateway as it starts in production, configured by the environment
  }
  process.on('message', (m) => {
    if (typeof m === 'string' && m.startsWith('snapshot:')) process.send({ file: require('node:v8').writeHeapSnapshot(m.slice(9)) });
    if (m === 'mem') {
      global.gc();
      const { rss, heapUsed, heapTotal } = process.memoryUsage();
      process.send({ rss, heapUsed, heapTotal });
    }
  });
  process.send({ started: true });
}

// ---------------------------------------------------------------------------------------------------------------
// the client

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function measure(kind, subgraphs, distinct, concurrency) {
  const port = await freePort();
  const env = {
    ...process.env,
    APOLLO_TELEMETRY_DISABLED: '1',
    ENV_FILES: 'off',
    LOG_LEVEL: 'silent',
    // as deployed (deploy/Dockerfile): production mode, so no GraphiQL assets (--development: as `npm start` runs it)
    AIDGRAPH_MODE: process.argv.includes('--development') ? 'development' : 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
    SUPERGRAPH_POLL_MS: '0',
    JWKS_FILE: subgraphs.keys.jwksFile,
    JWT_ISSUER: subgraphs.keys.issuer,
    JWT_AUDIENCE: subgraphs.keys.audience,
    GATEWAY_SIGNING_KEY: subgraphs.signingKey,
    SUBGRAPH_CIVIL_AFFAIRS_URL: subgraphs.urls['civil-affairs'],
    SUBGRAPH_EDUCATION_URL: subgraphs.urls.education,
    SUBGRAPH_MEDICAL_URL: subgraphs.urls.medical,
    // rate limits stay on (counted in memory), with room for the benchmark's one caller
    RATE_LIMIT_AUDITOR: '100000/1s,100000000/1m',
    BULK_RECORDS_AUDITOR: '999999999/1h',
    ...(kind === 'aidgraph-before' ? { DOCUMENT_CACHE_MB: '30', QUERY_PLAN_CACHE_MB: '30' } : {}),
  };
  // `aidgraph@160`: the same gateway with V8's old space capped at 160 MiB (`--max-old-space-size`, as the deployment sets it)
  const [base, heapCap] = kind.split('@');
  const child = fork(__filename, ['--gateway', base, JSON.stringify({ port, urls: subgraphs.urls, signingKey: subgraphs.signingKey })], {
    env,
    execArgv: ['--expose-gc', ...(heapCap ? [`--max-old-space-size=${Number(heapCap)}`] : [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = () => new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the ${kind} gateway exited (${code})`)));
  });
  await next();
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; ; i++) {
    const ok = await fetch(url.replace('/graphql', kind === 'stock' ? '/graphql' : '/ready'), { headers: { 'apollo-require-preflight': 'true' } }).then((r) => r.status < 500, () => false);
    if (ok) break;
    if (i > 300) throw new Error(`the ${kind} gateway did not get ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const send = async (query) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${subgraphs.token}` },
      body: JSON.stringify({ query, variables: query.includes('$skip') ? { id: subgraphs.id, skip: SKIP } : query.includes('$id') ? { id: subgraphs.id } : {} }),
    });
    const body = await res.json();
    if (res.status !== 200 || body.errors) throw new Error(`${kind}: unexpected answer ${res.status} ${JSON.stringify(body.errors)}`);
  };
  const mem = async () => {
    await new Promise((r) => setTimeout(r, 1000));
    child.send('mem');
    const m = await next();
    return { rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20, heapTotal: m.heapTotal / 2 ** 20 };
  };
  const run = async (from, to, queryOf) => {
    let i = from;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (i < to) {
        const n = i++;
        await send(queryOf(n));
        if (n > 0 && n % 5000 === 0) process.stderr.write(`${kind}: ${n.toLocaleString('en')} texts sent\n`);
      }
    }));
  };
  const started = await mem();
  await run(0, 400, (i) => (i % 2 ? WARM_UP.person : WARM_UP.list100));
  const rest = await mem();
  const snapshots = arg('snapshots', undefined);
  if (snapshots) {
    // a heap snapshot of the gateway at rest, to see what it holds (Chrome DevTools' Memory tab opens it)
    child.send(`snapshot:${path.resolve(snapshots, `${kind}-at-rest.heapsnapshot`)}`);
    await next();
  }
  if (!distinct) {
    child.kill('SIGKILL');
    return { kind, started, rest };
  }
  await run(0, Math.min(1000, distinct), distinctQuery);
  const after1k = await mem();
  const t = performance.now();
  // RSS on the way (every 5,000 texts): whether it levels off
  const steps = [];
  for (let from = 1000; from < distinct; from += 5000) {
    const to = Math.min(distinct, from + 5000 - (from === 1000 ? 1000 : 0));
    await run(from, to, distinctQuery);
    if (to < distinct) steps.push({ texts: to, ...(await mem()) });
    from = to - 5000;
  }
  const afterAll = await mem();
  const seconds = (performance.now() - t) / 1000;
  child.kill('SIGKILL');
  return { kind, started, rest, after1k, steps, afterAll, distinct, seconds };
}

async function main() {
  if (process.argv[2] === '--subgraphs') return subgraphsProcess();
  if (process.argv[2] === '--gateway') return gatewayProcess(process.argv[3], JSON.parse(process.argv[4]));
  const distinct = Number(arg('distinct', 20000));
  const concurrency = Number(arg('concurrency', 4));
  const kinds = arg('gateways', 'aidgraph,stock,aidgraph-before').split(',');
  const sub = fork(__filename, ['--subgraphs'], { env: { ...process.env, LOG_LEVEL: 'silent', APOLLO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const subgraphs = await new Promise((resolve) => sub.once('message', resolve));
  const rounds = Number(arg('rounds', 3));
  const atRest = Object.fromEntries(kinds.map((k) => [k, []]));
  const results = [];
  try {
    // the gateways run side by side (each in its own process, each measured alone), one after the other with --serial
    const each = async (fn) => {
      if (!process.argv.includes('--serial')) return Promise.all(kinds.map(fn));
      const out = [];
      for (const kind of kinds) out.push(await fn(kind));
      return out;
    };
    // RSS at rest varies from one process to the next by 10-30 MB (where the allocator's pages fall): it is measured in
    // `rounds` fresh processes of each gateway (the last one the run with distinct texts), and the median reported
    for (let round = 1; round < rounds; round++)
      await each(async (kind) => {
        const r = await measure(kind, subgraphs, 0, concurrency);
        atRest[kind].push(r.rest);
        process.stderr.write(`round ${round} ${kind}: at rest ${r.rest.rss.toFixed(0)} MB (heap ${r.rest.heap.toFixed(0)} MB)\n`);
      });
    results.push(
      ...(await each(async (kind) => {
        const r = await measure(kind, subgraphs, distinct, concurrency);
        atRest[kind].push(r.rest);
        const way = [r.after1k, ...r.steps, r.afterAll].map((m) => `${m.rss.toFixed(0)}/${m.heap.toFixed(0)}/${m.heapTotal.toFixed(0)}`).join(', ');
        process.stderr.write(`round ${rounds} ${kind}: at rest ${r.rest.rss.toFixed(0)} MB; RSS/heap used/heap total after 1,000, then every 5,000 texts: ${way} MB (${r.seconds.toFixed(0)} s)\n`);
        return r;
      })),
    );
  } finally {
    sub.send('stop');
  }
  const f = (n) => n.toFixed(0);
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rest = (kind, k) => median(atRest[kind].map((m) => m[k]));
  const range = (kind) => `${f(Math.min(...atRest[kind].map((m) => m.rss)))}-${f(Math.max(...atRest[kind].map((m) => m.rss)))}`;
  const D = distinct.toLocaleString('en');
  console.log(`\ngateway memory (MiB, after a full GC): at rest the median of ${rounds} fresh processes each; then ${D} distinct query texts (${SKIP ? 'planned, fetches skipped' : 'executed'}), concurrency ${concurrency}; 3 subgraphs on SQLite (400 people) in another process; node ${process.version}, ${require('node:os').cpus().length} cores`);
  console.log(`| gateway | RSS started | RSS at rest (range) | vs stock | heap at rest | vs stock | RSS after 1,000 texts | RSS after ${D} | growth 1,000 → ${D} | heap after 1,000 → ${D} |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const pct = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(0)} %`;
  for (const r of results) {
    const vs = (k) => (kinds.includes('stock') ? pct(rest(r.kind, k), rest('stock', k)) : '');
    console.log(`| ${r.kind} | ${f(r.started.rss)} | ${f(rest(r.kind, 'rss'))} (${range(r.kind)}) | ${vs('rss')} | ${f(rest(r.kind, 'heap'))} | ${vs('heap')} | ${f(r.after1k.rss)} | ${f(r.afterAll.rss)} | +${f(r.afterAll.rss - r.after1k.rss)} | ${f(r.after1k.heap)} → ${f(r.afterAll.heap)} |`);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
