/**
 * The technician console's session logic over socket.io-client: signs in to the relay's `/technician` namespace with
 * a token, creates or picks a session, re-attaches to it after a dropped connection or a page reload, chats (with an
 * outgoing queue that is sent once and in order when the connection is back), requests functions, uses the gated
 * actions and ends the session. Everything it learns goes through the pure reducer; elements subscribe to the state.
 * No DOM.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ERROR_CODES, type RelayError } from '../../protocol/errors.js';
import { TECHNICIAN_NAMESPACE } from '../../protocol/events.js';
import type { FunctionId } from '../../protocol/functions.js';
import type { TechnicianServerEvents, TechnicianToServerEvents } from '../../protocol/index.js';
import { FileTransfers, type TransferAnswer } from '../../ui/transfers.js';
import { PointerSender, type Point } from '../functions/pointer.js';
import { ScreenViewer } from '../functions/screen-viewer.js';
import { initialConsoleState, reduceConsole } from './reducer.js';
import { ConsoleStore, defaultStorage } from './storage.js';
import { tokenIdentity } from './token.js';
import type { ConsoleAction, ConsoleErrorCode, ConsoleState, ErrorInfo, RelayAction, UseEvent } from './types.js';
import { canPoint, hasLiveSession, queuedMessages } from './views.js';

type TechnicianSocket = Socket<TechnicianServerEvents, TechnicianToServerEvents>;
type Outbound = TechnicianToServerEvents;
type PayloadOf<E extends keyof Outbound> = Parameters<Outbound[E]>[0];
type AckOf<E extends keyof Outbound> = Parameters<Parameters<Outbound[E]>[1]>[0];

/** The relay's answer to one event: its success fields, or what went wrong (including no answer at all). */
export type CallResult<E extends keyof Outbound> = Extract<AckOf<E>, { ok: true }> | { ok: false; error: ErrorInfo };

/** Relay → technician events the console follows. */
const RELAY_EVENTS = [
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
] as const satisfies ReadonlyArray<keyof TechnicianServerEvents>;

/**
 * How long a file chunk may wait for its acknowledgement: the relay acknowledges only after the customer's browser
 * did (it gives that 30 s).
 */
const CHUNK_ACK_TIMEOUT_MS = 35_000;

/** Transfer states the relay forgets when a connection drops. */
const LIVE_TRANSFER: readonly string[] = ['preparing', 'offered', 'incoming', 'sending', 'receiving', 'verifying'];

/** After the relay closed the connection itself (it shut down), wait this long before connecting again. */
const RECONNECT_AFTER_MS = 1000;

export interface ConsoleSessionOptions {
  /** Base URL of the relay, e.g. `https://support.example.com` (the `/technician` namespace is added). */
  server: string;
  /**
   * Where the token and the current session id are kept so that a reload signs in and re-attaches by itself.
   * Default: the tab's `sessionStorage`; `null` keeps nothing.
   */
  storage?: Storage | null;
  /** Extra socket.io-client options (e.g. `transports: ['websocket']` in Node). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** How long to wait for the relay's acknowledgement of an event, ms (default 10 s). */
  ackTimeoutMs?: number;
  /** The local clock (tests). */
  clock?: () => number;
  /** Makes chat client ids (tests). */
  createId?: () => string;
}

export type ConsoleListener = (state: ConsoleState, action: ConsoleAction) => void;

