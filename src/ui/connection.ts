/**
 * Where a socket.io client connects for a relay: the relay's base URL (`server`) may carry a path prefix
 * (`https://vendor.example/support` for a relay mounted under `/support`). socket.io would read that path as the
 * namespace, so the prefix moves into the engine's `path` (`/support/socket.io`) and the namespace is added to the
 * origin. An explicit `path` (the socket.io path, as the relay's `path` option names it) wins over the prefix.
 */

/** The transports socket.io-client knows; the relay offers the first two. */
export const TRANSPORTS = ['websocket', 'polling', 'webtransport'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface RelayTarget {
  /** Origin plus namespace, e.g. `https://vendor.example/customer`. */
  url: string;
  /** The socket.io path, e.g. `/support/socket.io`; undefined for socket.io's default `/socket.io`. */
  path: string | undefined;
}

/** Trims `value` and gives it one leading slash and no trailing one (`''` stays `''`). */
function slashed(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

/** A relay's URL as the UIs tell relays apart: trailing slashes do not make a different relay. */
export function relayAddress(server: string): string {
  return server.trim().replace(/\/+$/, '');
}

/**
 * The socket.io URL and path for `namespace` of the relay at `server`. A `server` that is not an absolute URL
 * (e.g. empty, or `/support` on the page's own origin) is taken relative to `base` (the page's URL in a browser).
 */
export function relayTarget(server: string, namespace: string, path = '', base?: string): RelayTarget {
  const trimmed = server.trim();
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return { url: `${relayAddress(trimmed)}${namespace}`, path: slashed(path) || undefined };
  }
  const prefix = slashed(url.pathname);
  const explicit = slashed(path);
  return { url: `${url.origin}${namespace}`, path: explicit || (prefix ? `${prefix}/socket.io` : undefined) };
}

/**
 * The `transports` attribute: names separated by spaces or commas, in the order to try them; unknown names are
 * ignored. Undefined (the default order) when none is left.
 */
export function parseTransports(value: string | null | undefined): Transport[] | undefined {
  const names = (value ?? '').split(/[\s,]+/).filter((t): t is Transport => (TRANSPORTS as readonly string[]).includes(t));
  const unique = [...new Set(names)];
  return unique.length > 0 ? unique : undefined;
}

/** socket.io options from an element's `path` and `transports` attributes (empty ones leave the defaults). */
export function socketOptions(path: string, transports: string): Record<string, unknown> {
  const order = parseTransports(transports);
  return { ...(path.trim() ? { path: path.trim() } : {}), ...(order ? { transports: order, tryAllTransports: order.length > 1 } : {}) };
}
