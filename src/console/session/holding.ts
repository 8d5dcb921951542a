/**
 * The session a console holds: creating one, picking a customer from the queue, re-attaching after a dropped
 * connection or a page reload (from what is kept in storage), ending it, and keeping the stored copy in step. It
 * remembers on which connection it last took hold of the session, so chat goes out only on that one.
 */
import type { FunctionId } from '../../protocol/functions.js';
import { retryDelay, TRANSIENT_ERRORS } from '../../ui/relay-retry.js';
import type { SessionCore } from './connection.js';
import type { ConsoleStore } from './storage.js';
import { hasLiveSession } from './views.js';

export class SessionHolding {
  readonly #core: SessionCore;
  readonly #store: ConsoleStore;
  /** Called once the session is held again on a new connection (what waited for it can go now). */
  readonly #attached: () => void;
  /** The connection on which this console last took hold of its session (create, pick, attach). */
  #holding = -1;

  constructor(core: SessionCore, store: ConsoleStore, attached: () => void) {
    this.#core = core;
    this.#store = store;
    this.#attached = attached;
  }

  /** Whether the session is held on the current connection. */
  get held(): boolean {
    return this.#holding === this.#core.link.generation;
  }

  /** Creates a session offering `functions` (default: all the relay offers); the state then has the code. */
  async createSession(functions?: FunctionId[]): Promise<boolean> {
    const core = this.#core;
    if (this.#refuseWhileLive('create')) return false;
    core.dispatch({ type: 'op-start', op: 'create', now: core.now() });
    const connection = core.link.generation;
    const res = await core.link.call('session:create', functions && functions.length > 0 ? { functions } : {});
    if (!res.ok) {
      core.dispatch({ type: 'op-failed', op: 'create', error: res.error, now: core.now() });
      return false;
    }
    core.dispatch({ type: 'created', result: res, now: core.now() });
    if (connection === core.link.generation) this.#holding = connection;
    this.persist();
    return true;
  }

  /** Asks the relay for the support queue again (it also sends every change by itself). */
  async refreshQueue(): Promise<boolean> {
    const res = await this.#core.link.call('queue:list', {});
    if (res.ok) this.#core.dispatch({ type: 'queue-listed', entries: res.entries });
    return res.ok;
  }

  /** Takes a waiting customer from the queue. */
  async pick(sessionId: string): Promise<boolean> {
    const core = this.#core;
    if (this.#refuseWhileLive('pick')) return false;
    core.dispatch({ type: 'op-start', op: 'pick', sessionId, now: core.now() });
    const connection = core.link.generation;
    const res = await core.link.call('queue:pick', { sessionId });
    if (!res.ok) {
      core.dispatch({ type: 'op-failed', op: 'pick', error: res.error, now: core.now() });
      // Someone else was quicker, or the customer left: show the line as it is now.
      if (res.error.code === 'not-found' || res.error.code === 'session-ended') void this.refreshQueue();
      return false;
    }
    core.dispatch({ type: 'picked', session: res.session, relay: { rtc: res.rtc, limits: res.limits }, now: core.now() });
    if (connection === core.link.generation) this.#holding = connection;
    this.persist();
    // The log began before this console was in the session (the customer queued).
    const log = await core.link.call('audit:fetch', {});
    if (log.ok) core.dispatch({ type: 'audit-fetched', entries: log.entries });
    return true;
  }

  /** Asks the relay for the messages customers left (it also sends each new one by itself). */
  async refreshInbox(): Promise<boolean> {
    const res = await this.#core.link.call('inbox:list', {});
    if (res.ok) this.#core.dispatch({ type: 'inbox-listed', messages: res.messages });
    return res.ok;
  }

  /** Asks the relay who of the technician's organisation is online, for a hand-off. */
  async listColleagues(): Promise<boolean> {
    const res = await this.#core.link.call('technicians:list', {});
    if (res.ok) this.#core.dispatch({ type: 'colleagues-listed', technicians: res.technicians });
    return res.ok;
  }

  /** Takes hold of a session a colleague handed to this technician (`session:handed`). */
  async take(sessionId: string): Promise<boolean> {
    if (this.#refuseWhileLive('attach')) return false;
    await this.#attach(sessionId);
    return this.held && this.#core.state.session?.id === sessionId;
  }

  /** Hands the session to a colleague of the same organisation; its grants end, and this console holds none after. */
  async handOff(technicianId: string): Promise<boolean> {
    const core = this.#core;
    core.dispatch({ type: 'op-start', op: 'handoff', now: core.now() });
    const res = await core.link.call('session:handoff', { technicianId });
    if (!res.ok) {
      core.dispatch({ type: 'op-failed', op: 'handoff', error: res.error, now: core.now() });
      // Gone offline meanwhile: show who is online now.
      if (res.error.code === 'not-found') void this.listColleagues();
      return false;
    }
    this.#holding = -1;
    core.dispatch({ type: 'handed-off', to: res.technician, now: core.now() });
    this.persist();
    return true;
  }

  /** Ends the session for good (also cancels a session whose code has not been used). */
  async end(): Promise<boolean> {
    const core = this.#core;
    core.dispatch({ type: 'op-start', op: 'end', now: core.now() });
    const res = await core.link.call('session:end', {});
    if (res.ok || res.error.code === 'session-ended') {
      // `session:ended` came before the acknowledgement; if it did not, the session ended while we were away.
      if (core.state.session?.state !== 'ended') core.dispatch({ type: 'ended-unseen', now: core.now() });
      core.dispatch({ type: 'op-done', op: 'end' });
      this.persist();
      return true;
    }
    core.dispatch({ type: 'op-failed', op: 'end', error: res.error, now: core.now() });
    return false;
  }

  /** A new connection is up: re-attaches the session in memory, or the one stored by an earlier page in this tab. */
  resume(): void {
    const session = this.#core.state.session;
    const sessionId = session ? (session.state === 'ended' ? undefined : session.id) : this.#store.session?.sessionId;
    if (sessionId) void this.#attach(sessionId);
  }

  /** Keeps the stored session in step with the state: the session while it lives (with its code while unused). */
  persist(): void {
    const state = this.#core.state;
    const session = state.session;
    if (!session || session.state === 'ended') {
      this.#store.session = undefined;
      return;
    }
    const code = session.state === 'open' ? state.code : undefined;
    this.#store.session = { sessionId: session.id, ...(code ? { code } : {}) };
  }

  /** One live session per console (as the relay has it): starting another is refused here, keeping the first on show. */
  #refuseWhileLive(op: 'create' | 'pick' | 'attach'): boolean {
    const core = this.#core;
    if (!hasLiveSession(core.state)) return false;
    core.dispatch({ type: 'op-failed', op, error: { code: 'invalid-state' }, now: core.now() });
    return true;
  }

  /**
   * `session:attach`; a transient refusal (`unavailable`, `timeout`, `internal`) is tried again with backoff on the
   * same connection, the attach staying pending (the console shows it reconnecting) until it is done.
   */
  async #attach(sessionId: string, attempt = 0): Promise<void> {
    const core = this.#core;
    if (attempt === 0) core.dispatch({ type: 'op-start', op: 'attach', sessionId, now: core.now() });
    const connection = core.link.generation;
    const res = await core.link.call('session:attach', { sessionId });
    if (connection !== core.link.generation) return; // the connection dropped meanwhile; the next one attaches again
    if (res.ok) {
      const stored = this.#store.session;
      const code = stored?.sessionId === sessionId ? stored.code : undefined;
      core.dispatch({
        type: 'attached',
        session: res.session,
        messages: res.messages,
        audit: res.audit,
        ...(code ? { code } : {}),
        relay: { rtc: res.rtc, limits: res.limits },
        now: core.now(),
      });
      this.#holding = connection;
      this.persist();
      this.#attached();
      return;
    }
    if (res.error.code === 'session-ended') {
      core.dispatch({ type: 'ended-unseen', now: core.now() });
    } else if (res.error.code === 'not-found') {
      core.dispatch({ type: 'forget-session' });
      core.dispatch({ type: 'op-failed', op: 'attach', error: res.error, now: core.now() });
    } else if (TRANSIENT_ERRORS.includes(res.error.code)) {
      core.dispatch({ type: 'op-failed', op: 'attach', error: res.error, retrying: true, now: core.now() });
      setTimeout(() => {
        if (connection === core.link.generation && core.state.pending?.op === 'attach') void this.#attach(sessionId, attempt + 1);
      }, retryDelay(attempt, res.error.retryAfter));
      return;
    } else {
      core.dispatch({ type: 'op-failed', op: 'attach', error: res.error, now: core.now() });
      return;
    }
    this.persist();
  }
}
