import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * The operation limits over HTTP (issue 12, item 1): each refusal before any subgraph is asked (the subgraphs of the
 * test gateway are down, so anything that reached one would be SUBGRAPH_UNAVAILABLE), with its code and HTTP 400.
 */
describe('operation limits at the gateway (GraphQL Armor)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  const refusal = async (query: string, variables?: Record<string, unknown>) => {
    const r = await gw.post(JSON.stringify({ query, variables }));
    expect(r.body.data ?? null).toBeNull();
    return { status: r.status, errors: r.body.errors as { message: string; locations?: unknown; extensions: Record<string, unknown> }[] };
  };

  it('refuses a query too deep through fragments (TOO_DEEP)', async () => {
    const query = `query($id: ID!) { person(id: $id) { ...A } }
      fragment A on Person { household { members { ...B } } }
      fragment B on Person { household { members { ...C } } }
      fragment C on Person { household { members { ...D } } }
      fragment D on Person { household { members { ...E } } }
      fragment E on Person { household { members { ...F } } }
      fragment F on Person { household { members { id } } }`;
    const r = await refusal(query, { id: 'p-1' });
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([
      { message: 'the query is 14 levels deep; at most 12 are allowed', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_DEEP', max: 12 } },
    ]);
    // one level less passes the depth limit, and is refused by the page-aware cost (five nested member lists: 10^5)
    const twelve = query.replace('...F }', 'id }').replace(/fragment F on .*$/, '');
    const ok = await gw.post(JSON.stringify({ query: twelve, variables: { id: 'p-1' } }));
    expect(ok.body.errors.map((e: any) => e.extensions.code)).toEqual(['QUERY_TOO_COSTLY']);
    expect(ok.body.errors[0].extensions.cost).toBeGreaterThan(100_000);
  });

  it('refuses 1,000 aliases (TOO_MANY_ALIASES)', async () => {
    // three tokens an alias (within the token limit)
    const query = `query($id: ID!) { person(id: $id) { ${Array.from({ length: 1000 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    const r = await refusal(query, { id: 'p-1' });
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([
      { message: 'the query has 1000 aliases; at most 30 are allowed', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_MANY_ALIASES', max: 30 } },
    ]);
  });

  it('refuses a chain of fragments that doubles at every step (QUERY_TOO_COSTLY), without walking it out', async () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ${i < 39 ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`).join(' ');
    const r = await refusal(`{ ...F0 } ${chain}`);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
    // 2^39 __typename: counted, not executed
    expect(r.errors[0].extensions.cost).toBeGreaterThan(2 ** 38);
  });

  it('refuses a huge token count at parse time (TOO_MANY_TOKENS): parsing stops at token 5,001', async () => {
    const query = `{ ${'a '.repeat(100_000)}}`;
    const r = await refusal(query);
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([
      {
        message: 'the query has more than 5000 tokens; at most 5000 are allowed',
        locations: [{ line: 1, column: 3 + 2 * 4999 }],
        extensions: { code: 'GRAPHQL_PARSE_FAILED', reason: 'TOO_MANY_TOKENS', max: 5000 },
      },
    ]);
  });

  it('refuses too many directives (TOO_MANY_DIRECTIVES)', async () => {
    const query = `query($id: ID!, $y: Boolean!) { person(id: $id) { ${Array.from({ length: 51 }, () => 'id @include(if: $y)').join(' ')} } }`;
    const r = await refusal(query, { id: 'p-1', y: true });
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([
      { message: 'the query has 51 directives; at most 50 are allowed', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_MANY_DIRECTIVES', max: 50 } },
    ]);
  });

  it('refuses literal pages far over the cost limit before the page-aware estimate (QUERY_TOO_COSTLY, cost and max)', async () => {
    const query = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: people(first: 500) { edges { node { id name household { members { id name } } } } }`).join(' ')} }`;
    const r = await refusal(query);
    expect(r.status).toBe(400);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/^the query would cost at least \d+; at most 25000 is allowed/);
    expect(r.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
    expect(r.errors[0].extensions.cost).toBeGreaterThan(25000);
    // over the alias limit as well: the cost refusal comes first, as clients got it before the alias limit existed
    const forty = await refusal(query.replace(/^\{ /, `{ ${Array.from({ length: 10 }, (_, i) => `b${i}: people(first: 500) { totalCount }`).join(' ')} `));
    expect(forty.errors.map((e) => [e.extensions.code, e.extensions.reason])).toEqual([
      ['QUERY_TOO_COSTLY', undefined],
      ['GRAPHQL_VALIDATION_FAILED', 'TOO_MANY_ALIASES'],
    ]);
  });

  it('applies the limits configured in the environment', async () => {
    const strict = await startTestGateway({ MAX_QUERY_DEPTH: '3', MAX_QUERY_ALIASES: '2', MAX_QUERY_TOKENS: '100', MAX_QUERY_DIRECTIVES: '1', MAX_QUERY_COST: '100' });
    try {
      const codes = async (query: string) => {
        const r = await strict.post(JSON.stringify({ query, variables: { id: 'p-1' } }));
        return [r.status, r.body.errors[0].extensions.code, r.body.errors[0].extensions.reason, r.body.errors[0].extensions.max];
      };
      expect(await codes('query($id: ID!) { person(id: $id) { household { members { id } } } }')).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', 'TOO_DEEP', 3]);
      expect(await codes('query($id: ID!) { a: person(id: $id) { id } b: person(id: $id) { id } c: person(id: $id) { id } }')).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', 'TOO_MANY_ALIASES', 2]);
      expect(await codes(`query($id: ID!) { person(id: $id) { ${'id '.repeat(100)}} }`)).toEqual([400, 'GRAPHQL_PARSE_FAILED', 'TOO_MANY_TOKENS', 100]);
      expect(await codes('query($id: ID!) { person(id: $id) { id @include(if: true) name @skip(if: false) } }')).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', 'TOO_MANY_DIRECTIVES', 1]);
      expect(await codes('query($id: ID!) { people(first: 200) { totalCount } }')).toEqual([400, 'QUERY_TOO_COSTLY', undefined, 100]);
    } finally {
      await strict.close();
    }
  });
});

describe('field suggestions', () => {
  it('are blocked in production, shown in development', async () => {
    const dev = await startTestGateway();
    const production = await startTestGateway({ AIDGRAPH_MODE: 'production' });
    try {
      const query = JSON.stringify({ query: '{ peple(first: 1) { totalCount } }' });
      const devAnswer = await dev.post(query);
      expect(devAnswer.body.errors[0].message).toContain('Did you mean "people"');
      const prodAnswer = await production.post(query);
      expect(prodAnswer.status).toBe(400);
      expect(prodAnswer.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(prodAnswer.body.errors[0].message).toBe('Cannot query field "peple" on type "Query".');
    } finally {
      await dev.close();
      await production.close();
    }
  });
});
