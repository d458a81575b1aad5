import { GraphQLScalarType, Kind } from 'graphql';
import type { ValueTransformer } from 'typeorm';
import { Decimal } from '@aidgraph/subgraph-kit';

/**
 * 建筑面积 A floor area in square metres, exact to the hundredth (0.01 m²), never a float.
 * In GraphQL it is the `HousingFloorArea` scalar, a decimal string such as "45.50"; in the databases an integer count of
 * hundredths of a square metre; in code a canonical string, computed with decimal.js.
 */
export type FloorArea = string;

const AREA_PATTERN = /^\d{1,5}(\.\d{1,2})?$/;

/** Parse an area as typed ("45.5", " 45 ", "45.50") into its canonical two-decimal form, or null when it is not one. */
export function parseFloorArea(input: string | number): FloorArea | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    input = String(input);
  }
  const s = input.replace(/[\s㎡]/g, '').replace(/(m²|m2|平方米)$/i, '');
  if (!AREA_PATTERN.test(s)) return null;
  return new Decimal(s).toFixed(2);
}

/** TypeORM column transformer: canonical string in code, integer hundredths of a square metre in the database. */
export const floorAreaColumn: ValueTransformer = {
  to: (value: FloorArea | null | undefined) =>
    value === null || value === undefined ? value : new Decimal(value).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
  from: (value: number | string | null) => (value === null || value === undefined ? null : new Decimal(String(value)).dividedBy(100).toFixed(2)),
};

const MESSAGE = 'HousingFloorArea must be a decimal number of square metres with at most two decimals, e.g. "45.50"';

/** The `HousingFloorArea` GraphQL scalar. */
export const FloorAreaScalar = new GraphQLScalarType({
  name: 'HousingFloorArea',
  description:
    '建筑面积 A floor area in square metres (m²) as an exact decimal string with two decimals, e.g. "45.50". Never a float. ' +
    'Input also accepts an integer or a string with at most two decimals.',
  serialize(value) {
    const v = parseFloorArea(value as string);
    if (v === null) throw new TypeError('HousingFloorArea cannot represent a non-decimal value');
    return v;
  },
  parseValue(value) {
    const v = typeof value === 'string' || typeof value === 'number' ? parseFloorArea(value) : null;
    if (v === null) throw new TypeError(MESSAGE);
    return v;
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
      const v = parseFloorArea(ast.value);
      if (v !== null) return v;
    }
    throw new TypeError(MESSAGE);
  },
});
