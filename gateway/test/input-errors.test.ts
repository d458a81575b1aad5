import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * The gateway coerces the client's variables itself (against the supergraph), before any subgraph is asked: what it
 * refuses has the one input-error shape (issue 13, item 8) — HTTP 400, BAD_USER_INPUT, `field` the path from the
 * argument the variable is given to, `reason`, and a message that never repeats the value.
 */
describe('variables the gateway cannot coerce', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  it.each([
    ['a wrong type', 'query($n: Int) { people(first: $n) { totalCount } }', { n: '370281199001011234' }, 'first', 'BAD_TYPE', '370281199001011234'],
    ['a required variable missing', 'query($id: ID!) { person(id: $id) { id } }', {}, 'id', 'REQUIRED', undefined],
    ['an unknown input field', 'query($f: PersonFilter) { people(first: 1, filter: $f) { totalCount } }', { f: { nameOfMother: '张三' } }, 'filter.nameOfMother', 'UNKNOWN_FIELD', '张三'],
    ['a wrong type inside an input', 'query($f: PersonFilter) { people(first: 1, filter: $f) { totalCount } }', { f: { namePrefix: { x: '张三' } } }, 'filter.namePrefix', 'BAD_TYPE', '张三'],
    ['a variable inside an object literal', 'query($p: String) { people(first: 1, filter: { namePrefix: $p }) { totalCount } }', { p: 13800001234 }, 'filter.namePrefix', 'BAD_TYPE', '13800001234'],
  ])('%s: 400, BAD_USER_INPUT with the argument path and a reason, never the value', async (_name, query, variables, field, reason, value) => {
    const r = await gw.post(JSON.stringify({ query, variables }));
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason });
    expect(r.body.errors[0].message).toContain(`\`${field}\``);
    if (value) expect(JSON.stringify(r.body)).not.toContain(value);
    expect(r.body.data ?? null).toBeNull();
  });
});
