/**
 * The technician console's session logic over socket.io-client: signs in to the relay's `/technician` namespace with
 * a token, creates or picks a session, re-attaches to it after a dropped connection or a page reload, chats (with an
 * outgoing queue that is sent once and in order when the connection is back), requests functions, uses the gated
 * actions and ends the session. Everything it learns goes through the pure reducer; elements subscribe to the state.
 * No DOM.
 *
 * This class is the composition and the public API; each concern is its own module: the connection
 * (`connection.ts`), the session held (`holding.ts`: create, pick, attach/resume, end, storage), the chat queue
 * (`chat-queue.ts`) and the functions (`functions.ts`: requests, gated actions, screen, pointer, files).
 */
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { FunctionId } from '../../protocol/functions.js';
import type { SessionView } from '../../protocol/index.js';
import type { Point } from '../functions/pointer.js';
import { ChatQueue } from './chat-queue.js';
import { RelayConnection, type SessionCore } from './connection.js';
import { SessionFunctions } from './functions.js';
import { SessionHolding } from './holding.js';
import { initialConsoleState, reduceConsole } from './reducer.js';
import { ConsoleStore, defaultStorage } from './storage.js';
import { tokenIdentity } from './token.js';
import type { ConsoleAction, ConsoleState, RelayAction, UseEvent } from './types.js';

export type { CallResult } from './connection.js';

