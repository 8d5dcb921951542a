/**
 * The widget's connection to the relay's `/customer` namespace: opens the socket, connects it once (a failed first
 * connection is `unreachable`, or the relay's refusal such as `forbidden-origin`, and is not retried behind the
 * customer's back), closes it, reconnects after a server-side disconnect (on which socket.io does not), and sends
 * requests that wait for the relay's answer. It knows nothing of sessions: its owner wires each new socket's events.
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
// Values from the protocol's own modules, not its index (which also pulls in the valibot payload schemas).
import { CUSTOMER_NAMESPACE } from '../../protocol/events.js';
import { relayTarget } from '../../ui/connection.js';
import { giveHint } from '../../ui/give-hint.js';
import type { Failure, WidgetEvent } from './reducer.js';
import { isTransportError, transportPlan } from './transport-plan.js';
import type { WidgetState } from './types.js';
import { isRelayError, localError, UNREACHABLE, WIDGET_SESSION_DEFAULTS, type Answer, type CustomerEvent, type PayloadOf, type Unstamped } from './wire.js';

/** What the parts of a widget session share: the state, the way to change it and the connection. */
export interface SessionCore {
  state(): WidgetState;
  dispatch(event: Unstamped<WidgetEvent>): void;
  readonly link: WidgetConnection;
  /** In an active session with a live connection. */
  online(): boolean;
}

type Client = Pick<typeof import('./socket-client.js'), 'io' | 'loadPolling'>;
let client: Promise<Client> | undefined;
let polling: Promise<boolean> | undefined;

/**
 * socket.io-client's `io`, loaded when a session first connects (a dynamic import, so a bundler splits it off the
 * widget's first load; taking only `io` lets the script-tag build leave the rest of the package out); a failed load is
 * tried again with the next connection.
 */
function loadClient(): Promise<Client> {
  // The two names taken one by one: the module object itself would cost the script-tag build a runtime helper.
  client ??= import('./socket-client.js').then(
    ({ io, loadPolling }) => ({ io, loadPolling }),
    (err: unknown) => {
      client = undefined;
      throw err;
    },
  );
  return client;
}

/**
 * The long-polling transport, loaded when a connection needs it (transport-plan.ts); resolves to false if it failed
 * (tried again the next time).
 */
function loadPolling(io: Client): Promise<boolean> {
  return (polling ??= io.loadPolling().then(
    () => true,
    () => {
      polling = undefined;
      return false;
    },
  ));
}

/** What `openConnected` opened: a socket, not a failure. */
export function isSocket(value: Socket | Failure): value is Socket {
  return typeof value === 'object' && 'connected' in value;
}

export interface ConnectionOptions {
  server: string;
  socketOptions?: Record<string, unknown> | undefined;
  /** Default WIDGET_SESSION_DEFAULTS.ackTimeoutMs. */
  ackTimeoutMs?: number | undefined;
  /** Subscribes the session to a new socket's events (before it connects). */
  wire: (socket: Socket) => void;
}

export class WidgetConnection {
  readonly #server: string;
  readonly #socketOptions: Record<string, unknown>;
  readonly #wire: (socket: Socket) => void;
  readonly ackTimeoutMs: number;
  #socket: Socket | undefined;
  /** Resolves a pending first connection of the current socket when that socket is closed. */
  #cancelConnect: (() => void) | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Grows with every open and close: an open that waited for the client while another came is given up. */
  #opening = 0;
  /** The current socket's transports once its WebSocket failed (transport-plan.ts), and the switch to them. */
  #fallback: { transports: string[]; io: Client; switched?: Promise<boolean> } | undefined;

  constructor(options: ConnectionOptions) {
    this.#server = options.server.trim().replace(/\/+$/, '');
    this.#socketOptions = options.socketOptions ?? {};
    this.ackTimeoutMs = options.ackTimeoutMs ?? WIDGET_SESSION_DEFAULTS.ackTimeoutMs;
    this.#wire = options.wire;
  }

  /** The session's socket, if one is open. */
  get socket(): Socket | undefined {
    return this.#socket;
  }

  /** Lets the current socket go without closing it (the caller closes it once the relay has what it sent last). */
  release(): void {
    this.#socket = undefined;
  }

