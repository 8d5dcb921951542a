/**
 * The widget's socket.io client for its usual connection, a WebSocket: Engine.IO v4 and Socket.IO v5 as the relay's
 * socket.io 4 server speaks them, and as socket.io-client 4 behaves for the part of its API the widget uses (the
 * `RelaySocket` below). Where a WebSocket cannot be opened the widget connects through socket.io-client instead, with
 * long-polling (connection.ts); the session works the same on either socket.
 *
 * What it does, as socket.io-client does it (one Manager per socket, `forceNew`):
 * - the engine: `<ws|wss>://<host><path>/?EIO=4&transport=websocket`; the server's open packet (sid, pingInterval,
 *   pingTimeout, maxPayload, which only long-polling needs) opens it, one without valid ping times fails the open;
 *   each server ping is answered with a pong, and the connection is closed (`ping timeout`) when no ping came within
 *   pingInterval + pingTimeout, also when a send finds that time passed (timers throttled in a background tab); the
 *   browser going offline closes it (`transport close`) unless the relay is on `localhost`; an open that takes longer
 *   than `timeout` (20 s) fails, up to the relay's answer to CONNECT (socket.io-client's ends at the engine's open, and
 *   waits for good on a relay that never answers), as a transport error while the WebSocket brought no open packet;
 * - the namespace: CONNECT with the `auth` option (an object, or a function that gives it), `connect` on the
 *   relay's answer, `connect_error` with the relay's CONNECT_ERROR (its `data` on the error; no retries then), and a
 *   transport error while opening (`type: 'TransportError'`, what connection.ts falls back on);
 * - EVENT and ACK with ids: `emit(…, ack)`, `timeout(ms).emit(…, ack)` (the ack gets an error first: `operation has
 *   timed out`, `socket has been disconnected`) and `timeout(ms).emitWithAck(…)`; the relay's events with an ack
 *   function last; emits while not connected wait for the connection (and time out meanwhile);
 * - DISCONNECT both ways: `disconnect` with `io server disconnect` (no reconnection then), `io client disconnect`,
 *   `transport close`, `transport error`, `ping timeout`, `parse error`; reconnection after the others with
 *   socket.io-client's backoff (`reconnectionDelay` doubled per attempt up to `reconnectionDelayMax`, randomized by
 *   `randomizationFactor`; `reconnection`, `reconnectionAttempts`).
 * Binary packets (attachments, BINARY_EVENT/BINARY_ACK) are refused as malformed (`parse error`), as the script-tag
 * bundles' text-only parsers refuse them: the relay never sends binary data and refuses it (docs/PROTOCOL.md §2.2).
 */
import { decodePacket, encodePacket, PacketType, type Packet } from './sio-packets.js';
import { throwLater } from './throw-later.js';

// Listeners take what the relay sends; socket.io-client's Socket types them the same way for untyped event maps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;