export interface ConsoleSessionOptions {
  /** Base URL of the relay, e.g. `https://support.example.com` (the `/technician` namespace is added). */
  server: string;
  /**
   * Where the token and the current session id are kept so that a reload signs in and re-attaches by itself.
   * Default: the tab's `sessionStorage`; `null` keeps nothing.
   */
  storage?: Storage | null;
  /**
   * Keeps this console's token and session under keys of their own in `storage` (a desk's further consoles,
   * desk.ts); default: the console's usual keys.
   */
  storageScope?: string;
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

/** A colleague handed this technician a session (`session:handed`); it changes nothing of this console's state. */
export type HandedListener = (handed: { session: SessionView; from: { name: string } }) => void;

/** A random id for a chat message, from the Web Crypto API (available in insecure contexts too, unlike randomUUID). */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `t-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class ConsoleSession {
  #state: ConsoleState = initialConsoleState();
  readonly #listeners = new Set<ConsoleListener>();
  readonly #handedListeners = new Set<HandedListener>();
  readonly #store: ConsoleStore;
  readonly #now: () => number;
  readonly #link: RelayConnection;
  readonly #holding: SessionHolding;
  readonly #chat: ChatQueue;
  readonly #fns: SessionFunctions;
  #token: string | undefined;
  #destroyed = false;

  constructor(options: ConsoleSessionOptions) {
    this.#store = new ConsoleStore(options.storage === undefined ? defaultStorage() : options.storage, options.storageScope);
    this.#now = options.clock ?? Date.now;
    this.#link = new RelayConnection(options, {
      connected: () => this.#onConnect(),
      failed: (code, fatal) => {
        this.#dispatch({ type: 'connect-failed', code, fatal, now: this.#now() });
        if (fatal && code === 'unauthorized') this.#store.token = undefined;
      },
      disconnected: (willReconnect) => {
        this.#chat.stopTyping();
        this.#dispatch({ type: 'disconnected', willReconnect, now: this.#now() });
        this.#fns.dropped();
      },
      relay: (event, payload) => this.#onRelayEvent({ type: 'relay', event, payload, now: this.#now() } as RelayAction),
      chunk: (payload, ack) => this.#fns.files.chunk(payload, ack),
    });
    const read = (): ConsoleState => this.#state;
    const core: SessionCore = { get state() { return read(); }, dispatch: (action) => this.#dispatch(action), now: () => this.#now(), link: this.#link };
    this.#holding = new SessionHolding(core, this.#store, () => this.#chat.flush());
    this.#chat = new ChatQueue(core, options.createId ?? randomId, () => this.#holding.held);
    this.#fns = new SessionFunctions(core);
  }

  /** The customer's screen while it is shown (a MediaStream for a `<video>`), else undefined. */
  get screenStream(): MediaStream | undefined {
    return this.#fns.viewer.stream;
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

  /** The token this console signed in with last (a desk signs its further consoles in with it). */
  get token(): string | undefined {
    return this.#token;
  }

  /** Calls `listener` when a colleague hands this technician a session (the desk takes it). Returns the unsubscribe. */
  onHanded(listener: HandedListener): () => void {
    this.#handedListeners.add(listener);
    return () => this.#handedListeners.delete(listener);
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
    return this.#link.open(trimmed);
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
    this.#fns.stop();
    this.#closeSocket();
    this.#store.clear();
    this.#token = undefined;
    this.#dispatch({ type: 'sign-out' });
  }

  /** Closes the connection and drops the listeners (the element left the page); storage stays for a reload. */
  destroy(): void {
    this.#fns.stop();
    this.#closeSocket();
    this.#listeners.clear();
    this.#handedListeners.clear();
    this.#destroyed = true;
  }

  // ── sessions ──────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates a session offering `functions` (default: all the relay offers); the state then has the code. */
  createSession(functions?: FunctionId[]): Promise<boolean> {
    return this.#holding.createSession(functions);
  }

  /** Asks the relay for the support queue again (it also sends every change by itself). */
  refreshQueue(): Promise<boolean> {
    return this.#holding.refreshQueue();
  }

  /** Takes a waiting customer from the queue. */
  pick(sessionId: string): Promise<boolean> {
    return this.#holding.pick(sessionId);
  }

  /** Ends the session for good (also cancels a session whose code has not been used). */
  end(): Promise<boolean> {
    return this.#holding.end();
  }

  /** Asks the relay for the messages customers left while nobody could chat (new ones arrive by themselves). */
  refreshInbox(): Promise<boolean> {
    return this.#holding.refreshInbox();
  }

  /** Asks the relay which colleagues of the technician's organisation are online (`state.colleagues`). */
  listColleagues(): Promise<boolean> {
    return this.#holding.listColleagues();
  }

  /**
   * Hands the live session to colleague `technicianId` (same organisation, online). The relay ends every grant with
   * it; this console stops the screen and the transfers of that session and holds no session after.
   */
  async handOff(technicianId: string): Promise<boolean> {
    const done = await this.#holding.handOff(technicianId);
    if (done) this.#fns.handedOff();
    return done;
  }

  /** Takes hold of a session a colleague handed to this technician (the relay said `session:handed`). */
  take(sessionId: string): Promise<boolean> {
    return this.#holding.take(sessionId);
  }

  /** Puts an ended session away (the console is ready for the next one). */
  closeSession(): void {
    this.#dispatch({ type: 'close-session' });
    if (!this.#state.session) this.#fns.files.clear();
    this.#holding.persist();
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
    return this.#chat.send(text);
  }

  /** Sends a failed message again, with the same client id (the relay never shows it twice). */
  retry(clientId: string): void {
    this.#chat.retry(clientId);
  }

  /** Tells the customer whether the technician is typing (only changes are sent). */
  setTyping(typing: boolean): void {
    this.#chat.setTyping(typing);
  }

  // ── consent and gated actions ─────────────────────────────────────────────────────────────────────────────

  /** Asks the customer for `fn`. The grant's state comes from the relay (`consent:update`), never assumed. */
  request(fn: FunctionId): Promise<boolean> {
    return this.#fns.request(fn);
  }

  /** Uses a gated action; the relay passes it on only while its grant is live, and says why when it does not. */
  use(event: UseEvent): Promise<boolean> {
    return this.#fns.use(event);
  }

  // ── screen viewing and pointing ───────────────────────────────────────────────────────────────────────────

  /**
   * The technician's mouse is over the shared tab's video at `point` (0..1 of the frame), or off the picture
   * (`undefined`). Passed on at most 20 times a second, and only while remote control is granted and the customer
   * shares the tab with the chat; otherwise nothing is sent.
   */
  point(point: Point | undefined): void {
    this.#fns.pointer.move(point);
  }

  /** The mouse left the video: the customer's pointer disappears. */
  hidePointer(): void {
    this.#fns.pointer.hide();
  }

  // ── files ─────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Offers files to the customer, one transfer each. A file over the relay's limit fails at once (`too-large`) and
   * nothing of it is sent; the others are hashed, offered, and sent once the customer accepts.
   */
  async sendFiles(files: Iterable<File>): Promise<void> {
    await Promise.all([...files].map((file) => this.#fns.files.send(file)));
  }

  /** Accepts a file the customer offered: only now does anything of it arrive. */
  async acceptFile(transferId: string): Promise<void> {
    await this.#fns.files.accept(transferId);
  }

  async declineFile(transferId: string): Promise<void> {
    await this.#fns.files.decline(transferId);
  }

  /** Stops a transfer either way (not gated: stopping is always allowed). */
  async cancelFile(transferId: string): Promise<void> {
    await this.#fns.files.cancel(transferId);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────

  #dispatch(action: ConsoleAction): void {
    if (this.#destroyed) return;
    const next = reduceConsole(this.#state, action);
    if (next === this.#state) return;
    this.#state = next;
    this.#fns.stateChanged(next);
    for (const listener of [...this.#listeners]) listener(next, action);
  }

  #onConnect(): void {
    this.#dispatch({ type: 'connected', now: this.#now() });
    if (this.#token) this.#store.token = this.#token;
    void this.refreshQueue();
    void this.refreshInbox();
    this.#holding.resume();
  }

  #onRelayEvent(action: RelayAction): void {
    if (action.event === 'session:handed') {
      for (const listener of [...this.#handedListeners]) listener(action.payload);
      return;
    }
    const before = this.#state;
    this.#dispatch(action);
    if (action.event === 'session:ended' || (action.event === 'session:update' && this.#state.session?.id === action.payload.id)) {
      this.#holding.persist();
    }
    if (action.event === 'session:ended') this.#chat.stopTyping();
    if (action.event === 'chat:message') this.#chat.fillGap();
    this.#fns.follow(action, before);
  }

  #closeSocket(): void {
    this.#link.close();
    this.#chat.stopTyping();
  }
}
