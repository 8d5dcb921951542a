/**
 * WidgetSession: the customer's side of a remote-support session over socket.io-client, for the widget's elements.
 * It owns the socket, the resume token, the outgoing message queue and a few timers; the state itself comes from
 * the pure reducer (reducer.ts), and elements only read `state`, `subscribe` to changes and call the actions.
 *
 * Actions never throw and never reject: whatever goes wrong shows in `state` (`error`, a message's `status`).
 *
 * This class is the composition and the public API; each concern is its own module: the connection
 * (`connection.ts`: `join` / `joinQueue` / `tryResume` open a socket to `${server}/customer`, and a failed first
 * connection is not retried behind the customer's back), resume and rejoin after a drop or a reload (`resume.ts`),
 * revocations kept while away (`withdrawals.ts`), the chat queue and typing (`chat.ts`) and the functions
 * (`functions.ts`). The resume token (rotated by every resume) lives in the given Storage so a reload can
 * `tryResume()`; it is removed as soon as the session ends and by `reset()`.
 */
import type { Socket } from 'socket.io-client';
import type { RatingScore } from '../../protocol/constants.js';
import type { ScreenStopReason } from '../functions/screen-share.js';
import { isFunctionId, type FunctionId } from '../../protocol/functions.js';
import { WidgetChat } from './chat.js';
import { WidgetConnection, type SessionCore } from './connection.js';
import { RELAY_EVENT_NAMES, initialWidgetState, reduceWidget, type Failure, type RelayEvent, type RelayEventName, type WidgetEvent } from './reducer.js';
import { SessionFunctions } from './functions.js';
import { rateSession, sessionTranscript } from './record.js';
import { SessionResume } from './resume.js';
import { ResumeStore } from './resume-store.js';
import { localError, UNREACHABLE, type Answer, type PayloadOf, type Unstamped } from './wire.js';
import { Withdrawals } from './withdrawals.js';
import type { Transcript, WidgetNotice, WidgetSessionLike, WidgetSessionOptions, WidgetState } from './types.js';


type Listener = (state: WidgetState, notice?: WidgetNotice) => void;

export const WIDGET_SESSION_DEFAULTS = {
  ackTimeoutMs: 10_000,
  typingTimeoutMs: 8_000,
  ownTypingIdleMs: 5_000,
} as const;

export class WidgetSession implements WidgetSessionLike {
  readonly #store: ResumeStore;
  readonly #listeners = new Set<Listener>();
  readonly #link: WidgetConnection;
  readonly #chat: WidgetChat;
  readonly #functions: SessionFunctions;
  readonly #withdrawals: Withdrawals;
  readonly #resume: SessionResume;
  #state: WidgetState = initialWidgetState();
  /** A join, queue join or reload resume is under way. */
  #busy = false;
  #destroyed = false;