/** What the widget's session uses of a socket: this module's and socket.io-client's Socket alike. */
export interface RelaySocket {
  readonly connected: boolean;
  connect(): unknown;
  disconnect(): unknown;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown; emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

/** A WebSocket constructor: the browser's, or one a test in Node.js hands over (the `ws` package). */
export type WebSocketClass = new (url: string) => Pick<WebSocket, 'send' | 'close' | 'onopen' | 'onmessage' | 'onerror' | 'onclose'>;

/** The options of socket.io-client's that this client takes, with the same defaults. */
export interface WsSocketOptions {
  /** The socket.io path, default `/socket.io`. */
  path?: string | undefined;
  auth?: object | ((give: (data: object) => void) => void);
  reconnection?: boolean;
  reconnectionAttempts?: number;
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  randomizationFactor?: number;
  /** How long opening the connection may take, ms (`false`: no limit). */
  timeout?: number | false;
  WebSocket?: WebSocketClass | undefined;
}

/** The WebSocket constructor `options` ask for, else the platform's; undefined when there is none (Node.js 20). */
export function webSocketClass(options: { WebSocket?: unknown }): WebSocketClass | undefined {
  return options.WebSocket as WebSocketClass | undefined ?? globalThis.WebSocket;
}

/**
 * A socket for the namespace of `url` (`https://relay.example/customer`), not connected yet (`connect()`). Throws
 * when `url` is no absolute URL or there is no WebSocket.
 */
export function wsSocket(url: string, options: WsSocketOptions = {}): RelaySocket {
  const { origin, pathname: nsp, hostname } = new URL(url);
  const WS = webSocketClass(options);
  if (!WS) throw new Error('no WebSocket');
  const endpoint = `${origin.replace('http', 'ws')}${(options.path ?? '/socket.io').replace(/\/$/, '')}/?EIO=4&transport=websocket`;
  const { auth, randomizationFactor: factor = 0.5, timeout: openTimeout = 20_000 } = options;
  const attemptsMax = options.reconnectionAttempts || Infinity;
  const delayMin = options.reconnectionDelay || 1_000;
  const delayMax = options.reconnectionDelayMax || 5_000;
  const jitter = factor > 0 && factor <= 1 ? factor : 0;
  const listeners = new Map<string, Listener[]>();
  /** Acks awaited by id: called with the answer's arguments, or with an error when none can come. */
  const acks = new Map<number, (err: Error | null, args?: unknown[]) => void>();
  let sendBuffer: Packet[] = [];
  const receiveBuffer: unknown[][] = [];
  let ids = 0;
  /** The engine's WebSocket, from the open until it closes; `open` once the server's open packet came. */
  let ws: InstanceType<WebSocketClass> | undefined;
  let open = false;
  let connected = false;
  /** Subscribed to the engine (socket.io-client's `active`): from `connect()` until `disconnect()` or the relay's. */
  let active = false;
  /**
   * The Manager's state: no reconnection now (closed on purpose); waiting for or making an attempt; attempts, reset
   * when an open engine closes (socket.io-client resets its backoff on a reconnection and on the close alike).
   */
  let skip = false;
  let retrying = false;
  let attempts = 0;
  /** The open's time limit (until the relay's answer to CONNECT) or the next attempt's delay (at most one pending). */
  let managerTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setTimeout> | undefined;
  let pingWindow = 0;
  /** When the engine is dead without a ping: Infinity until the open packet, 0 once found passed. */
  let deadline = Infinity;

  /**
   * Calls `event`'s listeners. One that throws stops neither the others nor what comes next (the events replayed
   * after it, the acks failed after `disconnect`): its error is thrown later, uncaught, as an EventTarget's would be.
   */
  const fire = (event: string, ...args: unknown[]) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (err) {
        throwLater(err);
      }
    }
  };
  const write = (packet: Omit<Packet, 'nsp'>) => {
    if (open) ws?.send(`4${encodePacket({ ...packet, nsp })}`);
  };
  const sendConnect = () => {
    const send = (data?: object) => write({ type: PacketType.CONNECT, data });
    if (typeof auth === 'function') auth(send);
    else send(auth);
  };
  const offline = () => {
    onclose('transport close');
  };

  /** The engine closed: its timers and its WebSocket go. */
  const dropEngine = () => {
    clearTimeout(managerTimer);
    clearTimeout(pingTimer);
    globalThis.removeEventListener?.('offline', offline);
    const closing = ws;
    ws = undefined;
    open = false;
    closing?.close();
  };

  /** The namespace's disconnection: the event, then the acks that can no longer come (those waiting to be sent stay). */
  const socketClose = (reason: string) => {
    connected = false;
    fire('disconnect', reason);
    for (const [id, ack] of acks) {
      if (sendBuffer.some((p) => p.id === id)) continue;
      acks.delete(id);
      ack(new Error('socket has been disconnected'));
    }
  };

  /** The Manager's close: of an open engine, after a parse error, or on purpose (`skip`). */
  const onclose = (reason: string) => {
    dropEngine();
    attempts = 0;
    if (active) socketClose(reason);
    reconnect();
  };

  /** The Manager's next attempt after its backoff, unless one is coming, it was closed on purpose or is not to. */
  const reconnect = () => {
    if (retrying || skip || options.reconnection === false) return;
    if (attempts >= attemptsMax) {
      attempts = 0;
      return;
    }
    let ms = delayMin * 2 ** attempts++;
    if (jitter) {
      const rand = Math.random();
      const deviation = Math.floor(rand * jitter * ms);
      ms = (Math.floor(rand * 10) & 1) === 0 ? ms - deviation : ms + deviation;
    }
    retrying = true;
    managerTimer = setTimeout(openEngine, Math.min(ms, delayMax) | 0);
  };

  /** The engine could not be opened: `connect_error`, and another attempt when one is due. */
  const failOpen = (err: Error) => {
    dropEngine();
    if (active && !connected) fire('connect_error', err);
    retrying = false;
    reconnect();
  };

  /** An error of the engine: while opening, the open failed; after it, the connection closes (and comes back). */
  const engineError = (err: Error) => {
    if (!open) return failOpen(err);
    if (active && !connected) fire('connect_error', err);
    onclose('transport error');
  };
  const transportError = (event: unknown) => engineError(Object.assign(new Error('websocket error'), { type: 'TransportError', description: event }));

  const ping = () => {
    clearTimeout(pingTimer);
    deadline = Date.now() + pingWindow;
    pingTimer = setTimeout(() => onclose('ping timeout'), pingWindow);
  };

  /** Whether the engine is dead without a ping (its timer throttled meanwhile); then it closes, after the caller. */
  const expired = () => {
    if (deadline && Date.now() > deadline) {
      deadline = 0;
      const engine = ws;
      queueMicrotask(() => engine === ws && onclose('ping timeout'));
    }
    return !deadline;
  };

  /** The namespace's packets, while subscribed. */
  const onpacket = (packet: Packet) => {
    if (packet.nsp !== nsp || !active) return;
    const data = packet.data as { sid?: unknown; message?: string; data?: unknown } & unknown[];
    switch (packet.type) {
      case PacketType.CONNECT:
        if (!data?.sid) return fire('connect_error', new Error('not a Socket.IO v3+ server'));
        clearTimeout(managerTimer);
        connected = true;
        for (const p of sendBuffer.splice(0)) write(p);
        for (const args of receiveBuffer.splice(0)) fire(...(args as [string]));
        return fire('connect');
      case PacketType.EVENT: {
        // An event without a name (no payload, or a number first) has no listener: socket.io-client calls none either.
        if (typeof data?.[0] != 'string') return;
        const id = packet.id;
        if (id != null) {
          let sent = false;
          data.push((...args: unknown[]) => {
            if (!sent) write({ type: PacketType.ACK, id, data: args });
            sent = true;
          });
        }
        if (connected) fire(...(data as [string]));
        else receiveBuffer.push(data);
        return;
      }
      case PacketType.ACK: {
        const ack = acks.get(packet.id!);
        acks.delete(packet.id!);
        return ack?.(null, data);
      }
      case PacketType.DISCONNECT:
      case PacketType.CONNECT_ERROR:
        destroy();
        // A refusal once connected is the relay's disconnect (socket.io-client would stay connected to nothing).
        if (connected || packet.type == PacketType.DISCONNECT) return socketClose('io server disconnect');
        fire('connect_error', Object.assign(new Error(data?.message), { data: data?.data }));
    }
  };

  /**
   * An engine packet from the server (a string: binary frames are refused); returns a socket.io packet, which is
   * handed on after the engine's own work, as socket.io-client's Manager does (a listener that throws then breaks
   * nothing here), or `error` for what is no engine packet. Throws on a malformed socket.io packet.
   */
  const receive = (frame: unknown): Packet | 'error' | undefined => {
    // A binary frame is a message (engine.io's parser hands it on as such) that socket.io's text packets refuse.
    const text = typeof frame === 'string' ? frame : '4';
    if (!open) {
      if (text[0] !== '0') return;
      const { pingInterval: interval, pingTimeout: wait } = JSON.parse(text.slice(1)) as { pingInterval: number; pingTimeout: number };
      // Positive numbers of ms (a string would make the sum one) that a timer takes; else the open fails, as on bad JSON.
      pingWindow = interval + wait;
      if (!(interval > 0 && wait > 0 && pingWindow < 2 ** 31 && typeof pingWindow == 'number')) throw new Error('invalid handshake');
      open = true;
      ping();
      retrying = false;
      if (hostname !== 'localhost') globalThis.addEventListener?.('offline', offline);
      if (active) sendConnect();
    } else if (text[0] === '2') {
      ws?.send('3');
      ping();
    } else if (text[0] === '4') {
      return decodePacket(text.slice(1));
    } else if (!/^[0-6]/.test(text)) {
      return 'error';
    }
  };

  /** The Manager's open: a new engine unless one is opening or open. */
  const openEngine = () => {
    if (ws || skip) return;
    deadline = Infinity;
    let engine: InstanceType<WebSocketClass>;
    try {
      engine = ws = new WS(endpoint);
    } catch (err) {
      return transportError(err);
    }
    // Nothing through the WebSocket in time (a proxy that took the upgrade and passes no frames) is the transport's error.
    if (openTimeout !== false) managerTimer = setTimeout(() => (open ? failOpen(new Error('timeout')) : transportError('timeout')), openTimeout);
    engine.onerror = (event) => engine === ws && transportError(event);
    engine.onclose = (event) => engine === ws && (open ? onclose('transport close') : transportError(event));
    engine.onmessage = ({ data }: { data: unknown }) => {
      if (engine !== ws) return;
      let packet: ReturnType<typeof receive>;
      try {
        packet = receive(data);
      } catch (err) {
        return open ? onclose('parse error') : failOpen(err as Error);
      }
      if (packet === 'error') engineError(new Error('server error'));
      // (Not once the engine is gone meanwhile.)
      else if (packet) queueMicrotask(() => engine === ws && onpacket(packet));
    };
  };

  /** Unsubscribed, and the Manager closed on purpose. */
  const destroy = () => {
    active = false;
    skip = true;
    retrying = false;
    onclose('forced close');
  };

  /** An event, with an ack function last or not; sent now when connected, else when the socket connects. */
  const emit = (event: string, args: unknown[], timeout?: number) => {
    const data = [event, ...args];
    const packet: Packet = { type: PacketType.EVENT, nsp, data };
    const ack = typeof data.at(-1) === 'function' ? (data.pop() as Listener) : undefined;
    if (ack) {
      const id = (packet.id = ids++);
      if (timeout === undefined) {
        acks.set(id, (err, answer = []) => err || ack(...answer));
      } else {
        const timer = setTimeout(() => {
          acks.delete(id);
          sendBuffer = sendBuffer.filter((p) => p !== packet);
          ack(new Error('operation has timed out'));
        }, timeout);
        acks.set(id, (err, answer = []) => {
          clearTimeout(timer);
          if (err) ack(err);
          else ack(null, ...answer);
        });
      }
    }
    if (connected && !expired()) write(packet);
    else sendBuffer.push(packet);
  };

  const socket: RelaySocket = {
    get connected() {
      return connected;
    },
    connect() {
      if (connected) return socket;
      active = true;
      skip = false;
      // An engine open already sent CONNECT (it lives only while subscribed): not again, or the relay would make a
      // second socket on it.
      if (!retrying) openEngine();
      return socket;
    },
    disconnect() {
      const was = connected;
      if (was) write({ type: PacketType.DISCONNECT });
      destroy();
      if (was) socketClose('io client disconnect');
      return socket;
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return socket;
    },
    off(event, listener) {
      const list = listeners.get(event) ?? [];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
      return socket;
    },
    emit(event, ...args) {
      emit(event, args);
      return socket;
    },
    timeout: (ms) => ({
      emit(event, ...args) {
        emit(event, args, ms);
        return socket;
      },
      emitWithAck: (event, ...args) => new Promise((resolve, reject) => emit(event, [...args, (err: Error | null, answer: unknown) => (err ? reject(err) : resolve(answer))], ms)),
    }),
  };
  return socket;
}
