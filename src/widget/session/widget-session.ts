/**
 * WidgetSession: the customer's side of a remote-support session over socket.io-client, for the widget's elements.
 * It owns the socket, the resume token, the outgoing message queue and a few timers; the state itself comes from
 * the pure reducer (reducer.ts), and elements only read `state`, `subscribe` to changes and call the actions.
 *
 * Actions never throw and never reject: whatever goes wrong shows in `state` (`error`, a message's `status`).
 *
 * This class is the composition and the public API; each concern is its own module: the connection
 * (`connection.ts`: opens a socket to `${server}/customer`), the start of a session on it (`joining.ts`: `join` /
 * `joinQueue` / `tryResume`, one at a time; a failed first connection is not retried behind the customer's back), what
 * each socket says (`socket-events.ts`: the relay's events, the drop and the way back), resume and rejoin after a drop
 * or a reload (`resume.ts`, imported only then), revocations kept while away (`withdrawals.ts`), the chat queue and
 * typing (`chat.ts`) and the functions (`functions.ts`). The resume token (rotated by every resume) lives in the given Storage so a reload can
 * `tryResume()`; it is removed as soon as the session ends and by `reset()`.
 */
import type { RatingScore } from '../../protocol/constants.js';
import type { ScreenStopReason } from '../functions/screen-share.js';
import { isFunctionId, type FunctionId } from '../../protocol/functions.js';
import { WidgetChat } from './chat.js';
import { WidgetConnection, type SessionCore } from './connection.js';
import { initialWidgetState, reduceWidget, type WidgetEvent } from './reducer.js';
import { SessionFunctions } from './functions.js';
import { joinWith, start, type JoiningContext } from './joining.js';
import { ResumeStore } from './resume-store.js';
import { loadResume, reconnectIn, wireSocket, type SocketContext } from './socket-events.js';
import { failureCode, UNREACHABLE, type Unstamped } from './wire.js';
import { throwLater } from './throw-later.js';
import { Withdrawals } from './withdrawals.js';
import type { Transcript, WidgetNotice, WidgetSessionLike, WidgetSessionOptions, WidgetState } from './types.js';

type Listener = (state: WidgetState, notice?: WidgetNotice) => void;

export { WIDGET_SESSION_DEFAULTS } from './wire.js';

export class WidgetSession implements WidgetSessionLike {
  readonly #store: ResumeStore;
  readonly #listeners = new Set<Listener>();
  readonly #link: WidgetConnection;
  readonly #chat: WidgetChat;
  readonly #functions: SessionFunctions;
  readonly #withdrawals: Withdrawals;
  /** What a start (joining.ts) and the socket's handlers (socket-events.ts) work with; they keep their state in it. */
  readonly #ctx: SocketContext & JoiningContext;
  #state: WidgetState = initialWidgetState();
  #destroyed = false;

