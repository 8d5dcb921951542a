/**
 * Limits at the transport (engine.io) level, below socket.io's namespaces:
 * - open connections per address group (`maxConnectionsPerAddress`, IPv6 by `/ipv6PrefixLength`), asked at every
 *   handshake, WebSocket or long-polling (a long-polling session counts until it times out, like any other);
 * - bytes waiting to go out to one connection (`maxBufferedBytes`): a client that stops reading is cut off instead of
 *   making the relay buffer for it without bound;
 * - packets coming in on one connection per second, of every engine.io type (heartbeats, no-ops and acknowledgements
 *   too, which socket.io's per-socket budget never sees): twice what the events and file chunks of the socket's budget
 *   and their acknowledgements need. A flood of tiny packets (a million heartbeats over WebSocket, or 100,000 packets in
 *   one long-polling POST) is cut off at once instead of holding up everyone else's messages.
 * - on a server of the relay's own, without `trustProxy`: TCP connections per address group, at twice
 *   `maxConnectionsPerAddress` (a long-polling client holds two, a GET and a POST). Node closes a connection whose
 *   request headers never end only after 60 to 90 s, so without this one address could hold every file descriptor
 *   the process has with connections that never become a handshake. Behind a proxy every connection comes from the
 *   proxy, and the client's address is known only from its request: the proxy limits connections then.
 * Inbound sizes are held by `maxPayloadBytes` (engine.io's `maxHttpBufferSize`) and per event by the packet decoder.
 */
import type { IncomingMessage } from 'node:http';
import type { Server as NetServer, Socket as TcpSocket } from 'node:net';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { addressGroup, clientAddress, ConnectionCounter } from './addresses.js';
import { Expiring } from './expiring.js';
import { FixedWindow, FULL_CHUNK_BYTES } from './limits.js';
import type { ResolvedOptions } from './options.js';

/** How long an admitted handshake may take to become a connection before its place is given back, ms. */
const HANDSHAKE_MS = 10_000;

/** What this module uses of an engine.io socket (one connection). */
interface EngineSocket {
  request: IncomingMessage;
  transport: unknown;
  close(discard?: boolean): void;
  [WATCH]?: Watch;
}

/** Where a connection keeps what the guard counts for it: one object, not closures of its own for each listener. */
const WATCH = Symbol('transport-guard');

/**
 * A connection's window of incoming packets (a second), and the address group it counts against. The size of the
 * window is the guard's, given at each take: not kept per connection.
 */
class Watch extends FixedWindow {
  readonly group: string;

  constructor(group: string) {
    super();
    this.group = group;
  }
}

interface Queued {
  data?: unknown;
}

