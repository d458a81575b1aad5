/**
 * Money as the subgraphs store and serve it: the values themselves (Yuan, parseYuan, yuan, Decimal, ...) are
 * @aidgraph/common's (common/src/domain/money.ts), shared with the population generator; the database column
 * transformer and the `Yuan` GraphQL scalar are the kit's.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import type { ValueTransformer } from 'typeorm';
import { fenToYuan, parseYuan, yuanToFen, type Yuan } from '@aidgraph/common/domain/money';

export * from '@aidgraph/common/domain/money';

/** TypeORM column transformer: canonical yuan string in code, integer fen (bigint) in the database. */
export const yuanColumn: ValueTransformer = {
  to: (value: Yuan | null | undefined) => (value === null || value === undefined ? value : yuanToFen(value)),
  from: (value: number | string | null) => (value === null || value === undefined ? null : fenToYuan(value)),
};

/** The `Yuan` GraphQL scalar. */
export const YuanScalar = new GraphQLScalarType({
  name: 'Yuan',
  description:
    'An exact amount of money in yuan (元, CNY) as a decimal string with two decimals, e.g. "1234.50". Never a float. ' +
    'Input also accepts an integer or a string with at most two decimals.',
  serialize(value) {
    const v = parseYuan(value as string);
    if (v === null) throw new TypeError('Yuan cannot represent a non-decimal value');
    return v;
  },
  parseValue(value) {
    const v = typeof value === 'string' || typeof value === 'number' ? parseYuan(value) : null;
    if (v === null) throw new TypeError('Yuan must be a decimal amount of yuan with at most two decimals, e.g. "1234.50"');
    return v;
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
      const v = parseYuan(ast.value);
      if (v !== null) return v;
    }
    throw new TypeError('Yuan must be a decimal amount of yuan with at most two decimals, e.g. "1234.50"');
  },
});
