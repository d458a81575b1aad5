import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS, prettyLogs } from './logger';

describe('logs', () => {
  it('are readable lines in development on a terminal, JSON otherwise and always in production', () => {
    expect(prettyLogs({}, true)).toBe(true);
    expect(prettyLogs({ AIDGRAPH_MODE: 'development' }, true)).toBe(true);
    expect(prettyLogs({}, false)).toBe(false); // piped: to the local runner, a file, a collector
    expect(prettyLogs({ AIDGRAPH_MODE: 'production' }, true)).toBe(false);
  });

  it('redact fields that could carry personal data or secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = pino({ name: 'education', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    log.info({ person: { name: '张三', idNumber: '370281199001011234' }, req: { headers: { authorization: 'Bearer x', cookie: 'c=1' } }, count: 3 }, 'looked up');
    const entry = JSON.parse(lines[0]);
    expect(entry.person).toEqual({ name: '[redacted]', idNumber: '[redacted]' });
    expect(entry.req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(entry.count).toBe(3);
    expect(entry.name).toBe('education');
  });
});
