import http from 'node:http';
import type net from 'node:net';
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { loadGatewayConfig, subgraphTimeoutVariable } from '../src/config';
import { backoffDelay } from '../src/resilience';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/** What a fake subgraph does with the n-th request it receives (n from 1). */
type Behaviour = (n: number, op: 'query' | 'mutation') => 'ok' | 'reset' | '503' | 'hang' | { delayMs: number };

/** Leaf values a fake subgraph answers, by field name. */
const LEAVES: Record<string, unknown> = { totalCount: 7, id: 'aid-1', academicYear: '2022-2023', name: '测试甲' };
/** `__typename` of the object a field holds, by field name. */
const TYPENAMES: Record<string, string> = { person: 'Person', _entities: 'Person', recordEducationAid: 'EducationAid' };

/**
 * A subgraph of our own over HTTP: it answers any operation from its selection set (LEAVES), counts every request it
 * executed by operation type and every connection it accepted, does what `behaviour` says with each request, and can be
 * killed (listener and every connection closed) and started again on the same port.
 */
class FakeSubgraph {
  readonly executed = { query: 0, mutation: 0 };
  connections = 0;
  behaviour: Behaviour = () => 'ok';
  private server?: http.Server;
  private sockets = new Set<net.Socket>();
  private hanging = new Set<http.ServerResponse>();
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => void this.answer(text, req, res));
    });
    server.on('connection', (s) => {
      this.connections++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** the process dies: nothing listens any more, every open connection is cut */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const r of this.hanging) r.destroy();
    this.hanging.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }

  private async answer(text: string, req: http.IncomingMessage, res: http.ServerResponse) {
    const { query, variables } = JSON.parse(text) as { query: string; variables?: Record<string, unknown> };
    const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const kind = op.operation === 'mutation' ? 'mutation' : 'query';
    const n = ++this.executed[kind];
    const what = this.behaviour(n, kind);
    if (what === 'reset') return req.socket.destroy();
    if (what === '503') return res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable');
    if (what === 'hang') return void this.hanging.add(res);
    if (typeof what === 'object') await new Promise((r) => setTimeout(r, what.delayMs));
    const data = Object.fromEntries(
      op.selectionSet.selections.flatMap((s) => {
        if (s.kind !== Kind.FIELD) return [];
        const key = s.alias?.value ?? s.name.value;
        if (s.name.value === '_entities') return [[key, (variables?.representations as unknown[]).map(() => build(s.selectionSet!, 'Person'))]];
        return [[key, s.selectionSet ? build(s.selectionSet, TYPENAMES[s.name.value] ?? 'Connection') : LEAVES[s.name.value]]];
      }),
    );
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  }
}

function build(set: SelectionSetNode, typename: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of set.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) Object.assign(out, build(s.selectionSet, typename));
    else if (s.kind === Kind.FIELD) {
      const key = s.alias?.value ?? s.name.value;
      if (s.name.value === '__typename') out[key] = typename;
      else if (s.name.value === 'edges') out[key] = [build(s.selectionSet!, 'Edge')]; // a list of one
      else out[key] = s.selectionSet ? build(s.selectionSet, TYPENAMES[s.name.value] ?? 'Object') : LEAVES[s.name.value];
    }
  }
  return out;
}

async function fakes(...names: string[]): Promise<Record<string, FakeSubgraph>> {
  const out: Record<string, FakeSubgraph> = {};
  for (const n of names) {
    out[n] = new FakeSubgraph();
    await out[n].start();
  }
  return out;
}

const urlsOf = (f: Record<string, FakeSubgraph>) =>
  Object.fromEntries(Object.entries(f).map(([name, s]) => [`SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`, s.url]));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(gw: TestGateway): Promise<Record<string, { breaker: string }>> {
  return ((await (await fetch(`${gw.base}/ready`)).json()) as { subgraphs: Record<string, { breaker: string }> }).subgraphs;
}

async function metrics(gw: TestGateway): Promise<string> {
  return (await fetch(`http://127.0.0.1:${gw.server.metricsPort()}/metrics`)).text();
}

/** the value of one sample line of /metrics (0 when absent) */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(line + ' '));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

// generous: on a loaded machine (the whole suite on two cores) 300 requests have taken over 15 s
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function p99(ms: number[]): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
}

