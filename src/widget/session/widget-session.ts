/**
 * WidgetSession: the customer's side of a remote-support session over socket.io-client, for the widget's elements.
 * It owns the socket, the resume token, the outgoing message queue and a few timers; the state itself comes from
 * the pure reducer (reducer.ts), and elements only read `state`, `subscribe` to changes and call the actions.
 *
 * Actions never throw and never reject: whatever goes wrong shows in `state` (`error`, a message's `status`).
 *
 * Connection handling:
 * - `join` / `joinQueue` / `tryResume` open a socket to `${server}/customer`; a failed first connection is
 *   `unreachable` (or the relay's refusal, e.g. `forbidden-origin`) and nothing is retried behind the customer's back.
 * - After a drop, socket.io reconnects (this class reconnects itself after a server-side disconnect, on which
 *   socket.io does not), then `session:resume { token, lastSeq }` brings the session back with what was missed.
 *   Revocations made while away go out first, then queued chat messages, once and in order.
 * - The resume token (rotated by every resume) lives in the given Storage so a reload can `tryResume()`; it is
 *   removed as soon as the session ends and by `reset()`.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
// Values from the protocol's own modules, not its index (which also pulls in the valibot payload schemas); and no
// `relayError`, whose English message table the browser does not need.
import { CUSTOMER_NAMESPACE, type ChatMessage } from '../../protocol/events.js';
import { isFunctionId, type FunctionId } from '../../protocol/functions.js';
import type { RatingScore } from '../../protocol/constants.js';
import { OutgoingQueue, type QueueUpdate, type TransmitOutcome } from './outgoing-queue.js';
import {
  RELAY_EVENT_NAMES,
  initialWidgetState,
  lastContiguousSeq,
  reduceWidget,
  type Failure,
  type RelayEvent,
  type RelayEventName,
  type WidgetEvent,
} from './reducer.js';
import type { ScreenStopReason } from '../functions/screen-share.js';
import { SessionFunctions } from './functions.js';
import { ResumeStore } from './resume-store.js';
import { isRelayError, localError, UNREACHABLE, type Answer, type PayloadOf, type CustomerEvent, type Unstamped } from './wire.js';
import type { Transcript, WidgetNotice, WidgetSessionLike, WidgetSessionOptions, WidgetState } from './types.js';

type Listener = (state: WidgetState, notice?: WidgetNotice) => void;

export const WIDGET_SESSION_DEFAULTS = {
  ackTimeoutMs: 10_000,
  typingTimeoutMs: 8_000,
  ownTypingIdleMs: 5_000,
} as const;

/** Relay errors on a resume after a drop that are worth another try rather than the end. */
const TRANSIENT: readonly string[] = ['rate-limited', 'internal', 'unavailable'];

