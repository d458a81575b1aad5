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
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('aidgraph_gateway_request_seconds');
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