const ONLY_REGISTRY = '{ people(first: 0) { totalCount } }';
const WITH_EDUCATION = '{ people(first: 0) { totalCount } educationAids(first: 0) { totalCount } }';
const RECORD = `mutation($i: RecordEducationAidInput!) { recordEducationAid(input: $i) { id academicYear person { name } } }`;
const INPUT = {
  personId: 'p-1', schoolStage: 'PRIMARY', school: '阜安小学', aidType: 'BOARDING_FEE_WAIVER', academicYear: '2022-2023', amount: '500',
  approvedOn: '2022-10-10', townshipCode: '370281001',
};

describe('subgraph resilience configuration', () => {
  it('takes a timeout per subgraph (SUBGRAPH_<NAME>_TIMEOUT_MS), else SUBGRAPH_TIMEOUT_MS', () => {
    expect(subgraphTimeoutVariable('civil-affairs')).toBe('SUBGRAPH_CIVIL_AFFAIRS_TIMEOUT_MS');
    const c = loadGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '3000', SUBGRAPH_EDUCATION_TIMEOUT_MS: '250' });
    expect(c.subgraphTimeouts.education).toBe(250);
    expect(c.subgraphTimeouts['civil-affairs']).toBe(3000);
    expect(c.subgraphTimeouts.medical).toBe(3000);
    expect(loadGatewayConfig({}).subgraphTimeouts.charity).toBe(15000);
    expect(() => loadGatewayConfig({ SUBGRAPH_MEDICAL_TIMEOUT_MS: 'soon' })).toThrow(/SUBGRAPH_MEDICAL_TIMEOUT_MS/);
    expect(() => loadGatewayConfig({ SUBGRAPH_RETRY_ATTEMPTS: '0' })).toThrow(/SUBGRAPH_RETRY_ATTEMPTS/);
    expect(() => loadGatewayConfig({ SUBGRAPH_BREAKER_ERROR_PERCENT: '150' })).toThrow(/SUBGRAPH_BREAKER_ERROR_PERCENT/);
    const d = loadGatewayConfig({});
    expect([d.SUBGRAPH_RETRY_ATTEMPTS, d.SUBGRAPH_BREAKER, d.SUBGRAPH_BREAKER_RESET_MS, d.SUBGRAPH_CONNECTIONS, d.SUBGRAPH_KEEPALIVE_MS]).toEqual([3, true, 250, 64, 4000]);
  });

  it('waits a random time up to an exponentially growing, capped bound before each retry (full jitter)', () => {
    expect(backoffDelay(1, 50, 1000, () => 0)).toBe(0);
    expect(backoffDelay(1, 50, 1000, () => 0.999)).toBe(49);
    expect(backoffDelay(3, 50, 1000, () => 0.999)).toBe(199);
    expect(backoffDelay(10, 50, 1000, () => 0.5)).toBe(500);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(4, 50, 1000)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) expect(d).toBeLessThan(400);
  });
});