  constructor(options: WidgetSessionOptions) {
    this.#store = new ResumeStore(options.server, options.storage, options.rebootStorage);
    this.#link = new WidgetConnection({ ...options, wire: (socket) => wireSocket(this.#ctx, socket) });
    const core: SessionCore = {
      state: () => this.#state,
      dispatch: (event) => this.#dispatch(event),
      link: this.#link,
      online: () => this.#online(),
    };
    this.#chat = new WidgetChat(core, options);
    this.#withdrawals = new Withdrawals(core);
    this.#functions = new SessionFunctions(
      {
        ...core,
        request: (name, payload) => this.#link.request(name, payload),
        revoke: (fn, reason) => void this.#withdraw(fn, reason),
        keepReboot: (token, expiresAt) => this.#store.saveReboot(token, expiresAt),
      },
      options,
    );
    const ctx: SocketContext & JoiningContext = (this.#ctx = {
      ...core,
      store: this.#store, functions: this.#functions, chat: this.#chat, withdrawals: this.#withdrawals,
      close: () => this.#closeSocket(),
      reconnect: (socket, ms) => reconnectIn(ctx, socket, ms),
      destroyed: () => this.#destroyed,
    });
  }

  get state(): WidgetState {
    return this.#state;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  // ── joining ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Joins with a session code (spaces and dashes in a pasted code are ignored). */
  async join(code: string): Promise<void> {
    const digits = code.replace(/[\s-]/g, '');
    await joinWith(this.#ctx, 'session:join', { code: digits }, /^\d{4,12}$/.test(digits));
  }

  /** Joins the support queue without a code; `queue:position` updates follow while waiting. */
  async joinQueue(name: string, description: string): Promise<void> {
    await joinWith(this.#ctx, 'queue:join', { name, description });
  }

  /** Leaves the queue (the relay ends the queued session) and goes back to idle without a trace. */
  async leaveQueue(): Promise<void> {
    const phase = this.#state.phase;
    if (phase === 'waiting') await this.#link.request('queue:leave', {});
    if (phase === 'waiting' || phase === 'reconnecting') this.reset();
  }

  /**
   * Resumes a session this tab was in before a reload (resume token in session storage), or rejoins the session after
   * the customer's restart (reboot token in local storage); false when there is none or it is over.
   */
  async tryResume(): Promise<boolean> {
    if (this.#state.phase !== 'idle') return false;
    let reboot: string | undefined;
    if (this.#store.get() === undefined) {
      reboot = this.#store.rebootToken();
      if (reboot === undefined) return false; // nor a reboot token
    }
    // Loaded while the socket connects; without it the session cannot come back now (the token stays for another try).
    const loading = loadResume(this.#ctx).catch(() => undefined);
    return start(
      this.#ctx,
      async () => {
        const resume = await loading;
        if (!resume) return 'unreachable';
        return reboot === undefined ? resume.resume(true) : resume.rejoin(reboot);
      },
      (error) => {
        // An unreachable relay may come back within the grace period: the token stays for another try.
        if (error !== 'unreachable') {
          this.#store.clear();
          this.#store.clearReboot();
        }
        this.#dispatch({ type: 'resume-failed', error, reload: true });
      },
    );
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

  // ── consent and functions ─────────────────────────────────────────────────────────────────────────────────────

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

  shareScreen(): void {
    if (this.#online()) this.#functions.shareScreen();
  }

  sendFiles(files: Iterable<File>): void {
    if (this.#online()) this.#functions.sendFiles(files);
  }

  acceptFile(id: string): void {
    this.#functions.known((t) => t.accept(id));
  }

  declineFile(id: string): void {
    this.#functions.known((t) => t.decline(id));
  }

  cancelFile(id: string): void {
    this.#functions.known((t) => t.cancel(id));
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
    const res = phase !== 'reconnecting' ? await this.#link.request('session:end', {}) : UNREACHABLE;
    // The relay's `session:ended` comes before its ack, so the end here is only a safety net; without the relay's word
    // the socket is closed.
    if (!res.ok && failureCode(res.error) !== 'session-ended') this.#closeSocket();
    this.#dispatch({ type: 'ended-locally', by: 'customer', reason: 'customer-ended' });
  }

  /** Rates the session; false when the relay did not take it (or record.ts, a chunk of its own, could not be loaded). */
  rate(score: RatingScore, comment: string): Promise<boolean> {
    return import('./record.js').then(({ rateSession }) => rateSession(this.#link, score, comment), () => false);
  }

  /**
   * The chat and the consent/audit log from the relay; what this widget saw itself when the relay cannot say (as it
   * was at the call). Rejects when record.ts, a chunk of its own (the end's, off the English path), cannot be loaded.
   */
  transcript(): Promise<Transcript> {
    const state = this.#state;
    const askRelay = !this.#ctx.busy;
    return import('./record.js').then(({ sessionTranscript }) => sessionTranscript(state, this.#link, askRelay));
  }

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
    this.#teardown(true);
    this.#store.clear();
    this.#dispatch({ type: 'reset' });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#teardown(false);
    this.#listeners.clear();
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** Nothing keeps running (`clear`: the stored reboot token goes too). */
  #teardown(clear: boolean): void {
    this.#closeSocket();
    this.#chat.clear();
    this.#withdrawals.clear();
    this.#functions.reset();
    if (clear) this.#store.clearReboot();
  }

  /** In an active session with a live connection. */
  #online(): boolean {
    return !this.#destroyed && this.#state.phase === 'connected' && this.#link.socket?.connected === true && !this.#ctx.resume?.resuming;
  }

  #withdraw(what: FunctionId | 'all', reason?: ScreenStopReason): Promise<void> {
    return this.#destroyed ? Promise.resolve() : this.#withdrawals.withdraw(what, reason);
  }

  #closeSocket(): void {
    this.#chat.closed();
    this.#link.close();
  }

  /** Runs `event`, stamped with the current time, through the reducer and tells the listeners. */
  #dispatch(event: Unstamped<WidgetEvent>): void {
    const previous = this.#state;
    const { state, notices } = reduceWidget(previous, { ...event, now: Date.now() } as WidgetEvent);
    if (state === previous && notices.length === 0) return;
    this.#state = state;
    this.#afterChange(previous, state);
    const listeners = [...this.#listeners];
    for (const notice of notices.length > 0 ? notices : [undefined]) {
      for (const listener of listeners) {
        try {
          listener(state, notice);
        } catch (err) {
          // One failing listener must not stop the others, nor the session; the error still surfaces.
          throwLater(err);
        }
      }
    }
  }

  /** Side effects of a state change: the queue, storage and timers follow the phase. */
  #afterChange(previous: WidgetState, state: WidgetState): void {
    if (state.phase === 'ended' && previous.phase !== 'ended') {
      this.#store.clear();
      this.#withdrawals.clear();
      this.#store.clearReboot();
    }
    this.#chat.afterChange(previous, state);
    this.#functions.afterChange(previous, state);
  }
}