/** A random id for a chat message, from the Web Crypto API (available in insecure contexts too, unlike randomUUID). */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `t-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
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

export class ConsoleSession {
  #state: ConsoleState = initialConsoleState();
  readonly #listeners = new Set<ConsoleListener>();
  readonly #server: string;
  readonly #store: ConsoleStore;
  readonly #socketOptions: Partial<ManagerOptions & SocketOptions>;
  readonly #ackTimeoutMs: number;
  readonly #now: () => number;
  readonly #createId: () => string;
  #socket: TechnicianSocket | undefined;
  #token: string | undefined;
  /** Grows with every connect and every disconnect: an answer from an older connection is stale. */
  #connection = 0;
  /** The connection on which this console last took hold of its session (create, pick, attach). */
  #holding = -1;
  #typing = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #settleSignIn: ((connected: boolean) => void) | undefined;
  #destroyed = false;
  readonly #viewer: ScreenViewer;
  readonly #pointer: PointerSender;
  readonly #files: FileTransfers;

  constructor(options: ConsoleSessionOptions) {
    this.#server = options.server.replace(/\/+$/, '');
    this.#store = new ConsoleStore(options.storage === undefined ? defaultStorage() : options.storage);
    this.#socketOptions = options.socketOptions ?? {};
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.#now = options.clock ?? Date.now;
    this.#createId = options.createId ?? randomId;
    this.#viewer = new ScreenViewer({
      iceServers: () => this.#state.relay?.rtc.iceServers ?? [],
      iceTransportPolicy: () => this.#state.relay?.rtc.iceTransportPolicy ?? 'all',
      send: (signal) => void this.#call('screen:signal', signal),
      onChange: (status) => this.#dispatch({ type: 'video', status }),
    });
    this.#pointer = new PointerSender({ send: (event) => void this.#call('control:event', event) });
    this.#files = new FileTransfers({
      role: 'technician',
      request: (event, payload) => this.#request(event, payload),
      onChange: (list) => this.#dispatch({ type: 'transfers', list }),
      maxBytes: () => this.#state.relay?.limits.maxFileBytes,
    });
  }

  /** The customer's screen while it is shown (a MediaStream for a `<video>`), else undefined. */
  get screenStream(): MediaStream | undefined {
    return this.#viewer.stream;
  }

  /** The latest state; replaced (never mutated) on every change. */
  get state(): ConsoleState {
    return this.#state;
  }

  /** Calls `listener` after every state change, with the action that caused it. Returns the unsubscribe function. */
  subscribe(listener: ConsoleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether a token from an earlier sign-in in this tab is stored (a reload can sign in by itself). */
  get canRestore(): boolean {
    return !!this.#store.token;
  }

  // ── signing in and out ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Connects with `token`. Resolves true once connected, false when the relay refused the token (the state then
   * says `unauthorized`) or could not be reached at first (socket.io keeps trying; the state says `unreachable`).
   * A session held before (in memory, or stored by an earlier page in this tab) is re-attached.
   */
  signIn(token: string): Promise<boolean> {
    this.#closeSocket();
    const trimmed = token.trim();
    this.#token = trimmed;
    const technician = tokenIdentity(trimmed);
    this.#dispatch({ type: 'sign-in', ...(technician ? { technician } : {}), now: this.#now() });
    if (!trimmed) {
      this.#dispatch({ type: 'connect-failed', code: 'unauthorized', fatal: true, now: this.#now() });
      return Promise.resolve(false);
    }
    const socket: TechnicianSocket = io(`${this.#server}${TECHNICIAN_NAMESPACE}`, {
      forceNew: true,
      ...this.#socketOptions,
      auth: { token: trimmed },
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
      loose.on(event, (payload: unknown) => this.#onRelayEvent({ type: 'relay', event, payload, now: this.#now() } as RelayAction));
    }
    // Chunks are acknowledged by the receiver (the relay passes the acknowledgement back to the sender).
    socket.on('file:chunk', (payload, ack) => {
      if (typeof ack === 'function') this.#files.chunk(payload, ack);
    });
    return settled;
  }

  /** Signs in with the token stored by an earlier sign-in in this tab; false when there is none. */
  async restore(): Promise<boolean> {
    const token = this.#store.token;
    return token ? this.signIn(token) : false;
  }

  /**
   * Disconnects and forgets the token and the session in storage. A live session is not ended by this: it ends by
   * itself when the relay's grace period for the technician runs out, so end it first.
   */
  signOut(): void {
    this.#stopFunctions();
    this.#closeSocket();
    this.#store.clear();
    this.#token = undefined;
    this.#dispatch({ type: 'sign-out' });
  }

  /** Closes the connection and drops the listeners (the element left the page); storage stays for a reload. */
  destroy(): void {
    this.#stopFunctions();
    this.#closeSocket();
    this.#listeners.clear();
    this.#destroyed = true;
  }

  // ── sessions ──────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates a session offering `functions` (default: all the relay offers); the state then has the code. */
  async createSession(functions?: FunctionId[]): Promise<boolean> {
    if (this.#refuseWhileLive('create')) return false;
    this.#dispatch({ type: 'op-start', op: 'create', now: this.#now() });
    const connection = this.#connection;
    const res = await this.#call('session:create', functions && functions.length > 0 ? { functions } : {});
    if (!res.ok) {
      this.#dispatch({ type: 'op-failed', op: 'create', error: res.error, now: this.#now() });
      return false;
    }
    this.#dispatch({ type: 'created', result: res, now: this.#now() });
    if (connection === this.#connection) this.#holding = connection;
    this.#persist();
    return true;
  }

  /** Asks the relay for the support queue again (it also sends every change by itself). */
  async refreshQueue(): Promise<boolean> {
    const res = await this.#call('queue:list', {});
    if (res.ok) this.#dispatch({ type: 'queue-listed', entries: res.entries });
    return res.ok;
  }

  /** Takes a waiting customer from the queue. */
  async pick(sessionId: string): Promise<boolean> {
    if (this.#refuseWhileLive('pick')) return false;
    this.#dispatch({ type: 'op-start', op: 'pick', sessionId, now: this.#now() });
    const connection = this.#connection;
    const res = await this.#call('queue:pick', { sessionId });
    if (!res.ok) {
      this.#dispatch({ type: 'op-failed', op: 'pick', error: res.error, now: this.#now() });
      // Someone else was quicker, or the customer left: show the line as it is now.
      if (res.error.code === 'not-found' || res.error.code === 'session-ended') void this.refreshQueue();
      return false;
    }
    this.#dispatch({ type: 'picked', session: res.session, relay: { rtc: res.rtc, limits: res.limits }, now: this.#now() });
    if (connection === this.#connection) this.#holding = connection;
    this.#persist();
    // The log began before this console was in the session (the customer queued).
    const log = await this.#call('audit:fetch', {});
    if (log.ok) this.#dispatch({ type: 'audit-fetched', entries: log.entries });
    return true;
  }

  /** Ends the session for good (also cancels a session whose code has not been used). */
  async end(): Promise<boolean> {
    this.#dispatch({ type: 'op-start', op: 'end', now: this.#now() });
    const res = await this.#call('session:end', {});
    if (res.ok || res.error.code === 'session-ended') {
      // `session:ended` came before the acknowledgement; if it did not, the session ended while we were away.
      if (this.#state.session?.state !== 'ended') this.#dispatch({ type: 'ended-unseen', now: this.#now() });
      this.#dispatch({ type: 'op-done', op: 'end' });
      this.#persist();
      return true;
    }
    this.#dispatch({ type: 'op-failed', op: 'end', error: res.error, now: this.#now() });
    return false;
  }

  /** Puts an ended session away (the console is ready for the next one). */
  closeSession(): void {
    this.#dispatch({ type: 'close-session' });
    if (!this.#state.session) this.#files.clear();
    this.#persist();
  }

  dismissNotice(): void {
    this.#dispatch({ type: 'dismiss-notice' });
  }

  // ── chat ──────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends a chat message; returns its client id. While the connection is down the message waits and is sent once
   * the session is re-attached, after those written before it.
   */
  send(text: string): string {
    const clientId = this.#createId();
    const ready = this.#ready();
    this.#dispatch({ type: 'chat-add', clientId, text, queued: !ready, now: this.#now() });
    if (ready) this.#emitMessage(clientId);
    return clientId;
  }

  /** Sends a failed message again, with the same client id (the relay never shows it twice). */
  retry(clientId: string): void {
    const message = this.#state.messages.find((m) => m.from === 'technician' && m.clientId === clientId);
    if (!message || message.status !== 'failed') return;
    if (this.#ready()) this.#emitMessage(clientId);
    else this.#dispatch({ type: 'chat-requeue', clientId });
  }

  /** Tells the customer whether the technician is typing (only changes are sent). */
  setTyping(typing: boolean): void {
    if (typing === this.#typing) return;
    if (!this.#ready()) {
      this.#typing = false;
      return;
    }
    this.#typing = typing;
    void this.#call('chat:typing', { typing });
  }

  // ── consent and gated actions ─────────────────────────────────────────────────────────────────────────────

  /** Asks the customer for `fn`. The grant's state comes from the relay (`consent:update`), never assumed. */
  async request(fn: FunctionId): Promise<boolean> {
    this.#dispatch({ type: 'request-start', fn });
    const res = await this.#call('consent:request', { fn });
    if (res.ok) this.#dispatch({ type: 'request-ok', fn, consent: res.consent });
    else this.#dispatch({ type: 'request-failed', fn, error: res.error, now: this.#now() });
    return res.ok;
  }

  /** Uses a gated action; the relay passes it on only while its grant is live, and says why when it does not. */
  async use(event: UseEvent): Promise<boolean> {
    this.#dispatch({ type: 'use-start', event });
    const res = await this.#call(event, {});
    if (res.ok) {
      this.#dispatch({ type: 'use-ok', event, now: this.#now() });
      if ('expiresAt' in res && typeof res.expiresAt === 'number') this.#dispatch({ type: 'reboot-issued', expiresAt: res.expiresAt, now: this.#now() });
    } else this.#dispatch({ type: 'use-failed', event, error: res.error, now: this.#now() });
    return res.ok;
  }

  // ── screen viewing and pointing ───────────────────────────────────────────────────────────────────────────

  /**
   * The technician's mouse is over the shared tab's video at `point` (0..1 of the frame), or off the picture
   * (`undefined`). Passed on at most 20 times a second, and only while remote control is granted and the customer
   * shares the tab with the chat; otherwise nothing is sent.
   */
  point(point: Point | undefined): void {
    this.#pointer.move(point);
  }

  /** The mouse left the video: the customer's pointer disappears. */
  hidePointer(): void {
    this.#pointer.hide();
  }

  // ── files ─────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Offers files to the customer, one transfer each. A file over the relay's limit fails at once (`too-large`) and
   * nothing of it is sent; the others are hashed, offered, and sent once the customer accepts.
   */
  async sendFiles(files: Iterable<File>): Promise<void> {
    await Promise.all([...files].map((file) => this.#files.send(file)));
  }

  /** Accepts a file the customer offered: only now does anything of it arrive. */
  async acceptFile(transferId: string): Promise<void> {
    await this.#files.accept(transferId);
  }

  async declineFile(transferId: string): Promise<void> {
    await this.#files.decline(transferId);
  }

  /** Stops a transfer either way (not gated: stopping is always allowed). */
  async cancelFile(transferId: string): Promise<void> {
    await this.#files.cancel(transferId);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────

  #dispatch(action: ConsoleAction): void {
    if (this.#destroyed) return;
    const next = reduceConsole(this.#state, action);
    if (next === this.#state) return;
    this.#state = next;
    this.#pointer.allowed = canPoint(next);
    for (const listener of [...this.#listeners]) listener(next, action);
  }

  /** One live session per console (as the relay has it): starting another is refused here, keeping the first on show. */
  #refuseWhileLive(op: 'create' | 'pick'): boolean {
    if (!hasLiveSession(this.#state)) return false;
    this.#dispatch({ type: 'op-failed', op, error: { code: 'invalid-state' }, now: this.#now() });
    return true;
  }

  /** Chat can go out now: connected, and the session is held on this very connection and active. */
  #ready(): boolean {
    return !!this.#socket?.connected && this.#holding === this.#connection && this.#state.session?.state === 'active';
  }

  #onConnect(): void {
    this.#connection++;
    this.#dispatch({ type: 'connected', now: this.#now() });
    if (this.#token) this.#store.token = this.#token;
    this.#settleSignIn?.(true);
    void this.refreshQueue();
    const session = this.#state.session;
    const sessionId = session ? (session.state === 'ended' ? undefined : session.id) : this.#store.session?.sessionId;
    if (sessionId) void this.#attach(sessionId);
  }

  #onConnectError(socket: TechnicianSocket, err: Error & { data?: unknown }): void {
    const code = refusalCode(err);
    // A refusal by the relay's handshake check leaves the socket inactive: socket.io will not retry by itself.
    const refused = !socket.active;
    if (refused && code === 'unavailable') {
      // The relay is shutting down; another process (or the restarted one) may take us.
      this.#dispatch({ type: 'connect-failed', code, fatal: false, now: this.#now() });
      this.#scheduleReconnect(socket);
    } else {
      this.#dispatch({ type: 'connect-failed', code, fatal: refused, now: this.#now() });
      if (refused) {
        if (code === 'unauthorized') this.#store.token = undefined;
        this.#closeSocket();
      }
    }
    this.#settleSignIn?.(false);
  }

  #onDisconnect(socket: TechnicianSocket, reason: Socket.DisconnectReason): void {
    this.#connection++;
    this.#typing = false;
    let willReconnect = socket.active;
    if (reason === 'io server disconnect') {
      // The relay closed the connection (it shut down): socket.io does not reconnect by itself after that.
      willReconnect = true;
      this.#scheduleReconnect(socket);
    }
    this.#dispatch({ type: 'disconnected', willReconnect, now: this.#now() });
    // The relay cancels a session's transfers when either side drops (and cannot tell this side any more).
    for (const t of this.#state.transfers) {
      if (LIVE_TRANSFER.includes(t.status)) this.#files.cancelled({ transferId: t.id, by: 'relay', reason: 'failed' });
    }
  }

  #onRelayEvent(action: RelayAction): void {
    const before = this.#state;
    this.#dispatch(action);
    if (action.event === 'session:ended' || (action.event === 'session:update' && this.#state.session?.id === action.payload.id)) {
      this.#persist();
    }
    if (action.event === 'session:ended') this.#typing = false;
    this.#follow(action, before);
  }

  /** Passes what the relay said on to the function modules (the video, the transfers). */
  #follow(action: RelayAction, before: ConsoleState): void {
    const session = this.#state.session;
    const held = !!session && session.state === 'active';
    switch (action.event) {
      case 'screen:signal':
        if (held && session.consent.grants['desktop-view'].status === 'granted') void this.#viewer.signal(action.payload);
        return;
      case 'screen:state':
        if (action.payload.state === 'stopped') this.#viewer.close();
        return;
      case 'audit:entry':
        // The relay also records a stop the customer's side could not announce (it dropped).
        if (action.payload.type === 'screen-stopped') this.#viewer.close();
        return;
      case 'file:offer':
        if (held && action.payload.from === 'customer') this.#files.offered(action.payload);
        return;
      case 'file:accept':
        this.#files.accepted(action.payload.transferId);
        return;
      case 'file:done':
        this.#files.done(action.payload.transferId);
        return;
      case 'file:cancel':
        this.#files.cancelled(action.payload);
        return;
      case 'session:ended':
        this.#viewer.close();
        this.#files.abort('ended');
        return;
      case 'consent:update': {
        const lost = (fn: FunctionId) => before.session?.consent.grants[fn].status === 'granted' && session?.consent.grants[fn].status !== 'granted';
        if (lost('desktop-view')) this.#viewer.close();
        // The relay cancels the transfers itself and says so; this is for what it had no transfer of yet.
        if (lost('file-transfer')) this.#files.abort('revoked');
        return;
      }
      default:
        return;
    }
  }

  /** Stops the video, the pointer and the transfers (signing out, the element left the page). */
  #stopFunctions(): void {
    if (this.#state.session?.consent.grants['desktop-view'].status === 'granted') this.#viewer.hangUp();
    else this.#viewer.close();
    this.#pointer.dispose();
    this.#files.clear();
  }

  /** A file event for the shared transfers: the relay's answer as `{ok}` or the error code. */
  async #request(event: 'file:offer' | 'file:accept' | 'file:chunk' | 'file:done' | 'file:cancel', payload: Record<string, unknown>): Promise<TransferAnswer> {
    const res = await this.#call(event, payload as never, event === 'file:chunk' ? CHUNK_ACK_TIMEOUT_MS : undefined);
    return res.ok ? { ok: true } : { ok: false, code: res.error.code };
  }

  #scheduleReconnect(socket: TechnicianSocket): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => {
      if (this.#socket === socket && !socket.connected) socket.connect();
    }, RECONNECT_AFTER_MS);
  }

  async #attach(sessionId: string): Promise<void> {
    this.#dispatch({ type: 'op-start', op: 'attach', sessionId, now: this.#now() });
    const connection = this.#connection;
    const res = await this.#call('session:attach', { sessionId });
    if (connection !== this.#connection) return; // the connection dropped meanwhile; the next one attaches again
    if (res.ok) {
      const stored = this.#store.session;
      const code = stored?.sessionId === sessionId ? stored.code : undefined;
      this.#dispatch({
        type: 'attached',
        session: res.session,
        messages: res.messages,
        audit: res.audit,
        ...(code ? { code } : {}),
        relay: { rtc: res.rtc, limits: res.limits },
        now: this.#now(),
      });
      this.#holding = connection;
      this.#persist();
      this.#flush();
      return;
    }
    if (res.error.code === 'session-ended') {
      this.#dispatch({ type: 'ended-unseen', now: this.#now() });
    } else if (res.error.code === 'not-found') {
      this.#dispatch({ type: 'forget-session' });
      this.#dispatch({ type: 'op-failed', op: 'attach', error: res.error, now: this.#now() });
    } else {
      this.#dispatch({ type: 'op-failed', op: 'attach', error: res.error, now: this.#now() });
      return;
    }
    this.#persist();
  }

  /** Sends the messages that waited for the connection, once each and in the order written. */
  #flush(): void {
    if (!this.#ready()) return;
    for (const clientId of queuedMessages(this.#state)) this.#emitMessage(clientId);
  }

  #emitMessage(clientId: string): void {
    const message = this.#state.messages.find((m) => m.from === 'technician' && m.clientId === clientId);
    if (!message) return;
    this.#dispatch({ type: 'chat-sending', clientId });
    const connection = this.#connection;
    void this.#call('chat:send', { clientId, text: message.text }).then((res) => {
      if (res.ok) this.#dispatch({ type: 'chat-sent', message: res.message });
      // A lost connection already put the message back in the queue; it goes again after the re-attach.
      else if (connection === this.#connection) this.#dispatch({ type: 'chat-failed', clientId, error: res.error.code });
    });
  }

  /** Keeps the stored session in step with the state: the session while it lives (with its code while unused). */
  #persist(): void {
    const session = this.#state.session;
    if (!session || session.state === 'ended') {
      this.#store.session = undefined;
      return;
    }
    const code = session.state === 'open' ? this.#state.code : undefined;
    this.#store.session = { sessionId: session.id, ...(code ? { code } : {}) };
  }

  /** Emits `event` and waits for the relay's acknowledgement. Never throws. */
  async #call<E extends keyof Outbound>(event: E, payload: PayloadOf<E>, timeoutMs = this.#ackTimeoutMs): Promise<CallResult<E>> {
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

  #closeSocket(): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    this.#settleSignIn?.(false);
    if (!socket) return;
    socket.off();
    socket.disconnect();
    this.#connection++;
    this.#typing = false;
  }
}
