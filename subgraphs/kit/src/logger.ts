import pino, { type Logger } from 'pino';

/**
 * Structured logs (pino). Personal data never goes into a log line: log ids, counts, codes and durations only.
 * As a second line of defence, fields that could carry personal data are redacted in logged objects (the top-level
 * `name` is pino's logger name, the subgraph's).
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'idNumber', '*.idNumber', '*.name', 'phone', '*.phone', 'address', '*.address',
        'variables', '*.variables', 'authorization', '*.authorization', 'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