/** A client id for a chat message (unique per message; `c-` and 24 hex digits). */
export function newClientId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class WidgetSession implements WidgetSessionLike {
  readonly #server: string;
  readonly #socketOptions: Record<string, unknown>;
  readonly #store: ResumeStore;
  readonly #queue: OutgoingQueue;
  readonly #ackTimeoutMs: number;
  readonly #typingTimeoutMs: number;
  readonly #ownTypingIdleMs: number;
  readonly #listeners = new Set<Listener>();
  readonly #functions: SessionFunctions;
  #state: WidgetState = initialWidgetState();
  #socket: Socket | undefined;
  /** Resolves a pending first connection of the current socket when that socket is closed. */
  #cancelConnect: (() => void) | undefined;
  /** A join, queue join or reload resume is under way. */
  #busy = false;
  #resuming = false;
  #destroyed = false;
  #ownTyping = false;
  /** Revocations asked for while the relay could not be reached; sent first thing after the resume. */
  #withdrawals: Set<FunctionId> | 'all' | undefined;
  #technicianTypingTimer: ReturnType<typeof setTimeout> | undefined;
  #ownTypingTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: WidgetSessionOptions) {
    this.#server = options.server.trim().replace(/\/+$/, '');
    this.#socketOptions = options.socketOptions ?? {};
    this.#store = new ResumeStore(options.server, options.storage);
    this.#ackTimeoutMs = options.ackTimeoutMs ?? WIDGET_SESSION_DEFAULTS.ackTimeoutMs;
    this.#typingTimeoutMs = options.typingTimeoutMs ?? WIDGET_SESSION_DEFAULTS.typingTimeoutMs;
    this.#ownTypingIdleMs = options.ownTypingIdleMs ?? WIDGET_SESSION_DEFAULTS.ownTypingIdleMs;
    this.#queue = new OutgoingQueue(
      (m) => this.#transmit(m.clientId, m.text),
      (update) => this.#dispatch(queueEvent(update)),
    );
    this.#functions = new SessionFunctions(
      {
        state: () => this.#state,
        request: (name, payload) => this.#request(name, payload),
        dispatch: (event) => this.#dispatch(event),
        revoke: (fn, reason) => void this.#withdraw(fn, reason),
      },
      options,
    );
  }

  get state(): WidgetState {
    return this.#state;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  // ── joining ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Joins with a session code (spaces and dashes in a pasted code are ignored). */
  async join(code: string): Promise<void> {
    const digits = code.replace(/[\s-]/g, '');
    await this.#start('session:join', { code: digits }, /^\d{4,12}$/.test(digits));
  }

  /** Joins the support queue without a code; `queue:position` updates follow while waiting. */
  async joinQueue(name: string, description: string): Promise<void> {
    await this.#start('queue:join', { name, description });
  }

  /** Leaves the queue (the relay ends the queued session) and goes back to idle without a trace. */
  async leaveQueue(): Promise<void> {
    if (this.#state.phase !== 'waiting' && this.#state.phase !== 'reconnecting') return;
    if (this.#state.phase === 'waiting') await this.#request('queue:leave', {});
    this.reset();
  }

  /**
   * Resumes a session this tab was in before a reload (resume token in session storage), or rejoins the session after
   * the customer's restart (reboot token in local storage); false when there is none or it is over.
   */
  async tryResume(): Promise<boolean> {
    if (!this.#mayStart() || this.#state.phase !== 'idle') return false;
    const reboot = this.#store.get() === undefined ? this.#functions.rebootToken() : undefined;
    if (this.#store.get() === undefined && reboot === undefined) return false;
    this.#busy = true;
    try {
      this.#dispatch({ type: 'connecting' });
      const socket = this.#openSocket();
      const failure = await this.#connect(socket);
      if (socket !== this.#socket) return false;
      if (failure) {
        // An unreachable relay may come back within the grace period: the token stays for another try.
        if (failure !== 'unreachable') {
          this.#store.clear();
          this.#functions.forgetReboot();
        }
        this.#closeSocket();
        this.#dispatch({ type: 'resume-failed', error: failure, reload: true });
        return false;
      }
      return reboot === undefined ? await this.#resume(true) : await this.#rejoin(reboot);
    } finally {
      this.#busy = false;
    }
  }

  // ── chat ──────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends a chat message and returns its client id; while the connection is down (or the customer still waits in
   * the queue) it is kept as `queued` and sent later. Blank text, or no session, is ignored and returns `''`.
   */
  send(text: string): string {
    const phase = this.#state.phase;
    if (this.#destroyed || text.trim() === '' || (phase !== 'waiting' && phase !== 'connected' && phase !== 'reconnecting')) return '';
    const clientId = newClientId();
    this.#dispatch({ type: 'message-queued', clientId, text });
    this.#queue.add({ clientId, text });
    this.setTyping(false);
    return clientId;
  }

  retry(clientId: string): void {
    const phase = this.#state.phase;
    if (this.#destroyed || (phase !== 'waiting' && phase !== 'connected' && phase !== 'reconnecting')) return;
    const item = this.#state.items.find((i) => i.kind === 'message' && i.from === 'customer' && i.clientId === clientId);
    if (item?.kind !== 'message' || item.status !== 'failed') return;
    this.#queue.retry({ clientId, text: item.text });
  }

  /** Tells the technician the customer is typing; `false` is sent by itself after a pause or with the message. */
  setTyping(typing: boolean): void {
    clearTimeout(this.#ownTypingTimer);
    this.#ownTypingTimer = undefined;
    if (typing) {
      if (!this.#online()) return;
      this.#ownTypingTimer = setTimeout(() => this.setTyping(false), this.#ownTypingIdleMs);
      if (this.#ownTyping) return;
      this.#ownTyping = true;
      this.#socket?.emit('chat:typing', { typing: true });
    } else if (this.#ownTyping) {
      this.#ownTyping = false;
      if (this.#online()) this.#socket?.emit('chat:typing', { typing: false });
    }
  }

  // ── consent ───────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Answers the prompt on show; the grant shows once the relay's `consent:update` confirms it. Allowing screen viewing
   * asks the browser for the screen at once (this runs inside the customer's click); it is sent only after the relay
   * confirmed the grant.
   */
  async decide(promptId: string, allow: boolean): Promise<void> {
    if (!this.#online()) return;
    const prompt = this.#state.prompt;
    if (allow && prompt?.id === promptId && prompt.fn === 'desktop-view' && prompt.kind === 'request') this.#functions.shareScreen(true);
    await this.#request('consent:decide', { promptId, allow });
  }

  /** Revokes one grant. While the relay cannot be reached, it is sent first thing after the resume. */
  async revoke(fn: FunctionId): Promise<void> {
    if (!isFunctionId(fn)) return;
    if (fn === 'desktop-view') this.#functions.stopScreen();
    await this.#withdraw(fn);
  }

  async stopSharing(): Promise<void> {
    this.#functions.stopScreen();
    await this.#withdraw('all');
  }

  // ── functions ─────────────────────────────────────────────────────────────────────────────────────────────────

  shareScreen(): void {
    if (this.#online()) this.#functions.shareScreen();
  }

  sendFiles(files: Iterable<File>): void {
    if (this.#online()) this.#functions.sendFiles(files);
  }

  acceptFile(id: string): void {
    this.#functions.acceptFile(id);
  }

  declineFile(id: string): void {
    this.#functions.declineFile(id);
  }

  cancelFile(id: string): void {
    this.#functions.cancelFile(id);
  }

  async answerSysinfo(send: boolean): Promise<void> {
    if (this.#online()) await this.#functions.answerSysinfo(send);
  }

  /** Ends the session. Without a relay to tell, the widget ends it on its side (the relay times it out). */
  async disconnect(): Promise<void> {
    const phase = this.#state.phase;
    if (this.#destroyed || phase === 'idle' || phase === 'ended') return;
    if (phase === 'connecting') return this.reset();
    this.#functions.stopScreen();
    const res = phase !== 'reconnecting' && this.#socket?.connected ? await this.#request('session:end', {}) : UNREACHABLE;
    // The relay's `session:ended` comes before its ack, so the end here is only a safety net; without the relay's word
    // the socket is closed.
    if (!res.ok && (res.error === 'unreachable' || res.error.code !== 'session-ended')) this.#closeSocket();
    this.#dispatch({ type: 'ended-locally', by: 'customer', reason: 'customer-ended' });
  }

  async rate(score: RatingScore, comment: string): Promise<boolean> {
    return (await this.#request('session:rate', { score, ...(comment ? { comment } : {}) })).ok;
  }

  /** The chat and the consent/audit log from the relay; what this widget saw itself when the relay cannot say. */
  async transcript(): Promise<Transcript> {
    const { sessionId, technician } = this.#state;
    const info = { ...(sessionId ? { sessionId } : {}), ...(technician ? { technician: { ...technician } } : {}) };
    if (sessionId && this.#socket?.connected && !this.#busy && this.#state.phase !== 'reconnecting') {
      const [audit, history] = await Promise.all([this.#request('audit:fetch', {}), this.#request('chat:history', { afterSeq: 0 })]);
      if (audit.ok && history.ok) return { messages: history.messages, audit: audit.entries, ...info, generatedAt: Date.now() };
    }
    const messages: ChatMessage[] = [];
    for (const i of this.#state.items) {
      if (i.kind === 'message' && i.id !== undefined && i.seq !== undefined) {
        messages.push({ id: i.id, seq: i.seq, clientId: i.clientId, from: i.from, text: i.text, at: i.at });
      }
    }
    return { messages, audit: [...(this.#state.audit ?? [])], ...info, generatedAt: Date.now() };
  }

  // ── the end of the object ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Back to idle: a session still going is ended at the relay (best effort), the socket is closed, and the resume
   * token is removed from storage.
   */
  reset(): void {
    const phase = this.#state.phase;
    const socket = this.#socket;
    if ((phase === 'waiting' || phase === 'connected') && socket?.connected) {
      // The socket is let go at once (nothing it hears reaches the state), and closed once the relay has the end:
      // socket.io drops events that arrive just before the client's disconnect.
      this.#socket = undefined;
      socket.timeout(this.#ackTimeoutMs).emit('session:end', {}, () => socket.disconnect());
    }
    this.#teardown();
    this.#store.clear();
    this.#functions.reset(true);
    this.#dispatch({ type: 'reset' });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#teardown();
    this.#functions.reset(false);
    this.#listeners.clear();
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  #teardown(): void {
    this.#closeSocket();
    this.#queue.clear();
    this.#withdrawals = undefined;
    this.#ownTyping = false;
    clearTimeout(this.#ownTypingTimer);
    clearTimeout(this.#technicianTypingTimer);
    this.#ownTypingTimer = this.#technicianTypingTimer = undefined;
  }

  #mayStart(): boolean {
    return !this.#destroyed && !this.#busy && (this.#state.phase === 'idle' || this.#state.phase === 'ended');
  }

  /** In an active session with a live connection. */
  #online(): boolean {
    return !this.#destroyed && this.#state.phase === 'connected' && this.#socket?.connected === true && !this.#resuming;
  }

  /** A join or queue join on a fresh socket (`valid` false: the code cannot be right, so no socket is opened). */
  async #start<E extends 'session:join' | 'queue:join'>(name: E, payload: PayloadOf<E>, valid = true): Promise<void> {
    if (!this.#mayStart()) return;
    this.#busy = true;
    try {
      this.#dispatch({ type: 'connecting' });
      if (!valid) return this.#dispatch({ type: 'join-failed', error: localError('invalid-code') });
      const socket = await this.#connectNew();
      if (!socket) return;
      const res: Answer<'session:join' | 'queue:join'> = await this.#request(name, payload);
      if (socket !== this.#socket) return;
      if (!res.ok) return this.#failJoin(res.error);
      this.#store.set(res.resumeToken);
      this.#functions.configure(res);
      this.#dispatch({ type: 'joined', result: res, position: 'position' in res ? res.position : undefined });
    } finally {
      this.#busy = false;
    }
  }

  #failJoin(error: Failure): void {
    this.#closeSocket();
    this.#dispatch({ type: 'join-failed', error });
  }

  /** A fresh socket, connected; undefined (and the failure dispatched) when that did not work. */
  async #connectNew(): Promise<Socket | undefined> {
    const socket = this.#openSocket();
    const failure = await this.#connect(socket);
    if (socket !== this.#socket) return undefined;
    if (failure) {
      this.#failJoin(failure);
      return undefined;
    }
    return socket;
  }

  #openSocket(): Socket {
    this.#closeSocket();
    const options = {
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      ...this.#socketOptions,
    } as Partial<ManagerOptions & SocketOptions>;
    const socket = io(`${this.#server}${CUSTOMER_NAMESPACE}`, options);
    for (const name of RELAY_EVENT_NAMES) socket.on(name, (payload: unknown) => this.#fromRelay(socket, name, payload));
    this.#functions.listen(socket, () => socket === this.#socket);
    socket.on('connect', () => this.#onConnect(socket));
    socket.on('disconnect', (reason) => this.#onDisconnect(socket, reason));
    this.#socket = socket;
    return socket;
  }

  /** Connects `socket` once; resolves to the failure, or undefined when connected. */
  #connect(socket: Socket): Promise<Failure | undefined> {
    if (socket.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (failure: Failure | undefined) => {
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
        if (this.#cancelConnect === cancel) this.#cancelConnect = undefined;
        resolve(failure);
      };
      const onConnect = () => done(undefined);
      const onError = (err: Error & { data?: unknown }) => {
        // No retries behind the customer's back on a first connection.
        socket.disconnect();
        done(isRelayError(err.data) ? err.data : 'unreachable');
      };
      const cancel = () => done('unreachable');
      this.#cancelConnect = cancel;
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
      socket.connect();
    });
  }

  #closeSocket(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    this.#queue.close();
    if (!socket) return;
    this.#cancelConnect?.();
    socket.disconnect();
  }

  async #request<E extends CustomerEvent>(name: E, payload: PayloadOf<E>): Promise<Answer<E>> {
    const socket = this.#socket;
    if (!socket?.connected) return UNREACHABLE;
    try {
      const answer = (await socket.timeout(this.#ackTimeoutMs).emitWithAck(name, payload)) as unknown;
      if (typeof answer !== 'object' || answer === null || !('ok' in answer)) return UNREACHABLE;
      if (answer.ok === true) return answer as Answer<E>;
      const error = (answer as { error?: unknown }).error;
      return { ok: false, error: isRelayError(error) ? error : localError('internal') };
    } catch {
      return UNREACHABLE;
    }
  }

  async #transmit(clientId: string, text: string): Promise<TransmitOutcome> {
    const res = await this.#request('chat:send', { clientId, text });
    if (res.ok) return { ok: true, message: res.message };
    return { ok: false, error: res.error === 'unreachable' ? 'unreachable' : res.error.code };
  }

  #fromRelay(socket: Socket, name: RelayEventName, payload: unknown): void {
    if (socket !== this.#socket || typeof payload !== 'object' || payload === null) return;
    if (name === 'chat:typing') {
      const info = payload as { from?: unknown; typing?: unknown };
      if (info.from === 'technician' && info.typing === true) this.#armTypingTimeout();
    }
    this.#dispatch({ type: 'relay', name, payload } as Unstamped<RelayEvent>);
  }

  #armTypingTimeout(): void {
    clearTimeout(this.#technicianTypingTimer);
    this.#technicianTypingTimer = setTimeout(() => {
      this.#technicianTypingTimer = undefined;
      this.#dispatch({ type: 'typing-timeout' });
    }, this.#typingTimeoutMs);
  }

  #onConnect(socket: Socket): void {
    if (socket !== this.#socket) return;
    if (this.#state.phase === 'reconnecting' && !this.#resuming) void this.#resume(false);
  }

  #onDisconnect(socket: Socket, reason: Socket.DisconnectReason): void {
    if (socket !== this.#socket) return;
    this.#queue.close();
    this.#ownTyping = false;
    const phase = this.#state.phase;
    if (phase === 'ended' || phase === 'idle') {
      // Nothing to come back to.
      this.#closeSocket();
      return;
    }
    this.#dispatch({ type: 'connection-lost' });
    // socket.io reconnects by itself, except after a disconnect from the server side (e.g. a relay shutting down
    // with a shared store, or a test): then this class does.
    if (reason === 'io server disconnect' && this.#state.phase === 'reconnecting') this.#scheduleReconnect(socket, 300 + Math.random() * 700);
  }

  #scheduleReconnect(socket: Socket, ms: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (socket !== this.#socket) return;
      if (!socket.connected) socket.connect();
      else if (this.#state.phase === 'reconnecting' && !this.#resuming) void this.#resume(false);
    }, ms);
  }

  /** `session:resume` on the current (connected) socket. */
  async #resume(reload: boolean): Promise<boolean> {
    const socket = this.#socket;
    const token = this.#store.get();
    if (!socket) return false;
    if (token === undefined) {
      this.#closeSocket();
      this.#dispatch({ type: 'resume-failed', error: localError('resume-expired'), reload });
      return false;
    }
    const res = await this.#takeBack('session:resume', { token, lastSeq: lastContiguousSeq(this.#state.items) });
    if (socket !== this.#socket) return false;
    if (res.ok) {
      this.#store.set(res.resumeToken);
      this.#functions.configure(res);
      for (const m of res.missed) if (m.from === 'customer') this.#queue.settle(m.clientId);
      // Revocations first; chat goes out once the state says connected (the relay handles events in order).
      this.#flushWithdrawals();
      this.#dispatch({ type: 'resumed', result: res, missed: res.missed });
      return true;
    }
    const failure = res.error;
    if (!reload && (failure === 'unreachable' || TRANSIENT.includes(failure.code))) {
      // Dropped again (socket.io reconnects and `connect` resumes) or the relay asked for patience.
      if (socket.connected) this.#scheduleReconnect(socket, failure !== 'unreachable' && failure.retryAfter ? failure.retryAfter : 1_000);
      return false;
    }
    if (failure !== 'unreachable') this.#store.clear();
    this.#closeSocket();
    this.#dispatch({ type: 'resume-failed', error: failure, reload });
    return false;
  }

  /** A resume or rejoin request; while it is on its way, nothing else goes out. */
  async #takeBack<E extends 'session:resume' | 'session:rejoin'>(name: E, payload: PayloadOf<E>): Promise<Answer<E>> {
    this.#resuming = true;
    try {
      return await this.#request(name, payload);
    } finally {
      this.#resuming = false;
    }
  }

  /** `session:rejoin` after the customer's restart, on the current (connected) socket. */
  async #rejoin(token: string): Promise<boolean> {
    const socket = this.#socket;
    const res = await this.#takeBack('session:rejoin', { token });
    if (socket !== this.#socket) return false;
    // The token works once: gone after a success and after any refusal.
    if (res.ok || res.error !== 'unreachable') this.#functions.forgetReboot();
    if (!res.ok) {
      this.#closeSocket();
      this.#dispatch({ type: 'resume-failed', error: res.error, reload: true });
      return false;
    }
    this.#store.set(res.resumeToken);
    this.#functions.configure(res);
    this.#dispatch({ type: 'rejoined', result: res });
    return true;
  }

  async #withdraw(what: FunctionId | 'all', reason?: ScreenStopReason): Promise<void> {
    const phase = this.#state.phase;
    if (this.#destroyed || (phase !== 'connected' && phase !== 'reconnecting')) return;
    if (this.#online()) {
      const res =
        what === 'all'
          ? await this.#request('consent:revoke-all', {})
          : await this.#request('consent:revoke', reason ? { fn: what, reason } : { fn: what });
      if (res.ok || res.error !== 'unreachable') return;
      if (this.#state.phase !== 'reconnecting' && this.#state.phase !== 'connected') return;
    }
    // Not reachable now: sent first thing after the resume.
    const pending = this.#withdrawals;
    if (what === 'all' || pending === 'all') this.#withdrawals = 'all';
    else if (pending) pending.add(what);
    else this.#withdrawals = new Set([what]);
  }

  #flushWithdrawals(): void {
    const pending = this.#withdrawals;
    this.#withdrawals = undefined;
    if (!pending) return;
    // Each request is on the wire when the call returns, ahead of anything sent later.
    if (pending === 'all') void this.#request('consent:revoke-all', {});
    else for (const fn of pending) void this.#request('consent:revoke', { fn });
  }

  /** Runs `event`, stamped with the current time, through the reducer and tells the listeners. */
  #dispatch(event: Unstamped<WidgetEvent>): void {
    const previous = this.#state;
    const { state, notices } = reduceWidget(previous, { ...event, now: Date.now() } as WidgetEvent);
    if (state === previous && notices.length === 0) return;
    this.#state = state;
    this.#afterChange(previous, state);
    const listeners = [...this.#listeners];
    const calls: Array<WidgetNotice | undefined> = notices.length > 0 ? notices : [undefined];
    for (const notice of calls) {
      for (const listener of listeners) {
        try {
          listener(state, notice);
        } catch (err) {
          // One failing listener must not stop the others, nor the session; the error still surfaces.
          setTimeout(() => {
            throw err;
          });
        }
      }
    }
  }

  /** Side effects of a state change: the queue, storage and timers follow the phase. */
  #afterChange(previous: WidgetState, state: WidgetState): void {
    if (state.phase === 'ended' && previous.phase !== 'ended') {
      this.#store.clear();
      this.#queue.clear();
      this.#withdrawals = undefined;
      this.setTyping(false);
    } else if (state.phase === 'connected' && previous.phase !== 'connected') {
      if (this.#socket?.connected) this.#queue.open();
    } else if (previous.phase === 'connected' && state.phase !== 'connected') {
      this.#queue.close();
    }
    this.#functions.afterChange(previous, state);
    if (!state.technicianTyping && this.#technicianTypingTimer !== undefined) {
      clearTimeout(this.#technicianTypingTimer);
      this.#technicianTypingTimer = undefined;
    }
  }
}

function queueEvent(update: QueueUpdate): Unstamped<WidgetEvent> {
  switch (update.type) {
    case 'sending':
      return { type: 'message-sending', clientId: update.clientId };
    case 'sent':
      return { type: 'message-sent', message: update.message };
    case 'failed':
      return { type: 'message-failed', clientId: update.clientId, error: update.error };
    case 'queued':
      return { type: 'message-requeued', clientId: update.clientId };
  }
}
