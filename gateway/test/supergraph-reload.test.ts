import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DEFAULT_SUPERGRAPH_FILE } from '../src/config';
import { supergraphHash } from '../src/supergraph-watch';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * Supergraph delivery without restarts: the gateway reads SUPERGRAPH_FILE again every SUPERGRAPH_POLL_MS; a valid new
 * supergraph is served from then on, a broken one is refused (logged with why) and the loaded one stays. The file is
 * laid out the way kubelet mounts a ConfigMap (supergraph.graphql -> ..data/supergraph.graphql, ..data -> ..<version>),
 * and a new version arrives by swapping the `..data` link.
 */
describe('supergraph reload', () => {
  const committed = fs.readFileSync(DEFAULT_SUPERGRAPH_FILE, 'utf8');
  // the committed supergraph with one nullable field more on Query, resolved by the charity subgraph
  const withProbe = committed.replace(
    /(\ntype Query\n(?:  @join__type\(graph: [A-Z_]+\)\n)+\{\n)/,
    '$1  """A field added by a new supergraph (test)."""\n  reloadProbe: String @join__field(graph: CHARITY)\n\n',
  );
  // not a valid supergraph: the new field's type does not exist
  const broken = withProbe.replace('reloadProbe: String', 'reloadProbe: NoSuchType');
  let dir: string;
  let stub: http.Server;
  let gw: TestGateway;
  const logs: any[] = [];

  /** a new ConfigMap version: written into its own directory, then the ..data link swapped onto it (atomic rename) */
  let version = 0;
  const deliver = (sdl: string) => {
    const v = `..v${++version}`;
    fs.mkdirSync(path.join(dir, v));
    fs.writeFileSync(path.join(dir, v, 'supergraph.graphql'), sdl);
    fs.symlinkSync(v, path.join(dir, '..data_tmp'));
    fs.renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
  };
  const ready = async () => (await (await fetch(`${gw.base}/ready`)).json()) as { status: string; supergraph: { hash: string; loadedAt: string } };
  const metrics = async () => (await fetch(`http://127.0.0.1:${gw.server.metricsPort()}/metrics`)).text();
  /** wait (no fixed delay: until the condition holds, or the test's timeout) */
  const until = async (condition: () => Promise<boolean>) => {
    while (!(await condition())) await new Promise((r) => setTimeout(r, 10));
  };

  /** a steady stream of requests (4 at a time) until `stop()`; every answer must be HTTP 200 with data and no errors */
  const stream = () => {
    let running = true;
    let served = 0;
    const failures: unknown[] = [];
    const query = JSON.stringify({ query: '{ __typename q: __type(name: "Query") { fields { name } } }' });
    const worker = async () => {
      while (running) {
        const res = await gw.post(query);
        served++;
        if (res.status !== 200 || res.body?.errors || res.body?.data?.__typename !== 'Query') failures.push(res);
      }
    };
    const workers = Promise.all([worker(), worker(), worker(), worker()]);
    return {
      served: () => served,
      stop: async () => {
        running = false;
        await workers;
        return { served, failures };
      },
    };
  };

  beforeAll(async () => {
    expect(withProbe).not.toBe(committed);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-supergraph-'));
    deliver(committed);
    fs.symlinkSync('..data/supergraph.graphql', path.join(dir, 'supergraph.graphql'));
    // the charity subgraph: answers the new field
    stub = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { reloadProbe: 'served by the new supergraph' } })));
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    gw = await startTestGateway(
      {
        SUPERGRAPH_FILE: path.join(dir, 'supergraph.graphql'),
        SUPERGRAPH_POLL_MS: '20',
        SUBGRAPH_CHARITY_URL: `http://127.0.0.1:${(stub.address() as { port: number }).port}/graphql`,
      },
      pino({ level: 'info' }, sink),
    );
  });
  afterAll(async () => {
    await gw?.close();
    await new Promise((r) => stub?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a new supergraph without a restart, and keeps it when a broken one follows', async () => {
    const probe = JSON.stringify({ query: '{ reloadProbe }' });
    const before = await ready();
    expect(before).toEqual({ status: 'ready', supergraph: { hash: supergraphHash(committed), loadedAt: expect.any(String) }, subgraphs: expect.any(Object) });
    expect(await metrics()).toContain(`aidgraph_gateway_supergraph_info{hash="${supergraphHash(committed)}"} 1`);
    expect((await gw.post(probe)).body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // a valid new supergraph, under load
    let load = stream();
    await until(async () => load.served() >= 20);
    deliver(withProbe);
    await until(async () => (await ready()).supergraph.hash === supergraphHash(withProbe));
    const atSwap = load.served();
    await until(async () => load.served() >= atSwap + 20);
    let result = await load.stop();
    expect(result.failures).toEqual([]);
    console.log(`good swap: ${result.served} requests served, ${result.failures.length} failed`);
    expect(await gw.post(probe)).toEqual({ status: 200, body: { data: { reloadProbe: 'served by the new supergraph' } } });
    const swapped = await ready();
    expect(Date.parse(swapped.supergraph.loadedAt)).toBeGreaterThanOrEqual(Date.parse(before.supergraph.loadedAt));
    let text = await metrics();
    expect(text).toContain(`aidgraph_gateway_supergraph_info{hash="${supergraphHash(withProbe)}"} 1`);
    expect(text).not.toContain(`hash="${supergraphHash(committed)}"`);
    expect(text).toContain('aidgraph_gateway_supergraph_reloads_total{outcome="applied"} 1');
    expect(text).toContain('aidgraph_gateway_supergraph_reloads_total{outcome="refused"} 0');

    // a broken one, under load: refused, logged once with why, the loaded supergraph stays
    load = stream();
    await until(async () => load.served() >= 20);
    deliver(broken);
    await until(async () => (await metrics()).includes('aidgraph_gateway_supergraph_reloads_total{outcome="refused"} 1'));
    const atRefusal = load.served();
    await until(async () => load.served() >= atRefusal + 20);
    result = await load.stop();
    expect(result.failures).toEqual([]);
    console.log(`broken file: ${result.served} requests served, ${result.failures.length} failed`);
    expect(await gw.post(probe)).toEqual({ status: 200, body: { data: { reloadProbe: 'served by the new supergraph' } } });
    expect(await ready()).toEqual(swapped);
    text = await metrics();
    expect(text).toContain(`aidgraph_gateway_supergraph_info{hash="${supergraphHash(withProbe)}"} 1`);
    expect(text).toContain('aidgraph_gateway_supergraph_reloads_total{outcome="applied"} 1');
    const refusals = logs.filter((l) => l.msg?.startsWith('supergraph file refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ hash: supergraphHash(broken), kept: supergraphHash(withProbe), reason: expect.stringContaining('NoSuchType') });
    expect(JSON.stringify(refusals[0])).not.toContain('charityProjects'); // the reason, not the file's text
    expect(logs.filter((l) => l.msg === 'supergraph reloaded')).toEqual([expect.objectContaining({ from: supergraphHash(committed), hash: supergraphHash(withProbe) })]);
  }, 60_000);
});
