/**
 * The widget's connection to the relay's `/customer` namespace: opens the socket, connects it once (a failed first
 * connection is `unreachable`, or the relay's refusal such as `forbidden-origin`, and is not retried behind the
 * customer's back), closes it, reconnects after a server-side disconnect (on which socket.io does not), and sends
 * requests that wait for the relay's answer. It knows nothing of sessions: its owner wires each new socket's events.
 *
 * The socket speaks the socket.io protocol itself over a WebSocket (ws-socket.ts); where a WebSocket cannot be opened
 * (a proxy that refuses the upgrade), or the page asks for long-polling first, it is socket.io-client's, loaded then
 * with long-polling (transport-plan.ts). A fallback replaces the socket: its owner wires the new one.
 */
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
// Values from the protocol's own modules, not its index (which also pulls in the valibot payload schemas).
import { CUSTOMER_NAMESPACE } from '../../protocol/events.js';
import { relayAddress, relayTarget } from '../../ui/connection.js';
import { giveHint } from '../../ui/give-hint.js';
import type { Failure, WidgetEvent } from './reducer.js';
import { isTransportError, transportPlan } from './transport-plan.js';
import type { WidgetState } from './types.js';
import { isRelayError, localError, UNREACHABLE, WIDGET_SESSION_DEFAULTS, type Answer, type CustomerEvent, type PayloadOf, type Unstamped } from './wire.js';
import { webSocketClass, wsSocket, type RelaySocket, type WsSocketOptions } from './ws-socket.js';

/** What the parts of a widget session share: the state, the way to change it and the connection. */
export interface SessionCore {
  state(): WidgetState;
  dispatch(event: Unstamped<WidgetEvent>): void;
  readonly link: WidgetConnection;
  /** In an active session with a live connection. */
  online(): boolean;
}

type Client = Pick<typeof import('./socket-client.js'), 'io'>;
type Options = Partial<ManagerOptions & SocketOptions> & Pick<WsSocketOptions, 'WebSocket'>;
let client: Promise<Client> | undefined;

/**
 * socket.io-client's `io` with long-polling, loaded when a connection first needs it (a dynamic import, so a bundler
 * splits it off the widget's path; taking only `io` lets the script-tag build leave the rest of the package out);
 * a failed load is tried again with the next connection.
 */
function loadClient(): Promise<Client> {
  // The two names taken one by one: the module object itself would cost the script-tag build a runtime helper.
  client ??= import('./socket-client.js').then(async ({ io, loadPolling }) => {
    await loadPolling();
    return { io };
  });
  client.catch(() => (client = undefined));
  return client;
}

/** What `openConnected` opened: a socket, not a failure. */
export function isSocket(value: RelaySocket | Failure): value is RelaySocket {
  return typeof value === 'object' && 'connected' in value;
}

export interface ConnectionOptions {
  server: string;
  socketOptions?: Record<string, unknown> | undefined;
  /** Default WIDGET_SESSION_DEFAULTS.ackTimeoutMs. */
  ackTimeoutMs?: number | undefined;
  /** Subscribes the session to a new socket's events (before it connects). */
  wire: (socket: RelaySocket) => void;
}

export class WidgetConnection {
  readonly #server: string;
  readonly #socketOptions: Record<string, unknown>;
  readonly #wire: (socket: RelaySocket) => void;
  readonly ackTimeoutMs: number;
  #socket: RelaySocket | undefined;
  /** Resolves a pending first connection of the current socket when that socket is closed. */
  #cancelConnect: (() => void) | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Grows with every open and close: an open that waited for the client while another came is given up. */
  #opening = 0;
  /** The socket to fall back to once the current one's WebSocket failed (transport-plan.ts), once it is made. */
  #fallback: { make: () => Promise<RelaySocket | undefined>; made?: Promise<RelaySocket | undefined> } | undefined;

  constructor(options: ConnectionOptions) {
    this.#server = relayAddress(options.server);
    this.#socketOptions = options.socketOptions ?? {};
    this.ackTimeoutMs = options.ackTimeoutMs ?? WIDGET_SESSION_DEFAULTS.ackTimeoutMs;
    this.#wire = options.wire;
  }

