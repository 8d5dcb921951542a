/**
 * The customer's revocations in a widget session: sent at once while the relay can be reached, and otherwise kept
 * (one function, several, or everything) and sent first thing after the resume, ahead of anything else.
 */
import type { FunctionId } from '../../protocol/functions.js';
import type { ScreenStopReason } from '../functions/screen-share.js';
import type { SessionCore } from './connection.js';

export class Withdrawals {
  readonly #core: SessionCore;
  /** Revocations asked for while the relay could not be reached; sent first thing after the resume. */
  #pending: Set<FunctionId> | 'all' | undefined;

  constructor(core: SessionCore) {
    this.#core = core;
  }

  async withdraw(what: FunctionId | 'all', reason?: ScreenStopReason): Promise<void> {
    const core = this.#core;
    const inSession = () => core.state().phase === 'connected' || core.state().phase === 'reconnecting';
    if (!inSession()) return;
    if (core.online()) {
      const res = await this.#send(what, reason);
      if (res.ok || res.error !== 'unreachable' || !inSession()) return;
    }
    // Not reachable now: sent first thing after the resume.
    const pending = this.#pending;
    if (what === 'all' || pending === 'all') this.#pending = 'all';
    else (this.#pending = pending ?? new Set()).add(what);
  }

  flush(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    // Each request is on the wire when the call returns, ahead of anything sent later.
    if (pending === 'all') void this.#send('all');
    else for (const fn of pending ?? []) void this.#send(fn);
  }

  /** Nothing left to revoke (the session is over). */
  clear(): void {
    this.#pending = undefined;
  }

  /** One revocation on the wire: everything, or one function (`reason`: why screen viewing stopped by itself). */
  #send(what: FunctionId | 'all', reason?: ScreenStopReason) {
    const link = this.#core.link;
    return what === 'all' ? link.request('consent:revoke-all', {}) : link.request('consent:revoke', { fn: what, reason });
  }
}