describe('retries', () => {
  let f: Record<string, FakeSubgraph>;
  let gw: TestGateway;
  beforeAll(async () => {
    f = await fakes('civil-affairs', 'education');
    gw = await startTestGateway({ ...urlsOf(f), SUBGRAPH_RETRY_BASE_MS: '20' });
  });
  afterAll(async () => {
    await gw?.close();
    for (const s of Object.values(f ?? {})) await s.kill();
  });
  beforeEach(() => {
    for (const s of Object.values(f)) {
      s.executed.query = s.executed.mutation = 0;
      s.behaviour = () => 'ok';
    }
  });

  it.each(['reset', '503'] as const)('sends a query again after a failed first attempt (%s): it succeeds on the second', async (failure) => {
    f.education.behaviour = (n) => (n === 1 ? failure : 'ok');
    const r = await gw.post(JSON.stringify({ query: '{ educationAids(first: 0) { totalCount } }' }));
    expect(r.body).toEqual({ data: { educationAids: { totalCount: 7 } } });
    expect(f.education.executed.query).toBe(2);
    expect(sample(await metrics(gw), 'aidgraph_gateway_subgraph_fetch_retries_total{subgraph="education"}')).toBeGreaterThanOrEqual(1);
  });

  it('gives up after SUBGRAPH_RETRY_ATTEMPTS attempts, with an error naming the subgraph', async () => {
    f.education.behaviour = () => 'reset';
    const r = await gw.post(JSON.stringify({ query: WITH_EDUCATION }));
    expect(r.body.data).toEqual({ people: { totalCount: 7 }, educationAids: null });
    expect(r.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
    expect(f.education.executed.query).toBe(3);
  });

  it.each(['reset', '503'] as const)('never sends a mutation twice: executed exactly once when its first attempt fails (%s)', async (failure) => {
    f.education.behaviour = (n) => (n === 1 ? failure : 'ok');
    const r = await gw.post(JSON.stringify({ query: RECORD, variables: { i: INPUT } }));
    expect(r.body.data).toBeNull();
    expect(r.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
    expect(f.education.executed.mutation).toBe(1);
    await sleep(300); // no late retry either
    expect(f.education.executed.mutation).toBe(1);
    // the next mutation is sent (once) and answered
    const next = await gw.post(JSON.stringify({ query: RECORD, variables: { i: INPUT } }));
    expect(next.body).toEqual({ data: { recordEducationAid: { id: 'aid-1', academicYear: '2022-2023', person: { name: '测试甲' } } } });
    expect(f.education.executed.mutation).toBe(2);
  });

  it("does not retry the `_entities` query of a mutation's plan either", async () => {
    f['civil-affairs'].behaviour = (n) => (n === 1 ? 'reset' : 'ok');
    const r = await gw.post(JSON.stringify({ query: RECORD, variables: { i: INPUT } }));
    // the mutation ran once; the person's fields resolved by civil-affairs are null, with an error naming civil-affairs
    expect(f.education.executed.mutation).toBe(1);
    expect(f['civil-affairs'].executed.query).toBe(1);
    expect(r.body.data).toEqual({ recordEducationAid: { id: 'aid-1', academicYear: '2022-2023', person: { name: null } } });
    expect(r.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'civil-affairs' }]);
    // the same `_entities` fetch under a query is retried
    f['civil-affairs'].executed.query = 0;
    f['civil-affairs'].behaviour = (n) => (n === 1 ? 'reset' : 'ok');
    const q = await gw.post(JSON.stringify({ query: '{ educationAids(first: 1) { edges { node { id person { name } } } } }' }));
    expect(q.body.errors).toBeUndefined();
    expect(f['civil-affairs'].executed.query).toBe(2);
  });
});

