/**
 * engine.io-client's `parse` (contrib/parseuri.js, a long regular expression) as the box's build takes it
 * (build/socket-client.ts, `platformUrlParser`): the fields that build reads from it (engine.io-client's Socket the
 * scheme, host and port, socket.io-client's `io` the namespace's path), from the platform's URL parser. It is handed
 * absolute URLs only (ui/connection.ts `relayTarget`); what the platform cannot parse throws, and the widget's
 * connection reports it unreachable. test/unit/parseuri.test.ts compares it with the package's.
 */
export interface ParsedUri {
  protocol: string;
  /** Without an IPv6 address's brackets. */
  host: string;
  /** Empty for the scheme's default port. */
  port: string;
  path: string;
}

export function parse(str: string): ParsedUri {
  if (str.length > 8000) throw new Error('URI too long');
  const url = new URL(str);
  return { protocol: url.protocol.slice(0, -1), host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, path: url.pathname };
}
