import { formatGatewayError } from './format-error';
import { createLogger } from '@aidgraph/subgraph-kit';

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

  it('names the subgraph that could not answer, without its URL', () => {
    const out = format({ message: 'request to http://127.0.0.1:4002/graphql failed, reason: connect ECONNREFUSED', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'education' } });
    expect(out).toEqual({ message: 'the education subgraph is unavailable; its fields are null', path: undefined, locations: undefined, extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'education' } });
    const other = format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'medical' } });
    expect(other.extensions).toEqual({ code: 'SUBGRAPH_ERROR', serviceName: 'medical' });
  });

  it('hides anything unexpected behind INTERNAL_SERVER_ERROR', () => {
    const out = format({ message: 'SQLITE_ERROR: no such column "idNumber" near SELECT', extensions: { stacktrace: ['x'] } });
    expect(out).toEqual({ message: 'internal error: the request could not be completed', path: undefined, locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
