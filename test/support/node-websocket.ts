/**
 * The widget's own socket.io client (src/widget/session/ws-socket.ts) opens a WebSocket with the platform's
 * constructor, which Node.js 20 does not have, or with the one its `WebSocket` socket option names. Tests in Node.js
 * hand it the `ws` package's, sending the page's `Origin` as a browser would (the relay checks it).
 */
import WebSocket from 'ws';
import type { WebSocketClass } from '../../src/widget/session/ws-socket.js';

export function nodeWebSocket(origin: string): WebSocketClass {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { origin } });
    }
  } as unknown as WebSocketClass;
}

/** The widget's socket options in a Node.js test: the page's origin for either socket, the transports asked for. */
export function nodeSocketOptions(origin: string, options: Record<string, unknown> = {}): Record<string, unknown> {
  return { extraHeaders: { origin }, WebSocket: nodeWebSocket(origin), ...options };
}
