// Types for demo/server.js (plain JavaScript, run by Node as it is), for the end-to-end tests that start the demo.
import type { Relay, RelayOptions } from '../src/server/index.js';

export interface DemoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Relay log level (pino), default `warn`. */
  logger?: string;
  /** Extra relay options (e.g. `{ promptTimeoutMs: 3000 }`). */
  relayOptions?: Omit<RelayOptions, 'logger' | 'joinUrl'>;
  /**
   * Directives added to every page's Content-Security-Policy, e.g. Trusted Types:
   * `["require-trusted-types-for 'script'", 'trusted-types remote-support-widget remote-support-console']`.
   */
  extraCsp?: string[];
}

export interface Demo {
  /** Base URL: the help page is `${url}/`, the technician console `${url}/technician`. */
  url: string;
  /** The relay's development technician token. */
  devToken: string;
  relay: Relay;
  close(): Promise<void>;
}

/** Starts the demo: the relay on embedded defaults plus the help page, the console page and the terms. */
export function startDemo(options?: DemoOptions): Promise<Demo>;
