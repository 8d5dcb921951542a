/**
 * The console's connection to the relay's `/technician` namespace: opens the socket with a token, follows connect,
 * refusal and disconnect (reconnecting after the relay closed it itself), numbers the connections so an answer from
 * an older one can be told apart, and sends events that wait for the relay's acknowledgement. It knows nothing of
 * sessions: what happened goes to its owner through `ConnectionEvents`.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ERROR_CODES, type RelayError } from '../../protocol/errors.js';
import { TECHNICIAN_NAMESPACE } from '../../protocol/events.js';
import { relayAddress, relayTarget } from '../../ui/connection.js';
import { giveHint } from '../../ui/give-hint.js';
import type { TechnicianServerEvents, TechnicianToServerEvents } from '../../protocol/index.js';
import type { FileTransfers } from '../../ui/transfers.js';
import type { ConsoleAction, ConsoleErrorCode, ConsoleState, ErrorInfo } from './types.js';

type TechnicianSocket = Socket<TechnicianServerEvents, TechnicianToServerEvents>;
type Outbound = TechnicianToServerEvents;
export type PayloadOf<E extends keyof Outbound> = Parameters<Outbound[E]>[0];
type AckOf<E extends keyof Outbound> = Parameters<Parameters<Outbound[E]>[1]>[0];

/** The relay's answer to one event: its success fields, or what went wrong (including no answer at all). */
export type CallResult<E extends keyof Outbound> = Extract<AckOf<E>, { ok: true }> | { ok: false; error: ErrorInfo };

/** Relay → technician events the console follows. */
export const RELAY_EVENTS = [
  'session:update',
  'session:ended',
  'chat:message',
  'chat:typing',
  'consent:update',
  'audit:entry',
  'participant:update',
  'relay:shutdown',
  'queue:update',
  'screen:signal',
  'screen:state',
  'sysinfo:report',
  'sysinfo:declined',
  'file:offer',
  'file:accept',
  'file:done',
  'file:cancel',
  'inbox:new',
  'session:handed',
] as const satisfies ReadonlyArray<keyof TechnicianServerEvents>;

export type FollowedEvent = (typeof RELAY_EVENTS)[number];

/** After the relay closed the connection itself (it shut down), wait this long before connecting again. */
const RECONNECT_AFTER_MS = 1000;

export interface ConnectionOptions {
  /** Base URL of the relay (the `/technician` namespace is added). */
  server: string;
  /** Extra socket.io-client options (e.g. `transports: ['websocket']` in Node). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** How long to wait for the relay's acknowledgement of an event, ms (default 10 s). */
  ackTimeoutMs?: number;
}

/** What the connection tells its owner. */
export interface ConnectionEvents {
  connected(): void;
  /** The handshake failed; `fatal` when the relay refused it and nothing will try again. */
  failed(code: ConsoleErrorCode, fatal: boolean): void;
  disconnected(willReconnect: boolean): void;
  /** An event of `RELAY_EVENTS` arrived. */
  relay(event: FollowedEvent, payload: unknown): void;
  /** A file chunk arrived; the receiver acknowledges it (the relay passes the acknowledgement back to the sender). */
  chunk(...args: Parameters<FileTransfers['chunk']>): void;
}

/** What the parts of a console session share: the state, the way to change it, the clock and the connection. */
export interface SessionCore {
  readonly state: ConsoleState;
  dispatch(action: ConsoleAction): void;
  now(): number;
  readonly link: RelayConnection;
}

function errorInfo(error: RelayError): ErrorInfo {
  return {
    code: error.code,
    ...(typeof error.retryAfter === 'number' ? { retryAfter: error.retryAfter } : {}),
    ...(typeof error.fn === 'string' ? { fn: error.fn } : {}),
  };
}

/** The relay's reason for refusing a handshake (`err.data.code`, else `err.message`), or `unreachable`. */
function refusalCode(err: Error & { data?: unknown }): ConsoleErrorCode {
  const data = err.data as { code?: unknown } | undefined;
  const code = typeof data?.code === 'string' ? data.code : err.message;
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ConsoleErrorCode) : 'unreachable';
}

export class RelayConnection {
  readonly #server: string;
  readonly #socketOptions: Partial<ManagerOptions & SocketOptions>;
  readonly #ackTimeoutMs: number;
  readonly #events: ConnectionEvents;
  #socket: TechnicianSocket | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #settleSignIn: ((connected: boolean) => void) | undefined;
  /** Grows with every connect and every disconnect: an answer from an older connection is stale. */
  generation = 0;

