/**
 * engine.io-client's `parse` (contrib/parseuri.js, a long regular expression) as the box's build takes it
 * (vite.config.ts, `platformUrlParser`): the fields socket.io-client and engine.io-client read from it, from the
 * platform's URL parser. Both packages hand it absolute URLs only (socket.io-client's `url()` adds the scheme first);
 * what the platform cannot parse throws, and the widget's connection reports it unreachable.
 * test/unit/parseuri.test.ts compares it with the package's.
 */
export interface ParsedUri {
  source: string;
  protocol: string;
  /** Without an IPv6 address's brackets. */
  host: string;
  /** Empty for the scheme's default port. */
  port: string;
  path: string;
  query: string;
  queryKey: Record<string, string>;
}

export function parse(str: string): ParsedUri {
  if (str.length > 8000) throw new Error('URI too long');
  const url = new URL(str);
  const query = url.search.slice(1);
  const queryKey: Record<string, string> = {};
  for (const [, key, value] of query.matchAll(/(?:^|&)([^&=]*)=?([^&]*)/g)) if (key) queryKey[key] = value!;
  return { source: str, protocol: url.protocol.slice(0, -1), host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, path: url.pathname, query, queryKey };
}
