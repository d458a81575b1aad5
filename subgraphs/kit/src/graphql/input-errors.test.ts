import 'reflect-metadata';
import { Length, Matches, Max, Min, ValidateNested, validate } from 'class-validator';
import { GraphQLError, buildSchema, getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { Field, InputType, Int } from 'type-graphql';
import {
  badCharacterError, canonicalId, constraintReason, guardReferenceResolver, hasControlCharacter, inputError, inputFieldPaths, isWellFormedId, normalizeInputError,
  variableInputError, violationsOf,
} from './input-errors';
import { badInput } from '../errors';

@InputType('KitTestItem')
class Item {
  @Field(() => Int)
  @Min(1)
  @Max(9)
  count: number;
}

@InputType('KitTestInput')
class Input {
  @Field({ name: 'schoolName' })
  @Length(2, 5)
  school: string;

  @Field()
  @Matches(/^\d{4}$/, { message: 'year must look like 2025' })
  year: string;

  @Field(() => [Item])
  @ValidateNested()
  items: Item[];
}

const make = (o: Partial<Input>) => Object.assign(new Input(), { school: 'abc', year: '2025', items: [], ...o });

describe('the one input-error shape', () => {
  it('maps class-validator constraints to stable reasons, and paths from the argument (GraphQL names, list items)', async () => {
    const errors = await validate(make({ school: 'x', year: '25', items: [Object.assign(new Item(), { count: 1 }), Object.assign(new Item(), { count: 12 })] }));
    expect(violationsOf(errors, 'input')).toEqual([
      { field: 'input.schoolName', reason: 'TOO_SHORT', message: '`input.schoolName` must be longer than or equal to 2 characters' },
      { field: 'input.year', reason: 'BAD_FORMAT', message: '`input.year` must look like 2025' },
      { field: 'input.items[1].count', reason: 'TOO_LARGE', message: '`input.items[1].count` must not be greater than 9' },
    ]);
    const long = await validate(make({ school: '长长长长长长' }));
    expect(violationsOf(long, 'input').map((v) => v.reason)).toEqual(['TOO_LONG']);
    // an args class: its properties are the arguments themselves
    expect(violationsOf(long).map((v) => v.field)).toEqual(['schoolName']);
    expect(constraintReason('min', long[0])).toBe('TOO_SMALL');
    expect(constraintReason('someCustomRule', long[0])).toBe('INVALID');
  });

  it('names the first violation and lists every one when there are several', () => {
    const one = inputError([{ field: 'first', reason: 'TOO_LARGE', message: '`first` must not be greater than 500' }]);
    expect(one.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first', reason: 'TOO_LARGE' });
    const two = inputError([
      { field: 'input.a', reason: 'REQUIRED', message: '`input.a` is required' },
      { field: 'input.b', reason: 'TOO_LONG', message: '`input.b` is too long' },
    ]);
    expect(two.message).toBe('`input.a` is required (and 1 more: see extensions.errors)');
    expect(two.extensions).toMatchObject({ field: 'input.a', reason: 'REQUIRED', errors: [{ field: 'input.a' }, { field: 'input.b', reason: 'TOO_LONG' }] });
  });

  it('rewrites class-validator\'s validationErrors that reach formatError without the kit\'s validateFn', async () => {
    const errors = await validate(make({ school: 'x' }));
    const out = normalizeInputError({ message: 'Argument Validation Error', extensions: { code: 'BAD_USER_INPUT', validationErrors: errors } }, undefined);
    expect(out).toEqual({ message: '`schoolName` must be longer than or equal to 2 characters', path: undefined, locations: undefined, extensions: { code: 'BAD_USER_INPUT', field: 'schoolName', reason: 'TOO_SHORT' } });
    // any other error is left alone
    expect(normalizeInputError({ message: 'no', extensions: { code: 'FORBIDDEN' } }, undefined)).toBeUndefined();
    expect(normalizeInputError({ message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'amount', reason: 'BAD_AMOUNT' } }, undefined)).toBeUndefined();
  });

  it('describes a variable GraphQL could not coerce by the argument it is given to, without the value', () => {
    const schema = buildSchema('input I { id: ID! n: Int } type Query { f(input: I, ids: [ID!], first: Int): Int }');
    const coerce = (query: string, variables: Record<string, unknown>) => {
      const op = parse(query).definitions[0] as OperationDefinitionNode;
      const e = getVariableValues(schema, op.variableDefinitions ?? [], variables).errors![0];
      const wrapped = new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError ?? e, extensions: { code: 'BAD_USER_INPUT' } });
      return variableInputError(wrapped.message, wrapped);
    };
    expect(coerce('query($x: I) { f(input: $x) }', { x: { id: 'a', n: 'secret-13800001234' } })).toEqual({ field: 'input.n', reason: 'BAD_TYPE', message: '`input.n` must be an Int' });
    expect(coerce('query($x: I) { f(input: $x) }', { x: { n: 1 } })).toEqual({ field: 'input.id', reason: 'REQUIRED', message: '`input.id` is required' });
    expect(coerce('query($x: Int!) { f(first: $x) }', {})).toEqual({ field: 'first', reason: 'REQUIRED', message: '`first` is required' });
    expect(coerce('query($v: Int) { f(ids: ["a"], first: 1) g: f(first: $v) }', { v: 'x' })?.field).toBe('first');
    // a variable used nowhere as an argument is named as the variable
    expect(coerce('query($v: Int) { f }', { v: 'x' })?.field).toBe('$v');
    expect(variableInputError('Something else', undefined)).toBeUndefined();
  });

  it('takes UUIDs in any case as ids, canonicalised to lower case; a reference with another key resolves to null', async () => {
    expect(isWellFormedId('5F3A0C2E-1B2D-4C3E-8F9A-0B1C2D3E4F5A')).toBe(true);
    expect(canonicalId('5F3A0C2E-1B2D-4C3E-8F9A-0B1C2D3E4F5A')).toBe('5f3a0c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a');
    for (const bad of ['p-17', '', ' 5f3a0c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a', "5f3a0c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a' OR 1=1", 17, null, undefined])
      expect(isWellFormedId(bad)).toBe(false);
    const seen: string[] = [];
    const resolve = guardReferenceResolver((ref: { id?: unknown }) => {
      seen.push(String(ref.id));
      return { id: ref.id };
    });
    expect(await resolve({ id: 'p-17' }, {}, {})).toBeNull();
    expect(await resolve({ id: '5F3A0C2E-1B2D-4C3E-8F9A-0B1C2D3E4F5A' }, {}, {})).toEqual({ id: '5f3a0c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a' });
    expect(seen).toEqual(['5f3a0c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a']);
  });

  it('refuses text with a C0 control character but tab, line feed and carriage return, DEL, a C1 control character or a bidirectional override (BAD_CHARACTER)', () => {
    const refused: number[] = [];
    for (let c = 0; c <= 0x2100; c++) if (hasControlCharacter(`医院${String.fromCharCode(c)}X`)) refused.push(c);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const expected = [...range(0, 0x1f).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d), ...range(0x7f, 0x9f), ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)];
    expect(refused).toEqual(expected);
    for (const ok of ['王', '胶州市人民医院', 'a\tb\r\nc', '\u00a0\u2028😀', '']) expect(hasControlCharacter(ok)).toBe(false);
    const e = badCharacterError('input.hospital');
    expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.hospital', reason: 'BAD_CHARACTER' });
    expect(e.message).toMatch(/^`input\.hospital` contains a control character/);
  });
});

