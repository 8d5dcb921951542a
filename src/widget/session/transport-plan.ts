/**
 * The order in which the widget's socket tries socket.io's transports. Long-polling is there for networks on which a
 * WebSocket cannot be opened (a proxy that refuses the upgrade); the script-tag build loads it only there
 * (socket-client.ts), so a connection that lists the WebSocket first starts without it and falls back to it once the
 * WebSocket failed: long-polling first then, upgrading to a WebSocket when one opens after all.
 */

export interface TransportPlan {
  /** The transports of the first attempt (long-polling in it when it comes first in the order asked for). */
  first: string[];
  /** The transports once a WebSocket could not be opened; undefined when there is nothing to fall back to. */
  fallback: string[] | undefined;
}

/** The plan for `wanted`, the transports asked for in the order to try them. */
export function transportPlan(wanted: readonly string[]): TransportPlan {
  if (wanted[0] !== 'websocket' || !wanted.includes('polling')) return { first: [...wanted], fallback: undefined };
  const others = wanted.filter((t) => t !== 'polling');
  return { first: others, fallback: ['polling', ...others] };
}

/** A connection error of the transport itself (the WebSocket could not be opened), not the relay's refusal. */
export function isTransportError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'TransportError';
}
