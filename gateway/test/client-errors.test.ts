import { startTestGateway, type TestGateway } from './support/test-gateway';

/** Every kind of client mistake is a 4xx with a code, never a 500 (issue 14, item 8). */
describe('client mistakes at the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  const cases: [string, unknown, number, string, string?][] = [
    ['an operationName that names no operation', { query: 'query A { __typename }', operationName: 'C' }, 400, 'OPERATION_RESOLUTION_FAILURE', 'UNKNOWN_OPERATION'],
    ['two named operations and no operationName', { query: 'query A { __typename } query B { __typename }' }, 400, 'OPERATION_RESOLUTION_FAILURE', 'OPERATION_NAME_REQUIRED'],
    ['an empty operationName (one operation)', { query: 'query A { __typename }', operationName: '' }, 400, 'OPERATION_RESOLUTION_FAILURE', 'EMPTY_OPERATION_NAME'],
    ['an empty operationName (two operations)', { query: 'query A { __typename } query B { __typename }', operationName: '' }, 400, 'OPERATION_RESOLUTION_FAILURE', 'EMPTY_OPERATION_NAME'],
    ['two anonymous operations', { query: '{ __typename } { __typename }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a subscription', { query: 'subscription { __typename }' }, 400, 'GRAPHQL_VALIDATION_FAILED', 'UNSUPPORTED_OPERATION_TYPE'],
    ['a named subscription chosen by name', { query: 'subscription S { __typename } query Q { __typename }', operationName: 'S' }, 400, 'GRAPHQL_VALIDATION_FAILED', 'UNSUPPORTED_OPERATION_TYPE'],
    ['only fragments', { query: 'fragment F on Query { __typename }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a query that is not a string', { query: 5 }, 400, 'BAD_REQUEST'],
    ['an empty query', { query: '' }, 400, 'BAD_REQUEST'],
    ['variables that are not an object', { query: '{ __typename }', variables: [1] }, 400, 'BAD_REQUEST'],
    ['variables as a JSON string', { query: '{ __typename }', variables: '{}' }, 400, 'BAD_REQUEST'],
    ['an operationName that is not a string', { query: '{ __typename }', operationName: 5 }, 400, 'BAD_REQUEST'],
    ['extensions that are not an object', { query: '{ __typename }', extensions: 'x' }, 400, 'BAD_REQUEST'],
    ['a batch', [{ query: '{ __typename }' }], 400, 'BAD_REQUEST'],
    ['an empty object', {}, 400, 'BAD_REQUEST'],
    ['a syntax error', { query: '{ people(' }, 400, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ nothing }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['an argument of the wrong type', { query: '{ people(first: "ten") { totalCount } }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', { query: 'query($n: Int) { people(first: $n) { totalCount } }', variables: { n: 'ten' } }, 400, 'BAD_USER_INPUT'],
    ['a required variable missing', { query: 'query($id: ID!) { person(id: $id) { id } }' }, 400, 'BAD_USER_INPUT'],
    ['an unused variable', { query: 'query($x: Int) { __typename }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
    // automatic persisted queries are off (issue 14 review, F7): every persistedQuery extension is a 400 with a code
    ['a persisted query with a wrong sha256Hash', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }, 400, 'PERSISTED_QUERY_NOT_SUPPORTED'],
    ['a persisted query of version 2', { query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'ab'.repeat(32) } } }, 400, 'PERSISTED_QUERY_NOT_SUPPORTED'],
    ['a persistedQuery extension that is a string', { query: '{ __typename }', extensions: { persistedQuery: 'x' } }, 400, 'PERSISTED_QUERY_NOT_SUPPORTED'],
    ['an unknown persisted query hash without a query', { extensions: { persistedQuery: { version: 1, sha256Hash: 'cd'.repeat(32) } } }, 400, 'PERSISTED_QUERY_NOT_SUPPORTED'],
    ['a persisted query with its right hash', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: require('node:crypto').createHash('sha256').update('{ __typename }').digest('hex') } } }, 400, 'PERSISTED_QUERY_NOT_SUPPORTED'],
  ];

  // (rest parameters: jest would take a fifth declared parameter of a four-column row for a `done` callback)
  it.each(cases)('%s: 4xx with a code', async (...row) => {
    const [, body, status, code, reason] = row;
    const r = await gw.post(JSON.stringify(body));
    expect(r.status).toBe(status);
    expect(r.body.errors?.[0]?.extensions?.code).toBe(code);
    if (reason) expect(r.body.errors[0].extensions.reason).toBe(reason);
    expect(r.body.data ?? null).toBeNull();
  });

  it('answers bodies that are not GraphQL requests with BAD_REQUEST / PAYLOAD_TOO_LARGE', async () => {
    for (const body of ['{bad json', '"a string"', 'null', '42', '[', '\u0000']) {
      const r = await gw.post(body);
      expect({ body, status: r.status, code: r.body?.errors?.[0]?.extensions?.code }).toEqual({ body, status: 400, code: 'BAD_REQUEST' });
    }
    const big = await gw.post(JSON.stringify({ query: `{ __typename }`, variables: { x: 'x'.repeat(1_100_000) } }));
    expect([big.status, big.body.errors[0].extensions.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const form = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${gw.token}` }, body: '{ __typename }' });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
  });

  it('refuses nested lists without paging (household → members, four deep) with QUERY_TOO_COSTLY before any subgraph is asked', async () => {
    // issue 14 review, F1: three aliases of this as auditor drove civil affairs to 2.2 GB (costed 8,001 before)
    const page = (a: string) => `${a}: people(first:$n){ edges{ node{ id household{ members{ id household{ members{ id household{ members{ id household{ members{ id name } } } } } } } } } } }`;
    for (const query of [`query($n:Int=500){ ${page('a0')} }`, `query($n:Int=500){ ${['a0', 'a1', 'a2'].map(page).join(' ')} }`]) {
      const r = await gw.post(JSON.stringify({ query }));
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
      expect(r.body.errors[0].extensions.cost).toBeGreaterThan(25000 * 100);
      expect(r.body.data ?? null).toBeNull();
    }
  });

  it('answers a persistedQuery extension with a readable message and no internal error', async () => {
    const r = await gw.post(JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }));
    expect(r.body.errors).toEqual([
      { message: 'persisted queries are not supported: send the query text without a persistedQuery extension', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } },
    ]);
  });

  it('refuses a mutation sent with GET (405) and answers a GET query', async () => {
    const mutation = await fetch(`${gw.url}?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { authorization: `Bearer ${gw.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
    const query = await fetch(`${gw.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${gw.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
