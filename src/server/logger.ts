/** Structured logs (pino). Chat text and tokens never reach a log line; ids, events and error codes do. */
import { pino, type DestinationStream, type Logger } from 'pino';

export function createLogger(option: Logger | string | undefined, destination?: DestinationStream): Logger {
  if (option && typeof option !== 'string') return option;
  const settings = {
    name: 'remote-support-relay',
    level: option ?? process.env.RSW_LOG_LEVEL ?? 'info',
    redact: { paths: ['text', '*.text', 'token', '*.token', 'auth', '*.auth'], censor: '[redacted]' },
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/**
 * Standard output for a relay process that must never block on it: a line that cannot be written at once (nobody
 * reads a full pipe) or at all (the reader closed it) is dropped instead of waited for, so that the process still
 * shuts down on SIGTERM. Pino's default waits for the pipe forever.
 */
export function nonBlockingStdout(): DestinationStream & { write(text: string): void } {
  // Node puts a pipe or socket on fd 1 into non-blocking mode when `process.stdout` is first used; without that a
  // write to a full pipe blocks the whole process (and SIGTERM with it) instead of failing with EAGAIN.
  if (!process.stdout.isTTY) process.stdout.setDefaultEncoding('utf8');
  const stream = pino.destination({ dest: 1, sync: true, retryEAGAIN: () => false });
  stream.on('error', () => {
    // EAGAIN (full pipe) or EPIPE (closed): the line is lost, the relay goes on.
  });
  return stream;
}
