// Types for demo/site.js (plain JavaScript, run by Node as it is).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DemoSiteOptions {
  /** The relay's public base URL, as the pages name it in the embed. */
  url: string;
  /** What `/demo/config.json` hands the console page (development only). */
  technicianToken(): string;
  /** The repository's folder (default: the one demo/site.js is in; a bundled copy must say). */
  root?: string;
  /** More directives for the pages' Content-Security-Policy (e.g. `require-trusted-types-for 'script'`). */
  extraCsp?: string[];
}

/** The demo site's request handler: help page, console page, terms, the built widget and console scripts. */
export function demoSite(options: DemoSiteOptions): (req: IncomingMessage, res: ServerResponse) => void;
