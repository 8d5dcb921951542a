/**
 * `use-refused` audit lines, collapsed: the first refusal of a function for an actor in a session is written at once;
 * the ones that follow within `refusalAuditWindowMs` under the same consent version are only counted, and one more
 * line at the window's end (or when the consent changes) says how many there were and when the first and the last came. A flood of refused events thus writes two lines per window,
 * not one per event. A window of 0 writes every refusal.
 */
import type { FunctionId, Role } from '../../protocol/index.js';
import type { SessionContext } from './context.js';

interface Streak {
  /** The consent version the streak began under: a refusal under another one starts a new streak. */
  version: number;
  event: string;
  error: string;
  count: number;
  firstAt: number;
  lastAt: number;
  timer: NodeJS.Timeout;
}

export class RefusalLog {
  readonly #ctx: SessionContext;
  /** By `<sessionId> <role> <fn>` (the fn is a schema-checked function id, the session id the relay's own). */
  readonly #streaks = new Map<string, Streak>();

  constructor(ctx: SessionContext) {
    this.#ctx = ctx;
  }

  async refused(sessionId: string, actor: Role, fn: FunctionId, version: number, event: string, error: string): Promise<void> {
    const windowMs = this.#ctx.opts.refusalAuditWindowMs;
    if (windowMs === 0) return this.#ctx.audit(sessionId, { actor, type: 'use-refused', fn, detail: `${event}: ${error}` });
    const key = `${sessionId} ${actor} ${fn}`;
    const now = Date.now();
    const streak = this.#streaks.get(key);
    if (streak && streak.version !== version) {
      // The consent changed since (a grant came or went): what is refused now is a new story, with a line of its own.
      clearTimeout(streak.timer);
      await this.#flush(key, sessionId, actor, fn);
    } else if (streak) {
      streak.count += 1;
      if (streak.count === 1) streak.firstAt = now;
      streak.lastAt = now;
      return;
    }
    const timer = setTimeout(() => void this.#flush(key, sessionId, actor, fn), windowMs);
    timer.unref();
    this.#streaks.set(key, { version, event, error, count: 0, firstAt: now, lastAt: now, timer });
    await this.#ctx.audit(sessionId, { actor, type: 'use-refused', fn, detail: `${event}: ${error}` });
  }

  /** The window is over: one line for the refusals it counted after the first. */
  async #flush(key: string, sessionId: string, actor: Role, fn: FunctionId): Promise<void> {
    const streak = this.#streaks.get(key);
    this.#streaks.delete(key);
    if (!streak || streak.count === 0 || this.#ctx.timers.closed) return;
    const when = `${new Date(streak.firstAt).toISOString()} – ${new Date(streak.lastAt).toISOString()}`;
    const detail = `${streak.event}: ${streak.error}, ${streak.count} more time${streak.count === 1 ? '' : 's'} (${when})`;
    try {
      await this.#ctx.audit(sessionId, { actor, type: 'use-refused', fn, detail });
    } catch (err) {
      this.#ctx.log.warn({ err, sessionId }, 'collapsed refusals not audited');
    }
  }

  /** Drops every streak (the relay closes): nothing more is written. */
  close(): void {
    for (const streak of this.#streaks.values()) clearTimeout(streak.timer);
    this.#streaks.clear();
  }
}