  constructor(options: WidgetSessionOptions) {
    this.#store = new ResumeStore(options.server, options.storage);
    this.#link = new WidgetConnection({
      server: options.server,
      socketOptions: options.socketOptions ?? {},
      ackTimeoutMs: options.ackTimeoutMs ?? WIDGET_SESSION_DEFAULTS.ackTimeoutMs,
      wire: (socket) => this.#wire(socket),
    });
    const core: SessionCore = {
      state: () => this.#state,
      dispatch: (event) => this.#dispatch(event),
      link: this.#link,
      online: () => this.#online(),
    };
    this.#chat = new WidgetChat(core, {
      typingTimeoutMs: options.typingTimeoutMs ?? WIDGET_SESSION_DEFAULTS.typingTimeoutMs,
      ownTypingIdleMs: options.ownTypingIdleMs ?? WIDGET_SESSION_DEFAULTS.ownTypingIdleMs,
    });
    this.#withdrawals = new Withdrawals(core);
    this.#functions = new SessionFunctions(
      {
        state: () => this.#state,
        request: (name, payload) => this.#link.request(name, payload),
        dispatch: (event) => this.#dispatch(event),
        revoke: (fn, reason) => void this.#withdraw(fn, reason),
      },
      options,
    );
    this.#resume = new SessionResume(core, {
      store: this.#store,
      functions: this.#functions,
      chat: this.#chat,
      withdrawals: this.#withdrawals,
      close: () => this.#closeSocket(),
    });
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
    if (this.#state.phase === 'waiting') await this.#link.request('queue:leave', {});
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
      const opened = await this.#link.openConnected();
      if (opened === undefined) return false;
      if (!isSocket(opened)) {
        const failure = opened;
        // An unreachable relay may come back within the grace period: the token stays for another try.
        if (failure !== 'unreachable') {
          this.#store.clear();
          this.#functions.forgetReboot();
        }
        this.#closeSocket();
        this.#dispatch({ type: 'resume-failed', error: failure, reload: true });
        return false;
      }
      return reboot === undefined ? await this.#resume.resume(true) : await this.#resume.rejoin(reboot);
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
    return this.#destroyed ? '' : this.#chat.send(text);
  }

  retry(clientId: string): void {
    if (!this.#destroyed) this.#chat.retry(clientId);
  }

  /** Tells the technician the customer is typing; `false` is sent by itself after a pause or with the message. */
  setTyping(typing: boolean): void {
    this.#chat.setTyping(typing);
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
    await this.#link.request('consent:decide', { promptId, allow });
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
    const res = phase !== 'reconnecting' && this.#link.socket?.connected ? await this.#link.request('session:end', {}) : UNREACHABLE;
    // The relay's `session:ended` comes before its ack, so the end here is only a safety net; without the relay's word
    // the socket is closed.
    if (!res.ok && (res.error === 'unreachable' || res.error.code !== 'session-ended')) this.#closeSocket();
    this.#dispatch({ type: 'ended-locally', by: 'customer', reason: 'customer-ended' });
  }

  rate(score: RatingScore, comment: string): Promise<boolean> {
    return rateSession(this.#link, score, comment);
  }

  /** The chat and the consent/audit log from the relay; what this widget saw itself when the relay cannot say. */
  transcript(): Promise<Transcript> {
    return sessionTranscript(this.#state, this.#link, !this.#busy);
  }

  // ── the end of the object ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Back to idle: a session still going is ended at the relay (best effort), the socket is closed, and the resume
   * token is removed from storage.
   */
  reset(): void {
    const phase = this.#state.phase;
    const socket = this.#link.socket;
    if ((phase === 'waiting' || phase === 'connected') && socket?.connected) {
      // The socket is let go at once (nothing it hears reaches the state), and closed once the relay has the end:
      // socket.io drops events that arrive just before the client's disconnect.
      this.#link.release();
      socket.timeout(this.#link.ackTimeoutMs).emit('session:end', {}, () => socket.disconnect());
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
    this.#chat.clear();
    this.#withdrawals.clear();
  }

  #mayStart(): boolean {
    return !this.#destroyed && !this.#busy && (this.#state.phase === 'idle' || this.#state.phase === 'ended');
  }

  /** In an active session with a live connection. */
  #online(): boolean {
    return !this.#destroyed && this.#state.phase === 'connected' && this.#link.socket?.connected === true && !this.#resume.resuming;
  }

  #withdraw(what: FunctionId | 'all', reason?: ScreenStopReason): Promise<void> {
    return this.#destroyed ? Promise.resolve() : this.#withdrawals.withdraw(what, reason);
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
      const res: Answer<'session:join' | 'queue:join'> = await this.#link.request(name, payload);
      if (socket !== this.#link.socket) return;
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
    const socket = await this.#link.openConnected();
    if (socket === undefined || isSocket(socket)) return socket;
    this.#failJoin(socket);
    return undefined;
  }

  /** The session's handlers on a new socket. */
  #wire(socket: Socket): void {
    for (const name of RELAY_EVENT_NAMES) socket.on(name, (payload: unknown) => this.#fromRelay(socket, name, payload));
    this.#functions.listen(socket, () => socket === this.#link.socket);
    socket.on('connect', () => this.#resume.connected(socket));
    socket.on('disconnect', (reason) => {
      if (socket !== this.#link.socket) return;
      this.#chat.dropped();
      this.#resume.disconnected(socket, reason);
    });
  }

  #closeSocket(): void {
    this.#chat.closed();
    this.#link.close();
  }

  #fromRelay(socket: Socket, name: RelayEventName, payload: unknown): void {
    if (socket !== this.#link.socket || typeof payload !== 'object' || payload === null) return;
    if (name === 'control:event' && !this.#functions.allows(name)) return;
    if (name === 'chat:typing') {
      const info = payload as { from?: unknown; typing?: unknown };
      if (info.from === 'technician' && info.typing === true) this.#chat.technicianTyping();
    }
    this.#dispatch({ type: 'relay', name, payload } as Unstamped<RelayEvent>);
    if (name === 'chat:message') this.#chat.fillGap();
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
      this.#withdrawals.clear();
    }
    this.#chat.afterChange(previous, state);
    this.#functions.afterChange(previous, state);
  }
}

function isSocket(value: Socket | Failure): value is Socket {
  return typeof value === 'object' && 'connected' in value;
}
