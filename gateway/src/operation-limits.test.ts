import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { estimateCost } from '@aidgraph/common';
import { LIMIT_REASONS, STATIC_COST_FACTOR, operationLimits, type OperationLimitSettings } from './operation-limits';

const DEFAULTS: OperationLimitSettings = {
  MAX_QUERY_DEPTH: 12,
  MAX_QUERY_COST: 25000,
  MAX_QUERY_ALIASES: 30,
  MAX_QUERY_DIRECTIVES: 50,
  MAX_QUERY_TOKENS: 5000,
  production: false,
};

/** GraphQL Armor's validation rules as the gateway installs them: the messages, reasons and codes they report */
const refusals = (schema: ReturnType<typeof buildSchema>, q: string, settings: Partial<OperationLimitSettings> = {}) =>
  validate(schema, parse(q), [...specifiedRules, ...operationLimits({ ...DEFAULTS, ...settings }).validationRules])
    .map((e) => ({ message: e.message, ...(e.extensions as { reason?: string; code?: string; cost?: number; max?: number }) }));

describe('the depth limit (GraphQL Armor max depth)', () => {
  const schema = buildSchema(`type Query { a: A } type A { b: A, c: Int }`);
  const depth = (q: string, max: number) => refusals(schema, q, { MAX_QUERY_DEPTH: max }).filter((e) => e.reason === LIMIT_REASONS.depth);

  it('counts field nesting, through fragments (which add no level)', () => {
    expect(depth('{ a { b { c } } }', 3)).toEqual([]);
    expect(depth('{ a { b { b { c } } } }', 3)).toEqual([{ message: 'the query is 4 levels deep; at most 3 are allowed', reason: 'TOO_DEEP', max: 3 }]);
    expect(depth('{ a { ...F } } fragment F on A { b { b { c } } }', 3)).toEqual([{ message: 'the query is 4 levels deep; at most 3 are allowed', reason: 'TOO_DEEP', max: 3 }]);
    expect(depth('{ a { ... on A { b { c } } } }', 3)).toEqual([]);
    // a chain of fragments, each one level deeper: the depth of the whole chain
    const chain = Array.from({ length: 6 }, (_, i) => `fragment F${i} on A { b { ${i < 5 ? `...F${i + 1}` : 'c'} } }`).join(' ');
    // a (1), six fragments of one b each (2-7), c (8)
    expect(depth(`{ a { ...F0 } } ${chain}`, 8)).toEqual([]);
    expect(depth(`{ a { ...F0 } } ${chain}`, 6)).toEqual([{ message: 'the query is 8 levels deep; at most 6 are allowed', reason: 'TOO_DEEP', max: 6 }]);
  });

  it('does not loop on a fragment that spreads itself (graphql-js refuses the cycle)', () => {
    const errors = refusals(schema, '{ a { ...F } } fragment F on A { b { ...F } }', { MAX_QUERY_DEPTH: 5 });
    expect(errors.map((e) => e.message)).toEqual(['Cannot spread fragment "F" within itself.']);
  });
});

describe('the alias and directive limits (GraphQL Armor)', () => {
  const schema = buildSchema(`type Query { a: A } type A { b: A, c: Int }`);

  it('counts aliases through fragments, __typename aliases free', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `x${i}: c`).join(' ');
    expect(refusals(schema, `{ a { ${aliases(30)} t1: __typename t2: __typename } }`)).toEqual([]);
    expect(refusals(schema, `{ a { ${aliases(31)} } }`)).toEqual([{ message: 'the query has 31 aliases; at most 30 are allowed', reason: 'TOO_MANY_ALIASES', max: 30 }]);
    expect(refusals(schema, `{ a { ...F y: c } } fragment F on A { ${aliases(30)} }`)).toEqual([
      { message: 'the query has 31 aliases; at most 30 are allowed', reason: 'TOO_MANY_ALIASES', max: 30 },
    ]);
  });

  it('counts directives through fragments', () => {
    const fields = (n: number) => Array.from({ length: n }, () => 'c @include(if: true)').join(' ');
    expect(refusals(schema, `{ a { ${fields(50)} } }`)).toEqual([]);
    expect(refusals(schema, `{ a { ...F } } fragment F on A { ${fields(51)} }`)).toEqual([
      { message: 'the query has 51 directives; at most 50 are allowed', reason: 'TOO_MANY_DIRECTIVES', max: 50 },
    ]);
  });
});

describe('the static cost bound (GraphQL Armor cost limit)', () => {
  const supergraph = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
  const pageAware = (q: string) => {
    const doc = parse(q);
    const operation = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    return estimateCost(doc, operation.selectionSet, {}, { schema: supergraph, operation });
  };
  const costErrors = (q: string, max = 25000) => refusals(supergraph, q, { MAX_QUERY_COST: max }).filter((e) => e.code === 'QUERY_TOO_COSTLY');

  it('refuses literal pages far over the limit with QUERY_TOO_COSTLY, a lower bound of the page-aware cost', () => {
    const q = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: people(first: 500) { edges { node { id name household { members { id name } } } } }`).join(' ')} }`;
    const [error] = costErrors(q);
    expect(error).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
    expect(error.cost).toBeGreaterThan(25000);
    expect(error.cost).toBeLessThanOrEqual(pageAware(q));
  });

  it('refuses a chain of fragments that doubles at every step without walking it out', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ${i < 39 ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`).join(' ');
    const [error] = costErrors(`{ ...F0 } ${chain}`);
    expect(error).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 25000 });
    expect(error.cost).toBeGreaterThan(2 ** 38);
  });

  it('keeps the bound at most the page-aware cost: what it refuses, the page-aware limit refuses too', () => {
    expect(STATIC_COST_FACTOR).toBe(2);
    // operations just under the limit for the page-aware cost pass the static bound
    const dir = path.join(__dirname, '../../tests/operations');
    const examples = fs.readdirSync(dir).filter((f) => f.endsWith('.graphql')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const q of [
      ...examples,
      getIntrospectionQuery(),
      '{ people(first: 500) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }',
      '{ people(first: 8) { edges { node { ... on Person { id name household { id members { id name } } } } } } }',
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: people(first: 200) { edges { node { id name } } }`).join(' ')} }`,
    ]) {
      const c = pageAware(q);
      expect({ q: q.slice(0, 60), refused: costErrors(q, Math.max(100, c)).length }).toEqual({ q: q.slice(0, 60), refused: 0 });
    }
  });
});

describe('the token limit (graphql-js maxTokens, at parse time)', () => {
  it('stops parsing at the first token over the limit', () => {
    const { parseOptions } = operationLimits(DEFAULTS);
    expect(parseOptions.maxTokens).toBe(5000);
    const q = `{ ${'a '.repeat(100_000)}}`;
    let error: any;
    try {
      parse(q, parseOptions);
    } catch (e) {
      error = e;
    }
    expect(error.message).toBe('Syntax Error: Document contains more that 5000 tokens. Parsing aborted.');
    // where it stopped: token 5001, two characters each after the opening brace
    expect(error.locations).toEqual([{ line: 1, column: 3 + 2 * 4999 }]);
    expect(() => parse(getIntrospectionQuery(), parseOptions)).not.toThrow();
  });
});

// the page-size-aware cost (the kit's estimateCost, installed by operationLimits as the kit's costLimit plugin)

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
  const { DEFAULT_LIST_SIZE } = require('@aidgraph/common') as typeof import('@aidgraph/common');
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