export interface TransportGuard {
  /** engine.io's `allowRequest`: refuses a handshake from an address group at its cap. */
  allowRequest(this: void, req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void;
  /** Counts and watches the connections of `io`'s engine. */
  attach(io: Server): void;
  /** Caps the TCP connections of `server` per address group (a server of the relay's own, without `trustProxy`). */
  capTcp(server: NetServer): void;
  readonly connections: ConnectionCounter;
}

export function transportGuard(
  opts: Pick<ResolvedOptions, 'maxConnectionsPerAddress' | 'ipv6PrefixLength' | 'maxBufferedBytes' | 'trustProxy' | 'eventsPerSecond' | 'fileBytesPerSecond'>,
  logger: Logger,
): TransportGuard {
  const connections = new ConnectionCounter(opts.maxConnectionsPerAddress);
  const packetsPerSecond = 2 * (opts.eventsPerSecond + Math.ceil(opts.fileBytesPerSecond / FULL_CHUNK_BYTES));
  /** Handshakes admitted and counted that have not become a connection yet. */
  const admitted = new WeakMap<IncomingMessage, string>();
  const groupOf = (req: IncomingMessage) => addressGroup(clientAddress(req.headers, req.socket.remoteAddress, opts.trustProxy), opts.ipv6PrefixLength);
  // Its place is given back after HANDSHAKE_MS unless it has become a connection by then.
  const expiring = new Expiring<IncomingMessage, string>(HANDSHAKE_MS, (req, group) => {
    if (admitted.delete(req)) connections.closed(group);
  });

  return {
    connections,
    allowRequest(req, callback) {
      const group = groupOf(req);
      if (!connections.admit(group)) {
        logger.warn({ address: group, open: connections.count(group) }, 'connection refused: too many from this address');
        return callback('too many connections from this address', false);
      }
      // Counted now, so that handshakes racing each other cannot pass the cap together.
      connections.opened(group);
      admitted.set(req, group);
      expiring.add(req, group);
      callback(null, true);
    },
    capTcp(server) {
      const tcp = new ConnectionCounter(2 * opts.maxConnectionsPerAddress);
      const groupOf = (socket: TcpSocket) => addressGroup(socket.remoteAddress ?? '', opts.ipv6PrefixLength);
      // No 'close' listener per connection: a third one, after Node's HTTP server's and ws's, makes the array of them
      // grow to room for 19 (176 B instead of 32). The connection's `emit` is this one function instead, an own property (a slot the
      // connection has room for): 'close' comes once, through it, after every way a connection ends (the client going
      // away, abruptly too, a timeout, a destroy here). Not a prototype of its own as for engine.io's connection: Node
      // adds properties to a TCP connection after, and V8 gives an object whose prototype was changed a map (and
      // descriptors, 1 KB) of its own for each property added after. The address read at its opening stays readable
      // once it is closed (Node keeps the peer's name).
      function emitWatched(this: TcpSocket, event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'close') tcp.closed(groupOf(this));
        return (Object.getPrototypeOf(this) as { emit: Emit }).emit.call(this, event, ...args);
      }
      let refused = 0;
      server.on('connection', (socket: TcpSocket) => {
        const group = groupOf(socket);
        if (!tcp.admit(group)) {
          // Logged once per 1,000: a flood of them must not flood the log.
          if (refused++ % 1000 === 0) logger.warn({ address: group, open: tcp.count(group), refused }, 'TCP connection refused: too many from this address');
          socket.destroy();
          return;
        }
        tcp.opened(group);
        socket.emit = emitWatched;
      });
    },
    attach(io) {
      // Nothing per connection but its Watch: no listeners of its own. A listener on a connection costs it a slot in
      // its table of events, and a third 'close' listener (engine.io and socket.io each have one) makes the array of
      // them grow to room for 19. The guard watches the connection's own `emit` instead, from a prototype of its own
      // between the connection and engine.io's Socket class (one for every connection, made at the first).
      const watched = new WeakMap<object, object>();
      const watchedPrototype = (base: object): object => {
        let prototype = watched.get(base);
        if (prototype) return prototype;
        const emit = (base as { emit: (this: EngineSocket, event: string | symbol, ...args: unknown[]) => boolean }).emit;
        prototype = Object.create(base, {
          emit: {
            value: function emitWatched(this: EngineSocket, event: string | symbol, ...args: unknown[]): boolean {
              if (event === 'packet') packet(this);
              else if (event === 'packetCreate') packetCreate(this);
              else if (event === 'close') {
                const had = emit.call(this, event, ...args);
                closed(this);
                return had;
              }
              return emit.call(this, event, ...args);
            },
            writable: true,
            configurable: true,
          },
        }) as object;
        watched.set(base, prototype);
        return prototype;
      };
      function closed(conn: EngineSocket): void {
        connections.closed(conn[WATCH]!.group);
      }
      function packet(conn: EngineSocket): void {
        const watch = conn[WATCH]!;
        if (watch.takeOf(packetsPerSecond, 1000) === 0) return;
        logger.warn({ address: watch.group, packetsPerSecond }, 'connection closed: it sends more packets than any client needs');
        cut(conn);
      }
      function packetCreate(conn: EngineSocket): void {
        const waiting = bufferedBytes(conn);
        if (waiting <= opts.maxBufferedBytes) return;
        logger.warn({ address: conn[WATCH]!.group, waiting }, 'connection closed: it does not read what the relay sends');
        cut(conn);
      }
      io.engine.on('connection', (conn: EngineSocket) => {
        let group = admitted.get(conn.request);
        if (group === undefined) {
          group = groupOf(conn.request);
          connections.opened(group);
        }
        admitted.delete(conn.request);
        conn[WATCH] = new Watch(group);
        Object.setPrototypeOf(conn, watchedPrototype(Object.getPrototypeOf(conn) as object));
      });
    },
  };
}

type Emit = (this: object, event: string | symbol, ...args: unknown[]) => boolean;

/** Closes `conn` at once, without sending what waits for it. */
function cut(conn: EngineSocket): void {
  conn.close(true);
  (conn.transport as { socket?: { terminate?: () => void } }).socket?.terminate?.();
}

/** Bytes queued for `conn`: packets not yet handed to the transport, and what its WebSocket has not sent yet. */
function bufferedBytes(conn: EngineSocket): number {
  let bytes = 0;
  for (const packet of (conn as { writeBuffer?: Queued[] }).writeBuffer ?? []) {
    const { data } = packet;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array || data instanceof ArrayBuffer ? data.byteLength : 0;
  }
  const ws = (conn.transport as { socket?: { bufferedAmount?: number } }).socket;
  return bytes + (ws?.bufferedAmount ?? 0);
}
