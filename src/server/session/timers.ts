/**
 * The timers of every session on this process (code expiry, grace periods, consent deadlines, keeping an ended
 * session): at most one of each kind per session. On a shared store a timer that could not run is run by the next
 * sweep (cluster.ts).
 */
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../store.js';

export interface Timers {
  consent?: NodeJS.Timeout;
  code?: NodeJS.Timeout;
  customer?: NodeJS.Timeout;
  technician?: NodeJS.Timeout;
  retain?: NodeJS.Timeout;
}

export class SessionTimers {
  readonly #timers = new Map<string, Timers>();
  readonly #log: Logger;
  #closed = false;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** True once `close()` ran: no timer is set any more. */
  get closed(): boolean {
    return this.#closed;
  }

  set(sessionId: string, kind: keyof Timers, ms: number, run: () => Promise<unknown>): void {
    if (this.#closed) return;
    this.clear(sessionId, kind);
    let timers = this.#timers.get(sessionId);
    if (!timers) this.#timers.set(sessionId, (timers = {}));
    const handle = setTimeout(() => {
      const t = this.#timers.get(sessionId);
      if (t?.[kind] === handle) {
        delete t[kind];
        if (Object.keys(t).length === 0) this.#timers.delete(sessionId);
      }
      // On a shared store a timer that could not run is run by the next sweep (cluster.ts).
      run().catch((err: unknown) => this.#log[err instanceof StoreUnavailableError ? 'warn' : 'error']({ err, sessionId, kind }, 'timer failed'));
    }, Math.min(ms, 2 ** 31 - 1));
    handle.unref();
    timers[kind] = handle;
  }

  clear(sessionId: string, kind: keyof Timers): void {
    const timers = this.#timers.get(sessionId);
    if (timers?.[kind]) {
      clearTimeout(timers[kind]);
      delete timers[kind];
    }
  }

  clearAll(sessionId: string): void {
    const timers = this.#timers.get(sessionId);
    if (!timers) return;
    for (const handle of Object.values(timers) as NodeJS.Timeout[]) clearTimeout(handle);
    this.#timers.delete(sessionId);
  }

  /** Stops all timers; later ones are not set. */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#timers.keys()]) this.clearAll(id);
  }
}
