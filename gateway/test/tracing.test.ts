import pino from 'pino';
import { SpanKind } from '@opentelemetry/api';
import { createTestKeys, startSubgraphHarness, startTestTracing, testDatabaseKinds, type ReadableSpan, type SubgraphHarness, type TestKeys } from '@aidgraph/subgraph-kit/testing';
import type { SubgraphDefinition } from '@aidgraph/subgraph-kit';
import { startTestGateway, type TestGateway } from './support/test-gateway';

// One operation across three subgraphs (civil affairs' person, education's and medical's fields on it), with the
// subgraphs started in-process by the kit's harness and every span recorded by one in-memory exporter.
const tracing = startTestTracing();

// the three departments' definitions, from their sources (required, not imported: the gateway's typecheck stays in its folder)
/* eslint-disable @typescript-eslint/no-require-imports */
const { civilAffairs } = require('../../subgraphs/civil-affairs/src/subgraph') as { civilAffairs: SubgraphDefinition };
const { education } = require('../../subgraphs/education/src/subgraph') as { education: SubgraphDefinition };
const { medical } = require('../../subgraphs/medical/src/subgraph') as { medical: SubgraphDefinition };
/* eslint-enable @typescript-eslint/no-require-imports */

const QUERY = 'query TracedPerson($id: ID!) { person(id: $id) { id name educationAids { academicYear amount } medicalClaims { hospital totalCost } } }';

