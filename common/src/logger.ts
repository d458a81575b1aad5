import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs (pino). Personal data never goes into a log line: log ids, counts, codes and durations only.
 * As a second line of defence, fields that could carry personal data are redacted in logged objects (the top-level
 * `name` is pino's logger name, the subgraph's).
 *
 * Format: one JSON object a line, except in development when a person reads the terminal (standard output is a TTY):
 * then one readable line each (pino-pretty). Under `npm start` the output goes to the local runner, which shows it
 * readably in development; in production (`AIDGRAPH_MODE=production`) logs are always JSON.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return prettyLogs() ? pino(options, prettyStream()) : pino(options);
}

/** Logged fields that could carry personal data or secrets: their values are replaced with `[redacted]`. */
export const REDACTED_PATHS = [
  'idNumber', '*.idNumber', '*.name', 'phone', '*.phone', 'address', '*.address',
  'variables', '*.variables', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
];

/** Whether this process logs readable lines: development mode and a terminal on standard output. */
export function prettyLogs(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = Boolean(process.stdout.isTTY)): boolean {
  return env.AIDGRAPH_MODE !== 'production' && stdoutIsTTY;
}

/** The readable log format (pino-pretty, synchronous so that a last line before `process.exit` is not lost). */
function prettyStream(): DestinationStream {
  // loaded only when used: production processes never need it
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}
export type { Logger };
