import { testDatabaseKinds } from '@aidgraph/subgraph-kit/testing';
import { startStack, type Stack } from '../support/stack';

/** The gateway in production mode: GraphQL-over-HTTP compliance, no introspection, no suggestions, masked errors. */
describe('the gateway in production mode (introspection off)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(testDatabaseKinds()[0], { seed: 'e2e-gateway', seedSize: 200, gatewayEnv: { AIDGRAPH_MODE: 'production' } });
  });
  afterAll(() => stack?.close());

  it('refuses introspection and gives no field suggestions', async () => {
    const intro = await stack.query('{ __schema { types { name } } }', undefined, { role: 'auditor' });
    expect(intro.data ?? null).toBeNull();
    expect(intro.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await stack.query('{ peple(first: 1) { totalCount } }', undefined, { role: 'auditor' });
    expect(typo.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('serves no GraphiQL page, and health and readiness endpoints', async () => {
    const base = stack.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/graphiql`)).status).toBe(404);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    // /metrics is not on the public port, only on the metrics listener (loopback by default)
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(stack.metricsUrl)).text();
    expect(metrics).toContain('aidgraph_gateway_request_seconds');
  });

  it('answers a body that is not JSON, or too large, with a JSON error and no stack trace', async () => {
    for (const [body, status, code] of [['x370285197105013773', 400, 'BAD_REQUEST'], [JSON.stringify({ query: `{ ${'a'.repeat(1_200_000)} }` }), 413, 'PAYLOAD_TOO_LARGE']] as const) {
      const res = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(status);
      const text = await res.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
      expect(text).not.toMatch(/at |node_modules|370285197105013773|<html/i);
    }
  });

  it('refuses an operation that would cost too much, before asking any subgraph', async () => {
    const q = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: people(first: 500) { edges { node { id name household { members { id name } } } } }`).join(' ')} }`;
    const r = await stack.query(q, undefined, { role: 'auditor' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
    expect(r.data ?? null).toBeNull();
  });

  it('passes a subgraph\'s refusal of a variable on with its code', async () => {
    const r = await stack.query(`mutation($i: RecordEnrolmentInput!) { recordEnrolment(input: $i) { id } }`, { i: { personId: '00000000-0000-4000-8000-000000000000', programme: 'TEMPORARY', startDate: '2026-01-01', amount: '1e3' } }, { role: 'department_officer', department: 'CIVIL_AFFAIRS' });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].message).toMatch(/Yuan/);
  });

  it('masks errors: no stack trace, SQL or variables; a too-deep query is refused', async () => {
    const bad = await stack.query('query($id: ID!) { person(id: $id) { id } }', { id: "x' OR 1=1 --" }, { role: 'auditor' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const text = JSON.stringify(bad);
    expect(text).not.toMatch(/stacktrace|SELECT|at Object|OR 1=1/);
    const deep = await stack.query('{ people(first: 1) { edges { node { household { members { household { members { household { members { household { members { household { members { id } } } } } } } } } } } } } }', undefined, { role: 'auditor' });
    expect(deep.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors?.[0].message).toBe('the query is 14 levels deep; at most 12 are allowed');
  });
});