/** A logger whose JSON lines are kept in `lines`. */
function capturingLogger(name: string, lines: Record<string, any>[]) {
  return pino({ name, level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const scopeOf = (s: ReadableSpan) => s.instrumentationScope.name;

/** Wait until `ready` holds of the finished spans (server spans end when their response is closed, just after the client reads it). */
async function finishedSpans(ready: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100 && !ready(tracing.spans()); i++) await new Promise((r) => setTimeout(r, 20));
  return tracing.spans();
}

describe.each(testDatabaseKinds())('OpenTelemetry traces across the gateway and three subgraphs on %s', (kind) => {
  let keys: TestKeys;
  const subgraphs: SubgraphHarness[] = [];
  const gateways: TestGateway[] = [];
  const logs: Record<string, any>[] = [];
  let personId: string;
  let token: string;

  beforeAll(async () => {
    keys = await createTestKeys();
    for (const def of [civilAffairs, education, medical])
      subgraphs.push(await startSubgraphHarness(def, kind, { seedSize: 60, keys, env: { TRACING: 'on' }, log: capturingLogger(def.name, logs) }));
    personId = subgraphs[0].registryPeople[0].id;
    token = await keys.token({ role: 'auditor' });
  });
  afterAll(async () => {
    for (const g of gateways) await g.close();
    for (const s of subgraphs) await s.close();
  });

  const startGateway = async (env: Record<string, string>) => {
    const [ca, ed, md] = subgraphs;
    const gw = await startTestGateway(
      {
        JWKS_FILE: keys.jwksFile,
        JWT_ISSUER: keys.issuer,
        JWT_AUDIENCE: keys.audience,
        SUBGRAPH_CIVIL_AFFAIRS_URL: ca.url,
        SUBGRAPH_EDUCATION_URL: ed.url,
        SUBGRAPH_MEDICAL_URL: md.url,
        ...env,
      },
      capturingLogger('gateway', logs),
    );
    gateways.push(gw);
    return gw;
  };
  const ask = (gw: TestGateway) =>
    gw.post(JSON.stringify({ query: QUERY, variables: { id: personId } }), { authorization: `Bearer ${token}` });

  it('makes one trace: the operation span, three fetch spans under it, each subgraph span under its fetch, SQL spans under those', async () => {
    const gw = await startGateway({ TRACING: 'on' });
    tracing.reset();
    logs.length = 0;
    const res = await ask(gw);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.person.id).toBe(personId);

    const spans = await finishedSpans((all) => all.filter((s) => s.kind === SpanKind.SERVER).length >= 4);
    // one trace
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    const traceId = spans[0].spanContext().traceId;

    // the gateway's operation span, named after the operation, a root
    const operations = spans.filter((s) => scopeOf(s) === '@aidgraph/gateway' && s.kind === SpanKind.SERVER);
    expect(operations.map((s) => s.name)).toEqual(['query TracedPerson']);
    const operation = operations[0];
    expect(parentOf(operation)).toBeUndefined();
    expect(operation.attributes['graphql.operation.type']).toBe('query');
    expect(operation.attributes['graphql.operation.name']).toBe('TracedPerson');
    expect(operation.attributes['http.response.status_code']).toBe(200);

    // three fetch spans, children of the operation span, one per subgraph
    const fetches = spans.filter((s) => scopeOf(s) === '@aidgraph/gateway' && s.kind === SpanKind.CLIENT);
    expect(fetches.map((s) => s.name).sort()).toEqual(['fetch civil-affairs', 'fetch education', 'fetch medical']);
    for (const f of fetches) {
      expect(parentOf(f)).toBe(operation.spanContext().spanId);
      expect(f.attributes['http.response.status_code']).toBe(200);
    }

    // each subgraph's server span continues the trace under the fetch of that subgraph (W3C traceparent)
    const servers = spans.filter((s) => scopeOf(s) === '@aidgraph/subgraph-kit' && s.kind === SpanKind.SERVER);
    expect(servers).toHaveLength(3);
    for (const s of servers) {
      const fetch = fetches.find((f) => f.spanContext().spanId === parentOf(s));
      expect(fetch).toBeDefined();
      expect(fetch!.attributes['aidgraph.subgraph']).toBe(s.attributes['aidgraph.subgraph']);
      expect(s.name).toMatch(/^query TracedPerson__[a-z_]+__\d+$/);
    }

    // SQL statements: a span each under a subgraph's server span, named by kind and table only
    const statements = spans.filter((s) => scopeOf(s) === '@aidgraph/subgraph-kit' && s.kind === SpanKind.CLIENT);
    const serverIds = new Set(servers.map((s) => s.spanContext().spanId));
    for (const s of statements) {
      expect(serverIds.has(parentOf(s)!)).toBe(true);
      expect(s.name).toMatch(/^[A-Z]+( [a-z_]+)?$/);
      expect(s.attributes['db.system.name']).toBe(kind === 'postgres' ? 'postgresql' : 'sqlite');
    }
    expect(statements.some((s) => s.name === 'SELECT person')).toBe(true);
    // every subgraph ran at least one statement within its span
    for (const server of servers) expect(statements.some((s) => parentOf(s) === server.spanContext().spanId)).toBe(true);

    // no statement text, parameter or personal data in any span: not the id asked for, not the person's name
    const recorded = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(recorded).not.toContain(personId);
    expect(recorded).not.toContain(res.body.data.person.name);
    expect(recorded).not.toMatch(/SELECT .* FROM|\$1|WHERE/);
    // @apollo/gateway's own spans are switched off
    expect(spans.some((s) => scopeOf(s) === 'apollo/gateway-js' || s.name.startsWith('gateway.'))).toBe(false);

    // the gateway's request log line and each subgraph's carry the same request id and the trace id
    const requestLines = logs.filter((l) => l.msg === 'graphql request');
    const gatewayLine = requestLines.find((l) => l.name === 'gateway');
    expect(gatewayLine).toMatchObject({ traceId, operation: 'query', operationName: '__other__', status: 200 });
    expect(gatewayLine!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const subgraphLines = requestLines.filter((l) => l.name !== 'gateway');
    expect(subgraphLines.map((l) => l.name).sort()).toEqual(['civil-affairs', 'education', 'medical']);
    for (const l of subgraphLines) expect(l).toMatchObject({ requestId: gatewayLine!.requestId, traceId, viaGateway: true, status: 200 });
    expect(JSON.stringify(requestLines)).not.toContain(personId);
  });

  it('records nothing at a gateway with TRACING off, which then sends no traceparent (each subgraph span starts a trace of its own)', async () => {
    const gw = await startGateway({ TRACING: 'off' });
    tracing.reset();
    logs.length = 0;
    const res = await ask(gw);
    expect(res.status).toBe(200);
    const spans = await finishedSpans((all) => all.filter((s) => s.kind === SpanKind.SERVER).length >= 3);
    expect(spans.filter((s) => scopeOf(s) === '@aidgraph/gateway')).toEqual([]);
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(servers).toHaveLength(3);
    for (const s of servers) expect(parentOf(s)).toBeUndefined();
    expect(new Set(servers.map((s) => s.spanContext().traceId)).size).toBe(3);
    // the request id still joins the gateway's log line to the subgraphs'
    const requestLines = logs.filter((l) => l.msg === 'graphql request');
    const gatewayLine = requestLines.find((l) => l.name === 'gateway')!;
    expect(gatewayLine.traceId).toBeUndefined();
    expect(requestLines.filter((l) => l.requestId === gatewayLine.requestId)).toHaveLength(4);
  });
});
