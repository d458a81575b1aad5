import { ApolloServer } from '@apollo/server';
import { costLimit, DEFAULT_LIST_SIZE, estimateCost } from './cost-limit';
import { parse, buildSchema, type GraphQLObjectType, type OperationDefinitionNode } from 'graphql';

const typeDefs = `
  type Query { people(first: Int = 50, last: Int, after: String, before: String): PersonConnection! pagedLater(first: Int, last: Int): PersonConnection! person(id: ID!): Person }
  type PersonConnection { totalCount: Int! edges: [PersonEdge!]! }
  type PersonEdge { node: Person! }
  type Person { id: ID! name: String household: Household }
  type Household { id: ID! members: [Person!]! }
`;

/** The nested household query of the issue 14 review (F1): 8,001 by the old estimate, millions by the new one. */
const NESTED_HOUSEHOLDS = `query($n:Int=500){ a0: people(first:$n){ edges{ node{ id household{ members{ id household{ members{ id household{ members{ id household{ members{ id name } } } } } } } } } } } }`;

describe("the kit's cost estimate: lists without paging multiply what is under them", () => {
  const schema = buildSchema(typeDefs);
  const cost = (q: string, variables: Record<string, unknown> = {}) => {
    const doc = parse(q);
    const operation = doc.definitions[0] as OperationDefinitionNode;
    return estimateCost(doc, operation.selectionSet, variables, { schema, operation });
  };

  it('counts a list without `first` as DEFAULT_LIST_SIZE items, a connection by its page, edges once', () => {
    expect(cost('{ person(id: "x") { household { members { id name } } } }')).toBe(1 + 1 + 1 + DEFAULT_LIST_SIZE * 2);
    expect(cost('{ people(first: 3) { edges { node { id } } } }')).toBe(1 + 3 * (1 + 1 + 1));
    expect(cost('{ people { totalCount } }')).toBe(1 + 50 * 1);
    const doc = parse('{ person(id: "x") { household { members { id } } } }');
    const operation = doc.definitions[0] as OperationDefinitionNode;
    expect(estimateCost(doc, operation.selectionSet, {}, { schema, operation, listSize: 3 })).toBe(1 + 1 + 1 + 3);
  });

  it('costs `last` (backward paging) like `first`, from a literal or a variable', () => {
    expect(cost('{ people(last: 3) { edges { node { id } } } }')).toBe(1 + 3 * (1 + 1 + 1));
    expect(cost('query($n: Int) { people(last: $n, before: "x") { edges { node { id } } } }', { n: 400 })).toBe(1 + 400 * 3);
    expect(cost('{ pagedLater(last: 7) { edges { node { id } } } }')).toBe(1 + 7 * 3);
    // neither given and no schema default: the default page
    expect(cost('{ pagedLater { edges { node { id } } } }')).toBe(1 + 50 * 3);
    // first: 0 (a bare count) costs as one item
    expect(cost('{ people(first: 0) { totalCount } }')).toBe(1 + 1);
  });

  it('puts the nested household query far above the default limit', () => {
    expect(cost(NESTED_HOUSEHOLDS)).toBeGreaterThan(25000 * 100);
    expect(cost(NESTED_HOUSEHOLDS, { n: 3 })).toBeGreaterThan(25000);
  });
});

describe('the cost limit plugin', () => {
  let resolved = 0;
  const person = (i: number) => ({ id: String(i), name: `p${i}`, household: { id: `h${i}` } });
  const executable = buildSchema(typeDefs);
  (executable.getType('Query') as GraphQLObjectType).getFields().people.resolve = (_: unknown, { first }: { first: number }) => {
    resolved++;
    return { totalCount: first, edges: Array.from({ length: first }, (_x, i) => ({ node: person(i) })) };
  };
  (executable.getType('Household') as GraphQLObjectType).getFields().members.resolve = () => (resolved++, [person(1), person(2)]);
  const server = new ApolloServer<{ viaGateway?: boolean }>({
    schema: executable,
    plugins: [costLimit<{ viaGateway?: boolean }>(25000, { applies: (c) => !(c as { viaGateway?: boolean }).viaGateway })],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('refuses a costly operation with QUERY_TOO_COSTLY before any resolver runs', async () => {
    resolved = 0;
    const r = await server.executeOperation({ query: NESTED_HOUSEHOLDS }, { contextValue: { viaGateway: false } });
    expect(r.http.status).toBe(400);
    const body = r.body.kind === 'single' ? r.body.singleResult : undefined;
    expect(body?.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(body?.errors?.[0]?.extensions?.max).toBe(25000);
    expect(body?.data).toBeUndefined();
    expect(resolved).toBe(0);
  });

  it('answers a cheap operation, and leaves requests it does not apply to (the gateway-signed ones) alone', async () => {
    const cheap = await server.executeOperation({ query: '{ people(first: 2) { edges { node { id household { members { id } } } } } }' }, { contextValue: {} });
    expect(cheap.body.kind === 'single' && cheap.body.singleResult.errors).toBeUndefined();
    const signed = await server.executeOperation({ query: NESTED_HOUSEHOLDS, variables: { n: 3 } }, { contextValue: { viaGateway: true } });
    expect(signed.body.kind === 'single' && signed.body.singleResult.errors).toBeUndefined();
    const direct = await server.executeOperation({ query: NESTED_HOUSEHOLDS, variables: { n: 3 } }, { contextValue: { viaGateway: false } });
    expect(direct.body.kind === 'single' && direct.body.singleResult.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });
});
