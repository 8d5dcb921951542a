/**
 * Consent across relay processes: once the customer's revocation, Stop sharing or Disconnect is acknowledged, no use
 * of a function that passed the consent gate before it is still on its way to the customer.
 *
 * With one process this holds by itself (a use is handed to the customer's socket as soon as it passed the gate). On
 * a shared store a use travels through the Redis stream, and a technician's use and the customer's revocation are
 * handled by different processes at the same time. So (redis-scripts.ts `rswForwardUse`, `rswRaiseFence`):
 *
 * 1. Each session has a fence, raised whenever the customer takes something back. A technician's use reads it as
 *    it comes in, before the gate.
 * 2. The use is forwarded (written into the stream) by a script that first checks the fence: if the customer took
 *    something back meanwhile, the use is not forwarded and the technician hears `not-granted`.
 * 3. The customer's taking back raises the fence and writes a marker into the stream in the same step, and is
 *    acknowledged only once this process has delivered the stream up to that marker: every use forwarded before the
 *    fence went up has then reached the customer's socket.
 *
 * 4. A technician's file chunk goes to the customer with an acknowledgement, which the adapter sends by Redis pub/sub,
 *    outside the stream and its markers. So the customer's process asks the store, as a chunk comes in, whether the
 *    session's file transfer is still live, and drops it when not (`admit`). Taking back changes the session before
 *    its acknowledgement, on the same Redis connection: a chunk let through was handed to the customer's socket
 *    before that acknowledgement, and every later one is dropped.
 *
 * On the memory store there is nothing of this: a use goes to the customer's socket straight away (outbox.ts).
 */
import type { Logger } from 'pino';
import { CUSTOMER_NAMESPACE, isLive } from '../protocol/index.js';
import type { RedisConnection } from './redis-connection.js';
import type { Caller } from './session/index.js';
import type { SharedStore } from './store.js';
import type { StreamEntry } from './stream-entries.js';

/** A technician's events that use a function on the customer's side. */
const USES = new Set(['screen:signal', 'control:event', 'sysinfo:request', 'reboot:request', 'file:offer']);
/** A customer's events that take something back. */
const TAKING_BACK = new Set(['consent:revoke', 'consent:revoke-all', 'session:end']);
/** How long an acknowledgement waits for this process to read the stream up to its marker. */
const READ_PAST_TIMEOUT_MS = 3000;


export class UseForwarding {
  readonly #store: SharedStore;
  readonly #redis: RedisConnection;
  readonly #log: Logger;
  /** The fence each caller's current event read as it came in. */
  readonly #fences = new WeakMap<Caller, Promise<string>>();

  constructor(store: SharedStore, redis: RedisConnection, log: Logger) {
    this.#store = store;
    this.#redis = redis;
    this.#log = log;
  }

  /** An event of `caller` is about to be handled (before anything else reaches the store for it). */
  arriving(caller: Caller, event: string): void {
    if (caller.role !== 'technician' || !caller.sessionId || !USES.has(event)) return;
    const fence = this.#store.readFence(caller.sessionId);
    // Awaited by `forward` only if the use passes the gate.
    fence.catch(() => undefined);
    this.#fences.set(caller, fence);
  }

  /**
   * Forwards `caller`'s use to the customer as `entry` (read by every process); false when the customer took
   * something back since it came in.
   */
  async forward(caller: Caller, sessionId: string, payload: unknown, entry: StreamEntry): Promise<boolean> {
    const fence = await (this.#fences.get(caller) ?? this.#store.readFence(sessionId));
    return this.#store.forwardUse(sessionId, fence, payload, entry);
  }

  /** Whether a technician's `event` with an acknowledgement may reach the customer of `sessionId` now (see (4)). */
  async admit(event: string, sessionId: string | undefined): Promise<boolean> {
    if (event !== 'file:chunk') return true;
    const record = sessionId === undefined ? undefined : await this.#store.getSession(sessionId);
    return record?.state === 'active' && isLive(record.consent, 'file-transfer');
  }

  /** Before `caller`'s event is acknowledged with `result`: if it took something back, see the class comment (3). */
  async takenBack(caller: Caller, event: string, result: object): Promise<void> {
    if (caller.role !== 'customer' || !caller.sessionId || !TAKING_BACK.has(event)) return;
    if ((result as { ok?: unknown }).ok !== true) return;
    const marker = await this.#store.raiseFence(caller.sessionId, this.#redis.marker(CUSTOMER_NAMESPACE));
    if (!(await this.#redis.readPast(marker, READ_PAST_TIMEOUT_MS))) {
      this.#log.warn({ sessionId: caller.sessionId, event }, 'acknowledged before the stream was read up to it: the stream read is stuck');
    }
  }
}