describe("a department's rule names its field as the path from the argument (inputFieldPaths)", () => {
  const schema = buildSchema(`
    input Member { name: String idNumber: String }
    input ApplyInput { amount: String members: [Member!] note: String }
    type Query { ok: Boolean }
    type Mutation { apply(input: ApplyInput!, dryRun: Boolean): Boolean }
  `);
  /** What the middleware makes of `thrown`, raised by the resolver of Mutation.apply with `args`. */
  const rewrite = async (args: Record<string, unknown>, thrown: Error): Promise<GraphQLError> => {
    const data = { args, info: { parentType: schema.getMutationType()!, fieldName: 'apply' } } as never;
    const error = await Promise.resolve(inputFieldPaths(data, () => Promise.reject(thrown))).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  };
  const input = { amount: '-1', members: [{ name: 'a', idNumber: 'x' }, { name: 'b', idNumber: 'y' }] };

  it('gives a top-level key of the input as input.<key>', async () => {
    const e = await rewrite({ input }, badInput('`amount` must be positive', 'amount', 'TOO_SMALL'));
    expect(e.message).toBe('`amount` must be positive');
    expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'TOO_SMALL' });
  });

  it('gives a nested key, in a list item, with its full path', async () => {
    const e = await rewrite({ input: { members: [{ name: 'a' }, { name: 'b', idNumber: 'y' }] } }, badInput('bad id number', 'idNumber', 'BAD_FORMAT'));
    expect(e.extensions.field).toBe('input.members[1].idNumber');
  });

  it('finds a key the client left out by the argument type (a "required when" rule)', async () => {
    const e = await rewrite({ input: { amount: '1' } }, badInput('note is required for this amount', 'note', 'REQUIRED'));
    expect(e.extensions.field).toBe('input.note');
  });

  it('rewrites extensions.errors[].field likewise', async () => {
    const thrown = new GraphQLError('two rules', {
      extensions: { code: 'BAD_USER_INPUT', field: 'amount', reason: 'TOO_SMALL', errors: [{ field: 'amount', reason: 'TOO_SMALL' }, { field: 'idNumber', reason: 'BAD_FORMAT' }] },
    });
    const e = await rewrite({ input }, thrown);
    expect(e.extensions).toMatchObject({ field: 'input.amount', errors: [{ field: 'input.amount', reason: 'TOO_SMALL' }, { field: 'input.members[0].idNumber', reason: 'BAD_FORMAT' }] });
  });

  it('leaves a key no argument holds, a path already from an argument, and other errors as they are', async () => {
    const whole = badInput('too many applications this month', 'applicationsThisMonth', 'TOO_MANY');
    expect(await rewrite({ input }, whole)).toBe(whole);
    const path = badInput('`input.members[0].idNumber` is bad', 'input.members[0].idNumber', 'BAD_FORMAT');
    expect(await rewrite({ input }, path)).toBe(path);
    const arg = badInput('dry run not allowed', 'dryRun', 'NOT_ALLOWED');
    expect(await rewrite({ input, dryRun: true }, arg)).toBe(arg);
    const other = new GraphQLError('not found', { extensions: { code: 'NOT_FOUND', field: 'amount' } });
    expect(await rewrite({ input }, other)).toBe(other);
  });
});
