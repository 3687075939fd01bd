import pino, { type Logger } from 'pino';

/** Structured logs; authorization headers and tokens are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'parley' },
    redact: { paths: ['req.headers.authorization', '*.token', '*.authorization', 'token'], censor: '[redacted]' },
  });
}
