import fs from 'node:fs';
import path from 'node:path';
import { ANONYMOUS_OPERATION, OTHER_OPERATION, createMetrics, registeredOperationNames } from '../src/metrics';
import { startTestGateway, type TestGateway } from './support/test-gateway';

const DASHBOARD = path.resolve(__dirname, '../../deploy/grafana/aidgraph-gateway.json');

/** The metric names and types a gateway registers, from its /metrics text (`# TYPE <name> <type>`). */
async function registeredMetrics(gw: TestGateway): Promise<Map<string, string>> {
  const text = await (await fetch(`http://127.0.0.1:${gw.server.metricsPort()}/metrics`)).text();
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
}

/** Every PromQL expression of a Grafana dashboard (panels, rows' panels, templating queries). */
function expressions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) expressions(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'expr' || (k === 'query' && typeof v === 'string' && v.includes('('))) && typeof v === 'string') out.push(v);
      else expressions(v, out);
    }
  return out;
}

describe('the Grafana dashboard (deploy/grafana/aidgraph-gateway.json)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('parses, and names only metrics the gateway registers (a histogram through its _bucket, _sum and _count series)', async () => {
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
    expect(dashboard.uid).toBe('aidgraph-gateway');
    const exprs = expressions(dashboard);
    expect(exprs.length).toBeGreaterThan(10);
    const registered = await registeredMetrics(gw);
    const named = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:aidgraph|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1])));
    const unknown = [...named].filter((name) => {
      if (registered.has(name)) return false;
      const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
      return !(base && registered.get(base) === 'histogram');
    });
    expect(unknown).toEqual([]);
    // what operators look at first is on it
    for (const name of [
      'aidgraph_gateway_operation_seconds_count',
      'aidgraph_gateway_operation_seconds_bucket',
      'aidgraph_gateway_subgraph_fetch_seconds_bucket',
      'aidgraph_gateway_subgraph_fetch_errors_total',
      'aidgraph_gateway_subgraph_breaker_state',
      'aidgraph_gateway_rate_limited_total',
      'aidgraph_gateway_query_plan_cache_entries',
    ])
      expect(named).toContain(name);
  });

  it('counts operations by type, registered name and outcome, with unregistered names and unnamed operations under fixed labels, and reports the query-plan cache', async () => {
    const registered = registeredOperationNames();
    expect(registered).toContain('PersonAcrossDepartments'); // tests/operations, registered in schema/client-operations.json
    expect(registered).toContain('SupervisionDeceasedOrMoved'); // the rule engine's, from gateway/trusted-documents/supervision-rules.json
    expect(registered).not.toContain('WangFangLookup');
    const ask = (query: string, operationName?: string) => gw.post(JSON.stringify({ query, operationName }));
    await ask('query PersonAcrossDepartments { __typename }');
    await ask('query WangFangLookup { __typename }');
    await ask('{ __typename }');
    await ask('query NoSuchField { noSuchField }');
    const text = await (await fetch(`http://127.0.0.1:${gw.server.metricsPort()}/metrics`)).text();
    const count = (labels: string) => Number(new RegExp(`^aidgraph_gateway_operation_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    expect(count('type="query",name="PersonAcrossDepartments",outcome="ok"')).toBe(1);
    expect(count(`type="query",name="${OTHER_OPERATION}",outcome="ok"`)).toBe(1);
    expect(count(`type="query",name="${ANONYMOUS_OPERATION}",outcome="ok"`)).toBe(1);
    // a document that does not validate has no operation: type unknown, outcome error
    expect(count(`type="unknown",name="${ANONYMOUS_OPERATION}",outcome="error"`)).toBe(1);
    // caller-chosen names never become labels
    expect(text).not.toContain('WangFangLookup');
    expect(text).not.toContain('NoSuchField');
    // three distinct documents were planned (the invalid one was not)
    expect(Number(/^aidgraph_gateway_query_plan_cache_entries (\d+)$/m.exec(text)?.[1])).toBe(3);
    expect(Number(/^aidgraph_gateway_query_plan_cache_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it('labels by the names it is given', () => {
    const metrics = createMetrics({ operationNames: ['A'] });
    expect([metrics.operationLabel('A'), metrics.operationLabel('B'), metrics.operationLabel(undefined), metrics.operationLabel('')]).toEqual([
      'A',
      OTHER_OPERATION,
      ANONYMOUS_OPERATION,
      ANONYMOUS_OPERATION,
    ]);
  });
});
