/**
 * The log of events answered `unavailable` while the store is away. Every event of every socket is answered so
 * meanwhile: one line per UNAVAILABLE_LOG_MS says so (the first at once, then, at the end of each window, how many
 * more there were in it), not one per event, which would flood the log (and a journal's rate limit would then drop
 * lines such as Redis being back).
 */
import type { Logger } from 'pino';

export const UNAVAILABLE_LOG_MS = 10_000;

const MESSAGE = 'store unavailable: events answered unavailable';

interface Unavailable {
  event: string;
  socket: string;
  err: string;
}

export class UnavailableLog {
  readonly #logger: Logger;
  #loggedAt = -Infinity;
  /** Events answered unavailable since the last line, and the last of them. */
  #unlogged = 0;
  #last: Unavailable | undefined;
  #reportTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** One event answered `unavailable` because the store failed with `err`. */
  note(event: string, socketId: string, err: Error): void {
    const now = Date.now();
    const what = { event, socket: socketId, err: err.message };
    // After close, each line at once: no timer outlives the relay.
    if (this.#closed || now - this.#loggedAt >= UNAVAILABLE_LOG_MS) {
      this.#write(what, 0, now);
      return;
    }
    this.#unlogged++;
    this.#last = what;
    // Reported at the end of this window, also when the outage ended within it (no next outage's line carries it).
    if (!this.#reportTimer) {
      this.#reportTimer = setTimeout(() => this.#report(), this.#loggedAt + UNAVAILABLE_LOG_MS - now);
      this.#reportTimer.unref();
    }
  }

  /** The relay closes: what is not logged yet is logged now, and no line comes after. */
  close(): void {
    this.#closed = true;
    this.#report();
  }

  #report(): void {
    clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    if (this.#unlogged > 0 && this.#last) this.#write(this.#last, this.#unlogged, Date.now());
  }

  #write(what: Unavailable, moreSinceLastLine: number, now: number): void {
    this.#logger.warn({ ...what, moreSinceLastLine }, MESSAGE);
    this.#loggedAt = now;
    this.#unlogged = 0;
  }
}
