/**
 * What keeps sessions right when relay processes share a store and one of them dies: its timers and its sockets die
 * with it. Every process, every `sweepIntervalMs`:
 *
 * 1. heartbeats (the store keeps when each process was last seen);
 * 2. records drops that the store could not record when they happened (it was unavailable);
 * 3. settles the sessions whose next deadline has passed (code expiry, end of a grace period, consent deadlines).
 *    The process that set a timer for it normally got there first and this finds nothing to do. Each due session
 *    is leased to one process at a time, and settling is idempotent anyway: every change is an atomic updateSession
 *    that re-checks the condition;
 * 4. takes a process without a heartbeat for `processTimeoutMs` for dead: each participant it held counts as dropped
 *    from now (the other side is told, the grace period starts; a resume or attach on any process cancels that).
 *    Only a process that has itself been in touch with the store for that long judges others, so that after a Redis
 *    outage the processes do not take each other for dead.
 *
 * A process that was only stalled, and learns from its next heartbeat that the others took it for dead, calls
 * `onTakenForDead`: the relay then disconnects its sockets, whose clients reconnect and resume (presence is
 * recorded again) instead of being ended at the end of a grace period they knew nothing of.
 */
import type { Logger } from 'pino';
import { nodeOf } from './codes.js';
import type { Presence } from './session/presence.js';
import { StoreUnavailableError, type SharedStore } from './store.js';

export interface SweepSettings {
  sweepIntervalMs: number;
  processTimeoutMs: number;
}

/** Due sessions claimed per round trip. */
const BATCH = 100;

export class Sweeper {
  readonly #store: SharedStore;
  readonly #presence: Presence;
  readonly #node: string;
  readonly #settings: SweepSettings;
  readonly #log: Logger;
  readonly #onTakenForDead: () => void;
  #interval: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** Since when every heartbeat reached the store (undefined while it is unavailable). */
  #inTouchSince: number | undefined;

  constructor(store: SharedStore, presence: Presence, node: string, settings: SweepSettings, log: Logger, onTakenForDead: () => void) {
    this.#store = store;
    this.#presence = presence;
    this.#node = node;
    this.#settings = settings;
    this.#log = log;
    this.#onTakenForDead = onTakenForDead;
  }

  start(): void {
    this.#interval = setInterval(() => void this.sweep(), this.#settings.sweepIntervalMs);
    this.#interval.unref();
    void this.sweep();
  }

  /** One sweep (joins the one under way, if any). Never rejects. */
  sweep(): Promise<void> {
    this.#running ??= this.#sweep()
      .catch((err: unknown) => {
        if (err instanceof StoreUnavailableError) this.#log.debug({ err: err.message }, 'sweep stopped: store unavailable');
        else this.#log.error({ err }, 'sweep failed');
      })
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Stops sweeping and says goodbye, so that no other process takes this one for dead. */
  async stop(): Promise<void> {
    clearInterval(this.#interval);
    await this.#running;
    await this.#store.forgetNode(this.#node).catch(() => undefined);
  }

  async #sweep(): Promise<void> {
    const now = Date.now();
    let takenForDead: boolean;
    try {
      takenForDead = await this.#store.heartbeat(this.#node, now);
    } catch (err) {
      this.#inTouchSince = undefined;
      throw err;
    }
    if (takenForDead) {
      this.#log.warn('this relay process was taken for dead by the others: disconnecting its sockets so that they resume');
      this.#onTakenForDead();
    }
    this.#inTouchSince ??= now;
    await this.#presence.retryDrops();
    const leaseUntil = now + 5 * this.#settings.sweepIntervalMs;
    for (let more = true; more; ) {
      const due = await this.#store.claimDue(now, BATCH, leaseUntil);
      for (const sessionId of due) await this.#settle(sessionId);
      more = due.length === BATCH;
    }
    const timeout = this.#settings.processTimeoutMs;
    if (now - this.#inTouchSince < timeout) return;
    const dead = (await this.#store.staleNodes(now - timeout)).filter((node) => node !== this.#node);
    if (dead.length > 0) await this.#takeOver(new Set(dead));
  }

  /** Settles one session; a failure other than the store's own is logged and does not stop the sweep. */
  async #settle(sessionId: string): Promise<void> {
    try {
      await this.#presence.settle(sessionId);
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      this.#log.error({ err, sessionId }, 'settling a session failed');
    }
  }

  /** The participants that dead processes held are dropped; then the processes are forgotten. */
  async #takeOver(dead: Set<string>): Promise<void> {
    this.#log.warn({ nodes: [...dead] }, 'relay processes gone: their connections count as dropped');
    for (const s of await this.#store.liveSessions()) {
      if (s.customerPresent && s.customerConn && dead.has(nodeOf(s.customerConn))) {
        await this.#presence.dropConnection(s.id, 'customer', s.customerConn);
      }
      if (s.technicianPresent && s.technicianConn && dead.has(nodeOf(s.technicianConn))) {
        await this.#presence.dropConnection(s.id, 'technician', s.technicianConn);
      }
    }
    for (const node of dead) await this.#store.declareDead(node);
  }
}