describe('timeouts per subgraph', () => {
  it('applies SUBGRAPH_<NAME>_TIMEOUT_MS to that subgraph only', async () => {
    const f = await fakes('civil-affairs', 'education', 'medical');
    f.education.behaviour = () => ({ delayMs: 700 });
    f.medical.behaviour = () => ({ delayMs: 700 });
    const gw = await startTestGateway({ ...urlsOf(f), SUBGRAPH_TIMEOUT_MS: '5000', SUBGRAPH_EDUCATION_TIMEOUT_MS: '200', SUBGRAPH_RETRY_ATTEMPTS: '1' });
    try {
      const r = await gw.post(JSON.stringify({ query: '{ people(first: 0) { totalCount } educationAids(first: 0) { totalCount } medicalClaims(first: 0) { totalCount } }' }));
      expect(r.body.data).toEqual({ people: { totalCount: 7 }, educationAids: null, medicalClaims: { totalCount: 7 } });
      expect(r.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
      const m = await metrics(gw);
      expect(sample(m, 'aidgraph_gateway_subgraph_fetch_errors_total{subgraph="education",reason="timeout"}')).toBe(1);
      expect(sample(m, 'aidgraph_gateway_subgraph_fetch_errors_total{subgraph="medical",reason="timeout"}')).toBe(0);
      expect(sample(m, 'aidgraph_gateway_subgraph_fetch_seconds_count{subgraph="medical",outcome="ok"}')).toBe(1);
    } finally {
      await gw.close();
      for (const s of Object.values(f)) await s.kill();
    }
  });
});

describe('connection pooling', () => {
  it('keeps connections to a subgraph alive, at most SUBGRAPH_CONNECTIONS of them', async () => {
    const f = await fakes('civil-affairs');
    const gw = await startTestGateway({ ...urlsOf(f), SUBGRAPH_CONNECTIONS: '2' });
    try {
      for (let i = 0; i < 20; i++) expect((await gw.post(JSON.stringify({ query: ONLY_REGISTRY }))).body.data.people.totalCount).toBe(7);
      expect(f['civil-affairs'].connections).toBe(1);
      f['civil-affairs'].behaviour = () => ({ delayMs: 30 });
      const answers = await Promise.all(Array.from({ length: 12 }, () => gw.post(JSON.stringify({ query: ONLY_REGISTRY }))));
      for (const a of answers) expect(a.body.data.people.totalCount).toBe(7);
      expect(f['civil-affairs'].executed.query).toBe(32);
      expect(f['civil-affairs'].connections).toBe(2);
    } finally {
      await gw.close();
      await f['civil-affairs'].kill();
    }
  });
});

describe('the circuit breaker', () => {
  it('opens for a subgraph killed under load (errors name it, /ready and /metrics show it), keeps the rest answering, and closes when it returns', async () => {
    const f = await fakes('civil-affairs', 'education');
    const gw = await startTestGateway({ ...urlsOf(f), SUBGRAPH_BREAKER_WINDOW_MS: '2000', SUBGRAPH_BREAKER_VOLUME: '10', SUBGRAPH_BREAKER_RESET_MS: '250' });
    const latencies = { normal: [] as number[], fault: [] as number[] };
    let phase: 'normal' | 'fault' | 'off' = 'normal';
    const withEducation: { phase: string; data: any; errors: any[] | undefined }[] = [];
    const wrong: unknown[] = [];
    let running = true;
    // load: three callers ask only civil-affairs (timed), one caller asks civil-affairs and education
    const registryCaller = async () => {
      while (running) {
        const t = performance.now();
        const r = await gw.post(JSON.stringify({ query: ONLY_REGISTRY }));
        const ms = performance.now() - t;
        if (JSON.stringify(r.body) !== JSON.stringify({ data: { people: { totalCount: 7 } } })) wrong.push(r.body);
        if (phase !== 'off') latencies[phase].push(ms);
      }
    };
    const educationCaller = async () => {
      while (running) {
        const r = await gw.post(JSON.stringify({ query: WITH_EDUCATION }));
        withEducation.push({ phase, data: r.body.data, errors: r.body.errors });
        await sleep(5);
      }
    };
    const load = Promise.all([registryCaller(), registryCaller(), registryCaller(), educationCaller()]);
    try {
      await until('300 requests without the fault', async () => latencies.normal.length >= 300);
      expect(await ready(gw)).toMatchObject({ 'civil-affairs': { breaker: 'closed' }, education: { breaker: 'closed' } });

      phase = 'fault';
      await f.education.kill();
      await until('the education breaker to open', async () => (await ready(gw)).education.breaker !== 'closed');
      expect(['open', 'halfOpen']).toContain((await ready(gw)).education.breaker);
      expect((await ready(gw))['civil-affairs'].breaker).toBe('closed');
      const m = await metrics(gw);
      expect(sample(m, 'aidgraph_gateway_subgraph_breaker_state{subgraph="civil-affairs"}')).toBe(0);
      expect(sample(m, 'aidgraph_gateway_subgraph_fetch_errors_total{subgraph="education",reason="connection"}')).toBeGreaterThanOrEqual(10);
      // education's fetches are refused at the open breaker. Waited for, not sampled once: the breaker alternates open
      // (RESET_MS 250) and half-open (one probe, which fails and reopens it), and the education caller may sit in a
      // retry's backoff (up to SUBGRAPH_RETRY_MAX_DELAY_MS) or send its request just as the probe is let through, so
      // a fast machine can finish the 300 requests below before its first refusal
      await until('a fetch refused at the open breaker', async () =>
        sample(await metrics(gw), 'aidgraph_gateway_subgraph_fetch_errors_total{subgraph="education",reason="breaker_open"}') > 0,
      );
      await until('300 requests during the fault', async () => latencies.fault.length >= 300);
      phase = 'off';

      // every answer during the fault kept civil-affairs' data and named education, and only education
      const duringFault = withEducation.filter((a) => a.phase === 'fault');
      expect(duringFault.length).toBeGreaterThan(5);
      for (const a of duringFault.filter((x) => x.errors)) {
        expect(a.data).toEqual({ people: { totalCount: 7 }, educationAids: null });
        expect(a.errors!.map((e) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
      }
      expect(duringFault.filter((x) => x.errors).length).toBeGreaterThan(5);

      const normal = p99(latencies.normal);
      const fault = p99(latencies.fault);
      console.log(
        `p99 of civil-affairs-only requests (3 callers + 1 caller needing education): ${normal.toFixed(1)} ms normal (${latencies.normal.length} requests), ` +
          `${fault.toFixed(1)} ms with education killed and its breaker open (${latencies.fault.length} requests)`,
      );
      // the figures are printed, not asserted: a timed assertion fails on a loaded machine for reasons of its own. What
      // makes the rest keep its speed is asserted above: education's fetches fail fast at the open breaker
      // (breaker_open errors) instead of each waiting for a connection to a dead port.
      // every request that needs only civil-affairs was answered in full, before, during and after the fault
      expect(wrong).toEqual([]);

      // education returns (same port): the next probe closes the breaker and its data is back
      await f.education.start();
      await until('the education breaker to close', async () => (await ready(gw)).education.breaker === 'closed');
      await until('an answer with education again', async () => !withEducation[withEducation.length - 1].errors);
      const back = await gw.post(JSON.stringify({ query: WITH_EDUCATION }));
      expect(back.body).toEqual({ data: { people: { totalCount: 7 }, educationAids: { totalCount: 7 } } });
      expect(sample(await metrics(gw), 'aidgraph_gateway_subgraph_breaker_state{subgraph="education"}')).toBe(0);
    } finally {
      running = false;
      await load.catch(() => undefined);
      await gw.close();
      for (const s of Object.values(f)) await s.kill();
    }
  }, 240_000);

  it('fails fast while open: a subgraph that hangs gets no further requests and holds no connection', async () => {
    const f = await fakes('civil-affairs', 'education');
    f.education.behaviour = () => 'hang';
    const gw = await startTestGateway({
      ...urlsOf(f), SUBGRAPH_EDUCATION_TIMEOUT_MS: '300', SUBGRAPH_RETRY_ATTEMPTS: '1', SUBGRAPH_BREAKER_VOLUME: '3', SUBGRAPH_BREAKER_RESET_MS: '60000',
    });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await gw.post(JSON.stringify({ query: WITH_EDUCATION }));
        expect(r.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
      }
      expect(f.education.executed.query).toBe(3);
      expect((await ready(gw)).education.breaker).toBe('open');
      expect(sample(await metrics(gw), 'aidgraph_gateway_subgraph_breaker_state{subgraph="education"}')).toBe(2);
      const t = performance.now();
      const answers = await Promise.all(Array.from({ length: 20 }, () => gw.post(JSON.stringify({ query: WITH_EDUCATION }))));
      const ms = performance.now() - t;
      for (const a of answers) {
        expect(a.body.data).toEqual({ people: { totalCount: 7 }, educationAids: null });
        expect(a.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
      }
      // not one of the 20 reached the hanging subgraph (each would have waited out its 300 ms timeout)
      expect(f.education.executed.query).toBe(3);
      console.log(`20 concurrent requests needing a hanging subgraph whose breaker is open: answered in ${ms.toFixed(0)} ms in all (timeout 300 ms)`);
    } finally {
      await gw.close();
      for (const s of Object.values(f)) await s.kill();
    }
  });

  it('is not used with SUBGRAPH_BREAKER=false: every fetch reaches the failing subgraph, and /ready says so', async () => {
    const f = await fakes('civil-affairs', 'education');
    f.education.behaviour = () => '503';
    const gw = await startTestGateway({ ...urlsOf(f), SUBGRAPH_BREAKER: 'false', SUBGRAPH_RETRY_ATTEMPTS: '1', SUBGRAPH_BREAKER_VOLUME: '3' });
    try {
      for (let i = 0; i < 8; i++) {
        const r = await gw.post(JSON.stringify({ query: WITH_EDUCATION }));
        expect(r.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' }]);
      }
      expect(f.education.executed.query).toBe(8);
      expect((await ready(gw)).education.breaker).toBe('disabled');
      expect(sample(await metrics(gw), 'aidgraph_gateway_subgraph_fetch_errors_total{subgraph="education",reason="status"}')).toBe(8);
    } finally {
      await gw.close();
      for (const s of Object.values(f)) await s.kill();
    }
  });
});
