import { Kind } from 'graphql';
import { YuanScalar } from './money';

describe('the Yuan scalar', () => {
  it('serialises and refuses through the GraphQL scalar', () => {
    expect(YuanScalar.serialize('5')).toBe('5.00');
    expect(YuanScalar.parseValue(12)).toBe('12.00');
    expect(YuanScalar.parseLiteral({ kind: Kind.STRING, value: '3.5' } as any, {})).toBe('3.50');
    expect(() => YuanScalar.parseValue('3.555')).toThrow(/two decimals/);
    expect(() => YuanScalar.parseValue(true)).toThrow();
  });
});
