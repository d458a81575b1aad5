import { parse, type OperationDefinitionNode } from 'graphql';
import { estimateCost } from './cost-limit';

const cost = (q: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(q);
  return estimateCost(doc, (doc.definitions[0] as OperationDefinitionNode).selectionSet, variables);
};

describe('the estimated cost of an operation', () => {
  it('counts fields, multiplied by the page size of the lists they are in', () => {
    expect(cost('{ person(id: "x") { id name } }')).toBe(3);
    expect(cost('{ people(first: 10) { totalCount edges { node { id name } } } }')).toBe(1 + 10 * (1 + 1 + 1 + 2));
    expect(cost('query($n: Int) { people(first: $n) { edges { node { id } } } }', { n: 100 })).toBe(1 + 100 * 3);
    expect(cost('{ people { edges { node { id } } } }')).toBe(1 + 50 * 3);
  });

  it('counts every alias and follows fragments', () => {
    const one = cost('{ a: people(first: 500) { edges { node { ...P } } } } fragment P on Person { id name household { members { id } } }');
    const forty = cost(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: people(first: 500) { edges { node { ...P } } }`).join(' ')} } fragment P on Person { id name household { members { id } } }`);
    expect(forty).toBe(40 * one);
    expect(forty).toBeGreaterThan(25000);
    expect(one).toBeLessThan(25000);
  });
});

describe('the estimated cost with the schema (variable and argument defaults)', () => {
  const { buildSchema } = require('graphql') as typeof import('graphql');
  const schema = buildSchema(`
    type Query {
      people(first: Int = 50, after: String): PersonConnection!
      peopleByIdNumbers(idNumbers: [String!]!): [Person]!
      claims(first: Int = 20): [Person!]!
    }
    type PersonConnection { totalCount: Int! edges: [PersonEdge!]! }
    type PersonEdge { node: Person! }
    type Person { id: ID! name: String household: Household }
    type Household { id: ID! members: [Person!]! }
  `);
  const withSchema = (q: string, variables: Record<string, unknown> = {}) => {
    const doc = parse(q);
    const operation = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    return estimateCost(doc, operation.selectionSet, variables, { schema, operation });
  };
  const page = (n: number) => 1 + n * (1 + 1 + 2);

  it("counts a variable's default in the operation when no value is sent (the bypass of issue 14)", () => {
    const q = 'query($n: Int = 500) { people(first: $n) { edges { node { id name } } } }';
    expect(withSchema(q)).toBe(page(500));
    expect(withSchema(q, { n: 10 })).toBe(page(10));
    const twelve = `query($n: Int = 500) { ${Array.from({ length: 12 }, (_, i) => `a${i}: people(first: $n) { edges { node { id name household { id members { id name } } } } }`).join(' ')} }`;
    expect(withSchema(twelve)).toBeGreaterThan(25000);
    // without the operation (the old way) the default was not seen: 50 per page
    const doc = parse(twelve);
    expect(estimateCost(doc, (doc.definitions[0] as OperationDefinitionNode).selectionSet, {})).toBeLessThan(withSchema(twelve) / 5);
  });

  it("counts the argument's default in the schema when neither a value nor a variable default is given", () => {
    expect(withSchema('{ claims { id } }')).toBe(1 + 20 * 1);
    expect(withSchema('query($n: Int) { claims(first: $n) { id } }')).toBe(1 + 20 * 1);
    expect(withSchema('{ people { edges { node { id name } } } }')).toBe(page(50));
    expect(withSchema('{ people(first: 7) { edges { node { id name } } } }')).toBe(page(7));
  });

  it('counts a batch lookup by the length of its list, from a literal or a variable', () => {
    expect(withSchema('{ peopleByIdNumbers(idNumbers: ["a", "b", "c"]) { id name } }')).toBe(1 + 3 * 2);
    const ids = Array.from({ length: 500 }, (_, i) => String(i));
    expect(withSchema('query($ids: [String!]!) { peopleByIdNumbers(idNumbers: $ids) { id name } }', { ids })).toBe(1 + 500 * 2);
    expect(withSchema('query($ids: [String!]! = ["x", "y"]) { peopleByIdNumbers(idNumbers: $ids) { id } }')).toBe(1 + 2 * 1);
  });
});

describe('the estimated cost of lists without paging (issue 14 review, F1)', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { buildSchema } = require('graphql') as typeof import('graphql');
  const { DEFAULT_LIST_SIZE } = require('./cost-limit') as typeof import('./cost-limit');
  // the supergraph as the gateway serves it (the join__/link__ definitions only add types the costing never meets)
  const supergraph = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
  const costOf = (q: string, variables: Record<string, unknown> = {}) => {
    const doc = parse(q);
    const operation = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    return estimateCost(doc, operation.selectionSet, variables, { schema: supergraph, operation });
  };

  it('multiplies what is under a list without `first` by the default list size', () => {
    expect(DEFAULT_LIST_SIZE).toBe(10);
    // person (1) + household (1 + members (1 + 10 × id))
    expect(costOf('query($id: ID!) { person(id: $id) { household { members { id } } } }')).toBe(1 + 1 + 1 + 10 * 1);
    // a list of scalars costs 1
    expect(costOf('query($id: ID!) { person(id: $id) { coveredGroups } }')).toBe(2);
    // each nesting of household → members multiplies by 10
    const nested = (depth: number) => {
      let inner = 'id';
      for (let i = 0; i < depth; i++) inner = `id household { members { ${inner} } }`;
      return costOf(`query($id: ID!) { person(id: $id) { ${inner} } }`);
    };
    expect(nested(2) - 1).toBeGreaterThan(9 * (nested(1) - 1));
    expect(nested(3) - 1).toBeGreaterThan(9 * (nested(2) - 1));
  });

  it("does not count a connection's edges twice", () => {
    expect(costOf('{ people(first: 7) { edges { node { id name } } } }')).toBe(1 + 7 * (1 + 1 + 2));
  });

  it('refuses the nested household query of the review that drove civil-affairs out of memory', () => {
    const q = `query($n:Int=500){ a0: people(first:$n){ edges{ node{ id household{ members{ id household{ members{ id household{ members{ id household{ members{ id name } } } } } } } } } } } }`;
    expect(costOf(q)).toBeGreaterThan(25000 * 100);
    // even a page of one, two levels deep, is over the limit's order of magnitude at four levels
    expect(costOf(q, { n: 1 })).toBeGreaterThan(10_000);
  });

  it("keeps the README's example operations (tests/operations) below the default limit", () => {
    const dir = path.join(__dirname, '../../tests/operations');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const c = costOf(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect({ f, ok: c > 0 && c <= 25000 }).toEqual({ f, ok: true });
    }
  });

  it('costs an introspection query (GraphiQL) below the limit: its lists are bounded by the schema', () => {
    const { getIntrospectionQuery } = require('graphql') as typeof import('graphql');
    expect(costOf(getIntrospectionQuery())).toBeLessThan(25000);
  });
});
