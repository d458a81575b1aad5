import { GraphQLError, buildSchema, getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { formatGatewayError } from './format-error';
import { createLogger } from '@aidgraph/common';

const format = formatGatewayError(createLogger('test', 'silent'));

describe('errors leaving the gateway', () => {
  it('keeps a client error\'s message and code, and drops everything else', () => {
    expect(format({ message: 'invalid ID number: the check character', path: ['person'], extensions: { code: 'BAD_USER_INPUT', field: 'idNumber', reason: 'CHECK_CHARACTER', stacktrace: ['at x'], serviceName: 'civil-affairs' } })).toEqual({
      message: 'invalid ID number: the check character',
      path: ['person'],
      locations: undefined,
      extensions: { code: 'BAD_USER_INPUT', field: 'idNumber', reason: 'CHECK_CHARACTER', serviceName: 'civil-affairs' },
    });
  });

  it('keeps the details a subgraph documents for a conflict (an illegal step change, a stale version, the registered person)', () => {
    const ext = (extensions: Record<string, unknown>) => format({ message: 'conflict', extensions: { ...extensions, stacktrace: ['at x'], sql: 'SELECT 1' } }).extensions;
    expect(ext({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'SUBMITTED', to: 'CONFIRMED', serviceName: 'service-centre' }))
      .toEqual({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', from: 'SUBMITTED', to: 'CONFIRMED', serviceName: 'service-centre' });
    expect(ext({ code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: 1, currentVersion: 2 })).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION', expectedVersion: 1, currentVersion: 2 });
    expect(ext({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.idNumber', existingPersonId: 'p-1' })).toEqual({ code: 'CONFLICT', reason: 'ID_NUMBER_REGISTERED', field: 'input.idNumber', existingPersonId: 'p-1' });
    expect(ext({ code: 'CONFLICT', reason: 'NOT_IN_INVESTIGATION', step: 'SUBMITTED' })).toEqual({ code: 'CONFLICT', reason: 'NOT_IN_INVESTIGATION', step: 'SUBMITTED' });
    expect(ext({ code: 'FORBIDDEN', reason: 'TOO_MANY_REGISTRY_CONFLICTS', limit: 20 })).toEqual({ code: 'FORBIDDEN', reason: 'TOO_MANY_REGISTRY_CONFLICTS', limit: 20 });
    expect(ext({ code: 'BAD_USER_INPUT', reason: 'PROGRAMME_NOT_HANDLED', field: 'input.programmes[1]' })).toEqual({ code: 'BAD_USER_INPUT', reason: 'PROGRAMME_NOT_HANDLED', field: 'input.programmes[1]' });
    // anything else a subgraph adds stays behind
    expect(ext({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2, row: { name: '王小明' } })).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION', currentVersion: 2 });
  });

  it('names the subgraph that could not answer, without its URL', () => {
    const out = format({ message: 'request to http://127.0.0.1:4002/graphql failed, reason: connect ECONNREFUSED', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'education' } });
    expect(out).toEqual({ message: 'the education subgraph is unavailable; its fields are null', path: undefined, locations: undefined, extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' } });
    const other = format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'medical' } });
    expect(other.extensions).toEqual({ code: 'SUBGRAPH_ERROR', serviceName: 'medical' });
  });

  it('passes a subgraph\'s input error on with its path, reason and every violation', () => {
    const errors = [{ field: 'first', reason: 'TOO_LARGE', message: '`first` must not be greater than 500' }, { field: 'filter.namePrefix', reason: 'TOO_LONG', message: '`filter.namePrefix` must be shorter than or equal to 20 characters' }];
    expect(format({ message: errors[0].message, extensions: { code: 'BAD_USER_INPUT', field: 'first', reason: 'TOO_LARGE', errors, serviceName: 'civil-affairs' } }).extensions)
      .toEqual({ code: 'BAD_USER_INPUT', field: 'first', reason: 'TOO_LARGE', errors, serviceName: 'civil-affairs' });
  });

  // the gateway coerces the client's variables itself (against the supergraph): Apollo Server hands formatError the
  // coercion error wrapped as BAD_USER_INPUT (UserInputError: the same nodes, originalError the inner error)
  const schema = buildSchema('enum Stage { PRIMARY JUNIOR } input I { personId: ID! amount: Int! stage: Stage items: [Int!] } type Query { f(input: I!, first: Int): Int }');
  const coerce = (query: string, variables: Record<string, unknown>) => {
    const op = parse(query).definitions[0] as OperationDefinitionNode;
    const r = getVariableValues(schema, op.variableDefinitions ?? [], variables);
    const e = r.errors![0];
    const wrapped = new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError ?? e, extensions: { code: 'BAD_USER_INPUT' } });
    return format({ message: wrapped.message, locations: wrapped.locations, extensions: { code: 'BAD_USER_INPUT' } }, wrapped);
  };
  it.each([
    ['a wrong type inside an input', { i: { personId: 'x', amount: '370281199001011234' } }, 'input.amount', 'BAD_TYPE', '370281199001011234'],
    ['a missing input field', { i: { personId: 'x' } }, 'input.amount', 'REQUIRED', undefined],
    ['an unknown input field', { i: { personId: 'x', amount: 1, name: '张三' } }, 'input.name', 'UNKNOWN_FIELD', '张三'],
    ['a value of no enum value', { i: { personId: 'x', amount: 1, stage: '张三' } }, 'input.stage', 'NOT_IN_LIST', '张三'],
    ['a wrong list item', { i: { personId: 'x', amount: 1, items: [1, '13800001234'] } }, 'input.items[1]', 'BAD_TYPE', '13800001234'],
    ['a missing variable', {}, 'input', 'REQUIRED', undefined],
    ['a wrong top-level argument', { i: { personId: 'x', amount: 1 }, n: '13800001234' }, 'first', 'BAD_TYPE', '13800001234'],
  ])('answers %s with the argument\'s path, a reason and no value', (_name, variables, field, reason, value) => {
    const out = coerce('query Q($i: I!, $n: Int) { f(input: $i, first: $n) }', variables);
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field, reason });
    expect(out.message).toContain(`\`${field}\``);
    if (value) expect(out.message).not.toContain(value);
  });

  it('names the argument a variable is given to, also inside an object literal', () => {
    const out = coerce('query Q($a: Int!) { f(input: { personId: "x", amount: $a }) }', { a: 'abc' });
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.amount', reason: 'BAD_TYPE' });
  });

  it('hides anything unexpected behind INTERNAL_SERVER_ERROR', () => {
    const out = format({ message: 'SQLITE_ERROR: no such column "idNumber" near SELECT', extensions: { stacktrace: ['x'] } });
    expect(out).toEqual({ message: 'internal error: the request could not be completed', path: undefined, locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