  /** The session's socket, if one is open. */
  get socket(): RelaySocket | undefined {
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
  async openConnected(): Promise<RelaySocket | Failure | undefined> {
    const socket = await this.#open();
    if (typeof socket !== 'object') return socket;
    const opening = this.#opening;
    if (socket !== this.#socket) return undefined;
    const result = await this.#connect(socket);
    // Closed or opened anew meanwhile (a fallback to long-polling is neither).
    return opening === this.#opening ? result : undefined;
  }

  /** A new socket (the old one closed), wired but not connected yet. */
  async #open(): Promise<RelaySocket | 'unreachable' | undefined> {
    this.close();
    const opening = ++this.#opening;
    const options: Options = {
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      ...this.#socketOptions,
    };
    const plan = transportPlan((options.transports ?? []).map(String));
    const target = relayTarget(this.#server, CUSTOMER_NAMESPACE, options.path, globalThis.location?.href);
    const path = target.path ? { path: target.path } : {};
    /** socket.io-client's socket with `transports`, loaded for them; undefined when replaced meanwhile. */
    const viaClient = async (transports: string[]) => {
      const io = await loadClient();
      return opening === this.#opening ? io.io(target.url, { ...options, transports, ...path }) : undefined;
    };
    let socket: RelaySocket | undefined;
    try {
      // A server address that is no URL throws here (when the socket parses it).
      socket = plan.first[0] === 'websocket' && webSocketClass(options) ? wsSocket(target.url, { ...options, ...path }) : await viaClient(plan.first);
    } catch {
      return opening === this.#opening ? 'unreachable' : undefined;
    }
    if (!socket) return undefined;
    const fallback = plan.fallback;
    this.#fallback = fallback && { make: () => viaClient(fallback) };
    this.#use(socket);
    return socket;
  }

  /** Makes `socket` the current one: wired, and falling back after its reconnection attempts' transport errors. */
  #use(socket: RelaySocket): void {
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      // The developer hears which origin to allow, whether the first connection or a reconnection was refused.
      if (isRelayError(err.data) && err.data.code === 'forbidden-origin') giveHint((h) => h.hintForeignOrigin(this.#server));
      // A first connection falls back by itself (#connect).
      if (!this.#cancelConnect) void this.#fallBack(socket, err).then((next) => next?.connect());
    });
    this.#wire(socket);
    this.#socket = socket;
  }

  /**
   * After `err` on `socket` (the current one): when its WebSocket could not be opened and long-polling is what comes
   * next, loads socket.io-client with long-polling and makes its socket (not connected yet) the current one, in
   * place of `socket` (closed). Resolves to that socket, or undefined when there is nothing to fall back to.
   */
  #fallBack(socket: RelaySocket, err: unknown): Promise<RelaySocket | undefined> {
    const fallback = this.#fallback;
    if (socket !== this.#socket || !fallback || !isTransportError(err)) return Promise.resolve(undefined);
    return (fallback.made ??= fallback.make().then(
      (next) => {
        // Closed or replaced meanwhile, or back on its WebSocket after all (a later error may fall back still).
        if (!next || socket !== this.#socket || socket.connected) return (fallback.made = undefined);
        this.#fallback = undefined;
        socket.disconnect();
        this.#use(next);
        return next;
      },
      // Not loaded: tried again after the next error.
      () => (fallback.made = undefined),
    ));
  }

  /** Connects `socket` once; resolves to the socket connected (the fallback's, maybe), or the failure. */
  #connect(socket: RelaySocket): Promise<RelaySocket | Failure> {
    if (socket.connected) return Promise.resolve(socket);
    return new Promise((resolve) => {
      const done = (result: RelaySocket | Failure | Promise<RelaySocket | Failure>) => {
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
        socket.off('disconnect', onError);
        if (this.#cancelConnect === cancel) this.#cancelConnect = undefined;
        resolve(result);
      };
      const onConnect = () => done(socket);
      const onError = (err: Error & { data?: unknown }) => {
        // No retries behind the customer's back on a first connection, but for long-polling once the WebSocket could
        // not be opened (as socket.io itself would with the transports in one list).
        socket.disconnect();
        if (isTransportError(err) && this.#fallback) {
          // Connected on the fallback's socket, unless this was closed meanwhile.
          void this.#fallBack(socket, err).then((next) => this.#cancelConnect === cancel && done(next ? this.#connect(next) : 'unreachable'));
          return;
        }
        done(isRelayError(err.data) ? err.data : 'unreachable');
      };
      const cancel = () => done('unreachable');
      this.#cancelConnect = cancel;
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
      // Dropped before the relay's answer (right after the handshake; a reason, no error): unreachable too.
      socket.on('disconnect', onError);
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
  scheduleReconnect(socket: RelaySocket, ms: number, connected: () => void): void {
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
      const answer = await socket.timeout(this.ackTimeoutMs).emitWithAck(name, payload);
      if (typeof answer !== 'object' || answer === null || !('ok' in answer)) return UNREACHABLE;
      if (answer.ok === true) return answer as Answer<E>;
      const error = (answer as { error?: unknown }).error;
      return { ok: false, error: isRelayError(error) ? error : localError('internal') };
    } catch {
      return UNREACHABLE;
    }
  }
}