  /**
   * A new socket (the old one closed), wired and connected: the socket, or the failure (`unreachable` too when the
   * client could not be loaded), or undefined when the socket was closed or replaced meanwhile.
   */
  async openConnected(): Promise<Socket | Failure | undefined> {
    const socket = await this.#open();
    if (typeof socket !== 'object') return socket;
    const failure = await this.#connect(socket);
    if (socket !== this.#socket) return undefined;
    return failure ?? socket;
  }

  /** A new socket (the old one closed), wired but not connected yet. */
  async #open(): Promise<Socket | 'unreachable' | undefined> {
    this.close();
    const opening = ++this.#opening;
    const options = {
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      ...this.#socketOptions,
    } as Partial<ManagerOptions & SocketOptions>;
    const plan = transportPlan((options.transports ?? []).map(String));
    let io: Client;
    try {
      io = await loadClient();
      if (plan.first.includes('polling') && !(await loadPolling(io))) throw new Error('long-polling could not be loaded');
    } catch {
      return opening === this.#opening ? 'unreachable' : undefined;
    }
    if (opening !== this.#opening) return undefined;
    const target = relayTarget(this.#server, CUSTOMER_NAMESPACE, options.path, globalThis.location?.href);
    let socket: Socket;
    try {
      socket = io.io(target.url, { ...options, transports: plan.first, ...(target.path ? { path: target.path } : {}) });
    } catch {
      // A server address that is no URL (socket.io-client parses it here).
      return 'unreachable';
    }
    this.#fallback = plan.fallback && { transports: plan.fallback, io };
    // socket.io's own reconnection attempts after a lost connection fall back too (the next attempt takes the new order).
    socket.on('connect_error', (err) => void this.#fallBack(socket, err));
    this.#wire(socket);
    this.#socket = socket;
    return socket;
  }

  /**
   * After `err` on `socket` (the current one): when its WebSocket could not be opened and long-polling is what comes
   * next, loads long-polling and makes it the first transport of `socket`'s next attempt. Resolves to true once
   * `socket` may try again that way, false when there is nothing to fall back to.
   */
  #fallBack(socket: Socket, err: unknown): Promise<boolean> {
    const fallback = this.#fallback;
    if (socket !== this.#socket || !fallback || !isTransportError(err)) return Promise.resolve(false);
    return (fallback.switched ??= loadPolling(fallback.io).then((loaded) => {
      // Not loaded: tried again after the next error.
      if (!loaded) fallback.switched = undefined;
      if (!loaded || socket !== this.#socket) return false;
      // The manager's options are read anew by each attempt (socket.io documents this for a fallback).
      socket.io.opts.transports = fallback.transports;
      return true;
    }));
  }

  /** Connects `socket` once; resolves to the failure, or undefined when connected. */
  #connect(socket: Socket): Promise<Failure | undefined> {
    if (socket.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let fellBack = false;
      const done = (failure: Failure | undefined) => {
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
        if (this.#cancelConnect === cancel) this.#cancelConnect = undefined;
        resolve(failure);
      };
      const onConnect = () => done(undefined);
      const onError = (err: Error & { data?: unknown }) => {
        // No retries behind the customer's back on a first connection, but for long-polling once the WebSocket could
        // not be opened (as socket.io itself would with the transports in one list).
        socket.disconnect();
        if (!fellBack && isTransportError(err) && this.#fallback) {
          fellBack = true;
          void this.#fallBack(socket, err).then((again) => {
            if (again && socket === this.#socket && this.#cancelConnect === cancel) socket.connect();
            else done('unreachable');
          });
          return;
        }
        if (isRelayError(err.data) && err.data.code === 'forbidden-origin') giveHint((h) => h.hintForeignOrigin(this.#server));
        done(isRelayError(err.data) ? err.data : 'unreachable');
      };
      const cancel = () => done('unreachable');
      this.#cancelConnect = cancel;
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
      socket.connect();
    });
  }

  close(): void {
    this.#opening++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    this.#fallback = undefined;
    if (!socket) return;
    this.#cancelConnect?.();
    socket.disconnect();
  }

  /** In `ms`: connects `socket` again, or (when it is connected already) calls `connected`. */
  scheduleReconnect(socket: Socket, ms: number, connected: () => void): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (socket !== this.#socket) return;
      if (!socket.connected) socket.connect();
      else connected();
    }, ms);
  }

  async request<E extends CustomerEvent>(name: E, payload: PayloadOf<E>): Promise<Answer<E>> {
    const socket = this.#socket;
    if (!socket?.connected) return UNREACHABLE;
    try {
      const answer = (await socket.timeout(this.ackTimeoutMs).emitWithAck(name, payload)) as unknown;
      if (typeof answer !== 'object' || answer === null || !('ok' in answer)) return UNREACHABLE;
      if (answer.ok === true) return answer as Answer<E>;
      const error = (answer as { error?: unknown }).error;
      return { ok: false, error: isRelayError(error) ? error : localError('internal') };
    } catch {
      return UNREACHABLE;
    }
  }
}
