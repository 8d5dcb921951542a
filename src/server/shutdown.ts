/**
 * Graceful shutdown of a relay process on SIGTERM or SIGINT: `relay.close()` (which first answers `/healthz` with 503
 * `draining` for `drainMs`, then ends or hands over sessions), and a hard deadline after which the process exits
 * anyway, so that a stuck connection or a stuck output never keeps it alive.
 */
import type { Relay } from './relay.js';

export interface ShutdownOptions {
  /** After the drain, the longest graceful shutdown, ms. */
  shutdownTimeoutMs: number;
  /** Ends the process. Default `process.exit`. */
  exit?: (code: number) => void;
}

export function installShutdown(relay: Relay, { shutdownTimeoutMs, exit = (code) => process.exit(code) }: ShutdownOptions): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const deadlineMs = relay.options.drainMs + shutdownTimeoutMs;
    relay.logger.info({ signal, drainMs: relay.options.drainMs, deadlineMs }, 'shutting down');
    const force = setTimeout(() => {
      relay.logger.error({ deadlineMs }, 'shutdown deadline passed; exiting');
      exit(1);
    }, deadlineMs);
    void relay.close().then(
      () => {
        clearTimeout(force);
        exit(0);
      },
      (err: unknown) => {
        relay.logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
