/**
 * Getting a widget session back: once the socket is connected again after a drop (socket-events.ts), `session:resume
 * { token, lastSeq }` brings the session back with what was missed; after a reload the same with the stored token, or
 * `session:rejoin` with the reboot token after the customer's restart. Revocations made while away go out first, then
 * queued chat messages, once and in order. While a resume or rejoin is on its way, nothing else goes out. A chunk of
 * its own: a customer whose connection never drops does not load it.
 */
import { newClientId, type WidgetChat } from './chat.js';
import type { SessionCore } from './connection.js';
import type { SessionFunctions } from './functions.js';
import { retryDelay, TRANSIENT_ERRORS } from '../../ui/relay-retry.js';
import { lastContiguousSeq, type Failure } from './reducer.js';
import type { ResumeStore } from './resume-store.js';
import { throwLater } from './throw-later.js';
import { failureCode, localError, type Answer, type PayloadOf } from './wire.js';
import type { Withdrawals } from './withdrawals.js';
import type { RelaySocket } from './ws-socket.js';

/** Relay errors on a resume that are worth another try rather than the end (a timeout shows as `unreachable`). */
const TRANSIENT: readonly string[] = ['rate-limited', ...TRANSIENT_ERRORS];

/** Tries of a resume after a reload that the relay could not answer just now (0.5 + 1 + 2 + 4 s of waiting). */
const RELOAD_TRIES = 5;

/** The parts of the session a resume brings back. */
export interface ResumeParts {
  store: ResumeStore;
  functions: SessionFunctions;
  chat: WidgetChat;
  withdrawals: Withdrawals;
  /** Closes the socket (and holds the chat). */
  close(): void;
  /** In `ms`: `socket` connects again, or (when connected) resumes again. */
  reconnect(socket: RelaySocket, ms: number): void;
}

export class SessionResume {
  readonly #core: SessionCore;
  readonly #parts: ResumeParts;
  #resuming = false;
  /** Resumes after a drop that the relay could not answer just now, since the last one that worked. */
  #attempts = 0;

  constructor(core: SessionCore, parts: ResumeParts) {
    this.#core = core;
    this.#parts = parts;
  }

  /** A resume or rejoin request is on its way. */
  get resuming(): boolean {
    return this.#resuming;
  }

  /**
   * `session:resume` on the current (connected) socket. An answer the session cannot take (its logic throws on it) is
   * the end, as a refusal is: the token goes, and the error is thrown later.
   */
  resume(reload: boolean): Promise<boolean> {
    return this.#resume(reload).catch((err: unknown) => {
      throwLater(err);
      return this.#fail(localError('internal'), reload, true);
    });
  }

  async #resume(reload: boolean): Promise<boolean> {
    const core = this.#core;
    const { store, functions, chat } = this.#parts;
    const socket = core.link.socket;
    const token = store.get();
    if (!socket) return false;
    if (token === undefined) {
      this.#parts.close();
      core.dispatch({ type: 'resume-failed', error: localError('resume-expired'), reload });
      return false;
    }
    // The same id with every resume of this token, also after a reload (resume-store.ts): a retry of one whose answer
    // never came (lost, or later than the ack timeout) gets the token that answer carried (PROTOCOL §10.2).
    const resumeId = (store.resumeId ??= newClientId());
    const res = await this.#takeBack('session:resume', { token, lastSeq: lastContiguousSeq(core.state().items), resumeId });
    if (socket !== core.link.socket) return false;
    if (res.ok) {
      this.#attempts = 0;
      store.set(res.resumeToken);
      functions.configure(res);
      chat.settle(res.missed);
      // Revocations first; chat goes out once the state says connected (the relay handles events in order).
      this.#parts.withdrawals.flush();
      core.dispatch({ type: 'resumed', result: res, missed: res.missed });
      return true;
    }
    const failure = res.error;
    const code = failureCode(failure);
    const transient = TRANSIENT.includes(code);
    const delay = () => retryDelay(this.#attempts++, failure !== 'unreachable' ? failure.retryAfter : undefined);
    if (!reload && (code === 'unreachable' || transient)) {
      // Dropped again (socket.io reconnects and `connect` resumes) or the relay asked for patience: tried again with
      // backoff, the widget showing that it reconnects meanwhile.
      if (socket.connected) this.#parts.reconnect(socket, delay());
      return false;
    }
    if (reload && transient && this.#attempts < RELOAD_TRIES - 1) {
      // After a reload: tried again with backoff on the same connection while the widget shows it connecting.
      await new Promise((resolve) => setTimeout(resolve, delay()));
      if (socket !== core.link.socket) return false;
      if (socket.connected) return this.#resume(true);
    }
    // The token stays while the relay could not answer: a reload may try again within the grace period.
    return this.#fail(failure, reload, code !== 'unreachable' && !transient);
  }

  /** The end of a resume that did not work: the socket closes, and the token goes with `dropToken`. */
  #fail(error: Failure, reload: boolean, dropToken: boolean): false {
    this.#attempts = 0;
    if (dropToken) this.#parts.store.clear();
    this.#parts.close();
    this.#core.dispatch({ type: 'resume-failed', error, reload });
    return false;
  }

  /** `session:rejoin` after the customer's restart, on the current (connected) socket. */
  async rejoin(token: string): Promise<boolean> {
    const core = this.#core;
    const { store, functions } = this.#parts;
    const socket = core.link.socket;
    const res = await this.#takeBack('session:rejoin', { token });
    if (socket !== core.link.socket) return false;
    // The token works once: gone after a success and after any refusal.
    if (res.ok || res.error !== 'unreachable') store.clearReboot();
    if (!res.ok) {
      this.#parts.close();
      core.dispatch({ type: 'resume-failed', error: res.error, reload: true });
      return false;
    }
    store.set(res.resumeToken);
    functions.configure(res);
    core.dispatch({ type: 'rejoined', result: res });
    return true;
  }

  /** A resume or rejoin request; while it is on its way, nothing else goes out. */
  async #takeBack<E extends 'session:resume' | 'session:rejoin'>(name: E, payload: PayloadOf<E>): Promise<Answer<E>> {
    this.#resuming = true;
    try {
      return await this.#core.link.request(name, payload);
    } finally {
      this.#resuming = false;
    }
  }
}