  constructor(options: ConnectionOptions, events: ConnectionEvents) {
    this.#server = relayAddress(options.server);
    this.#socketOptions = options.socketOptions ?? {};
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.#events = events;
  }

  get connected(): boolean {
    return !!this.#socket?.connected;
  }

  /**
   * Connects with `token`. Resolves true once connected, false when the relay refused the token or could not be
   * reached at first (socket.io keeps trying).
   */
  open(token: string): Promise<boolean> {
    const target = relayTarget(this.#server, TECHNICIAN_NAMESPACE, this.#socketOptions.path, globalThis.location?.href);
    const socket: TechnicianSocket = io(target.url, {
      forceNew: true,
      ...this.#socketOptions,
      ...(target.path ? { path: target.path } : {}),
      auth: { token },
    });
    this.#socket = socket;
    const settled = new Promise<boolean>((resolve) => {
      this.#settleSignIn = (connected) => {
        this.#settleSignIn = undefined;
        resolve(connected);
      };
    });
    socket.on('connect', () => this.#onConnect());
    socket.on('connect_error', (err) => this.#onConnectError(socket, err));
    socket.on('disconnect', (reason) => this.#onDisconnect(socket, reason));
    const loose = socket as unknown as Socket;
    for (const event of RELAY_EVENTS) {
      loose.on(event, (payload: unknown) => this.#events.relay(event, payload));
    }
    // Chunks are acknowledged by the receiver (the relay passes the acknowledgement back to the sender).
    socket.on('file:chunk', (payload, ack) => {
      if (typeof ack === 'function') this.#events.chunk(payload, ack);
    });
    return settled;
  }

  /** Emits `event` and waits for the relay's acknowledgement. Never throws. */
  async call<E extends keyof Outbound>(event: E, payload: PayloadOf<E>, timeoutMs = this.#ackTimeoutMs): Promise<CallResult<E>> {
    const socket = this.#socket;
    // socket.io would buffer an event sent while disconnected and deliver it to the next connection, before that
    // connection has re-attached the session: refuse instead.
    if (!socket?.connected) return { ok: false, error: { code: 'unreachable' } };
    try {
      const res = (await (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload)) as
        | { ok: true }
        | { ok: false; error: RelayError }
        | undefined;
      if (!res || typeof res !== 'object') return { ok: false, error: { code: 'internal' } };
      return res.ok ? (res as CallResult<E>) : { ok: false, error: errorInfo(res.error) };
    } catch {
      // No acknowledgement: the connection dropped (socket.io rejects at once), or the relay did not answer in time.
      return { ok: false, error: { code: socket.connected ? 'timeout' : 'unreachable' } };
    }
  }

  close(): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    this.#settleSignIn?.(false);
    if (!socket) return;
    socket.off();
    socket.disconnect();
    this.generation++;
  }

  #onConnect(): void {
    this.generation++;
    this.#events.connected();
    this.#settleSignIn?.(true);
  }

  #onConnectError(socket: TechnicianSocket, err: Error & { data?: unknown }): void {
    const code = refusalCode(err);
    if (code === 'forbidden-origin') giveHint((h) => h.hintForeignOrigin(this.#server));
    // A refusal by the relay's handshake check leaves the socket inactive: socket.io will not retry by itself.
    const refused = !socket.active;
    if (refused && code === 'unavailable') {
      // The relay is shutting down; another process (or the restarted one) may take us.
      this.#events.failed(code, false);
      this.#scheduleReconnect(socket);
    } else {
      this.#events.failed(code, refused);
      if (refused) this.close();
    }
    this.#settleSignIn?.(false);
  }

  #onDisconnect(socket: TechnicianSocket, reason: Socket.DisconnectReason): void {
    this.generation++;
    let willReconnect = socket.active;
    if (reason === 'io server disconnect') {
      // The relay closed the connection (it shut down): socket.io does not reconnect by itself after that.
      willReconnect = true;
      this.#scheduleReconnect(socket);
    }
    this.#events.disconnected(willReconnect);
  }

  #scheduleReconnect(socket: TechnicianSocket): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => {
      if (this.#socket === socket && !socket.connected) socket.connect();
    }, RECONNECT_AFTER_MS);
  }
}
