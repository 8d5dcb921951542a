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
  #withdrawals: Set<FunctionId> | 'all' | undefined;

  constructor(core: SessionCore) {
    this.#core = core;
  }

  async withdraw(what: FunctionId | 'all', reason?: ScreenStopReason): Promise<void> {
    const core = this.#core;
    const phase = core.state().phase;
    if (phase !== 'connected' && phase !== 'reconnecting') return;
    if (core.online()) {
      const res =
        what === 'all'
          ? await core.link.request('consent:revoke-all', {})
          : await core.link.request('consent:revoke', reason ? { fn: what, reason } : { fn: what });
      if (res.ok || res.error !== 'unreachable') return;
      if (core.state().phase !== 'reconnecting' && core.state().phase !== 'connected') return;
    }
    // Not reachable now: sent first thing after the resume.
    const pending = this.#withdrawals;
    if (what === 'all' || pending === 'all') this.#withdrawals = 'all';
    else if (pending) pending.add(what);
    else this.#withdrawals = new Set([what]);
  }

  flush(): void {
    const pending = this.#withdrawals;
    this.#withdrawals = undefined;
    if (!pending) return;
    // Each request is on the wire when the call returns, ahead of anything sent later.
    if (pending === 'all') void this.#core.link.request('consent:revoke-all', {});
    else for (const fn of pending) void this.#core.link.request('consent:revoke', { fn });
  }

  /** Nothing left to revoke (the session is over). */
  clear(): void {
    this.#withdrawals = undefined;
  }
}
