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
