import { buildSchema, parse, validate } from 'graphql';
import { depthLimit } from './depth-limit';

const schema = buildSchema(`type Query { a: A } type A { b: A, c: Int }`);
const run = (q: string, max: number) => validate(schema, parse(q), [depthLimit(max)]).map((e) => e.message);

describe('the depth limit', () => {
  it('counts field nesting, through fragments, ignoring __typename', () => {
    expect(run('{ a { b { c } } }', 3)).toEqual([]);
    expect(run('{ a { b { b { c } } } }', 3)).toEqual(['the query is 4 levels deep; at most 3 are allowed']);
    expect(run('{ a { ...F } } fragment F on A { b { b { c __typename } } }', 3)).toEqual(['the query is 4 levels deep; at most 3 are allowed']);
    expect(run('{ a { ... on A { b { c } } } }', 3)).toEqual([]);
  });

  it('does not loop on a fragment that spreads itself', () => {
    expect(run('{ a { ...F } } fragment F on A { b { ...F } }', 5)).toEqual([]);
  });
});
