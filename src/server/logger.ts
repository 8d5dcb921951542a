/** Structured logs (pino). Chat text and tokens never reach a log line; ids, events and error codes do. */
import { pino, type Logger } from 'pino';

export function createLogger(option: Logger | string | undefined): Logger {
  if (option && typeof option !== 'string') return option;
  return pino({
    name: 'remote-support-relay',
    level: option ?? process.env.RSW_LOG_LEVEL ?? 'info',
    redact: { paths: ['text', '*.text', 'token', '*.token', 'auth', '*.auth'], censor: '[redacted]' },
  });
}
