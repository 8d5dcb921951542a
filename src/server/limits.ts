/**
 * Rate limits. Failed code attempts are counted on rate-limiter-flexible: in memory for one process, in Redis when
 * several relay processes must share the counts. Per-socket limits concern one connection on one process: a counter
 * kept with the socket does, without a store, timers or promises on the hot path.
 *
 * On Redis, chat messages are also counted per participant (session and role) over all processes, so a budget
 * follows the customer across reconnects to other processes. Each shared limiter
 * - blocks a key in memory once it is out of points (`inMemoryBlockOnConsumed`): refusals then cost no Redis round
 *   trip, which keeps a flood off Redis;
 * - falls back to an in-memory limiter of the same size while Redis is unreachable (`insuranceLimiter`,
 *   `rejectIfRedisNotReady`): limits then hold per process instead of failing open or failing every request. Also
 *   while the connection stays open but Redis does not answer (a stall: the client's status is still `ready`) once
 *   the relay knows it is down (`up()` false, redis-connection.ts `available`): at once, not after a command timeout.
 * A message's count is taken by the store's send script (redis-scripts.ts `rswSendMessage`) on this limiter's
 * counter, in the same atomic step as the membership check and the append: no round trip of its own. Events per second stay per socket on both back-ends: they protect this process's event loop
 * from one connection, which only ever talks to this process.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { msBetween, msClock } from './clock.js';
import type { ResolvedOptions } from './options.js';

export interface Limiters {
  /** Failed code attempts per client address (15 min window). */
  failedJoinsByAddress: RateLimiterAbstract;
  /** Failed code attempts over all clients (1 min window). */
  failedJoinsGlobal: RateLimiterAbstract;
  /** Messages left (`message:leave`) per client address (1 h window). */
  leftMessagesByAddress: RateLimiterAbstract;
  /** Places taken in the support queue (`queue:join`) per client address (1 h window). */
  queueJoinsByAddress: RateLimiterAbstract;
  /** Sessions created (`session:create`) per technician id (1 h window). */
  sessionsByTechnician: RateLimiterAbstract;
  /** Chat messages per participant (`<sessionId>:<role>`, 1 min window) over all processes; absent: per socket. */
  messages?: RateLimiterAbstract;
}

/**
 * A fixed window: counts what is taken from it, the window starting at its first take and again at the first take once
 * `windowMs` have passed. Its size and length are given at each take (not kept per counter: a socket keeps two of
 * these). Its start is kept on the ms clock (clock.ts): a small integer, not a heap number.
 */
export class FixedWindow {
  #start = 0;
  #count = 0;

  /**
   * Takes `points` (default one) of a window of `size` per `windowMs`; returns the ms to wait when not enough are left
   * in this window, else 0. A take larger than a whole window passes when the window is still untouched, so it is
   * slowed down, never stuck.
   */
  takeOf(size: number, windowMs: number, now = Date.now(), points = 1): number {
    const at = msClock(now);
    const elapsed = msBetween(this.#start, at);
    if (this.#count === 0 || elapsed >= windowMs) {
      this.#start = at;
      this.#count = 0;
    }
    if (this.#count + points <= size || this.#count === 0) {
      this.#count += points;
      return 0;
    }
    return Math.max(1, windowMs - msBetween(this.#start, at));
  }
}

/** A fixed-window counter: `points` per `windowMs`. */
export class WindowCounter extends FixedWindow {
  readonly #points: number;
  readonly #windowMs: number;

  constructor(points: number, windowMs: number) {
    super();
    this.#points = points;
    this.#windowMs = windowMs;
  }

  /** Takes `points` (default one); returns the ms to wait when not enough are left in this window, else 0. */
  take(now = Date.now(), points = 1): number {
    return this.takeOf(this.#points, this.#windowMs, now, points);
  }
}

/**
 * What the relay does with one event over a socket's budget: `answer` it (`rate-limited` + `retryAfter`, the first
 * refusal of a window, so a client learns when to try again), drop it `silent`ly (the others of that window: a client
 * that reads nothing cannot make acknowledgements pile up), or `disconnect` the socket (`limit` refusals in a row).
 */
export type OverBudget = 'answer' | 'silent' | 'disconnect';

/** Counts a socket's refusals over budget in a row; an event within budget ends the streak. */
export class Strikes {
  readonly #limit: number;
  #inARow = 0;
  #answeredUntil = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  refused(wait: number, now = Date.now()): OverBudget {
    this.#inARow += 1;
    if (this.#inARow >= this.#limit) return 'disconnect';
    if (now < this.#answeredUntil) return 'silent';
    this.#answeredUntil = now + wait;
    return 'answer';
  }

  passed(): void {
    this.#inARow = 0;
  }
}

/** A file chunk at least this large is a real transfer's chunk: it is paid for in bytes, not in events (pipeline.ts). */
export const FULL_CHUNK_BYTES = 16 * 1024;

/** The options a socket's limits are made of: the relay's own, read by reference (no copy per socket). */
export type SocketBudgets = Pick<ResolvedOptions, 'messagesPerMinute' | 'eventsPerSecond' | 'fileBytesPerSecond' | 'refusalsBeforeDisconnect'>;

/**
 * The limits of one socket. The budget of events of any kind (file chunks included, one unit each, 1 s window) is
 * this object's own window: every socket spends it from its first event. The others are made at their first use,
 * most sockets never need them: chat messages (1 min window), bytes of file data in `file:chunk` events (1 s window,
 * on top of the chunk's unit of events) and the refusals over events or file bytes in a row, up to
 * `refusalsBeforeDisconnect` (kept from then on: a streak and its answered window outlive an event within budget).
 */
export class SocketLimits extends FixedWindow {
  readonly #budgets: SocketBudgets;
  #messages: WindowCounter | undefined = undefined;
  #fileBytes: WindowCounter | undefined = undefined;
  #strikes: Strikes | undefined = undefined;

  constructor(budgets: SocketBudgets) {
    super();
    this.#budgets = budgets;
  }

  /** Takes one event; the ms to wait when none is left in this second, else 0. */
  event(now = Date.now()): number {
    return this.takeOf(this.#budgets.eventsPerSecond, 1000, now);
  }

  /** Takes one chat message; the ms to wait when none is left in this minute, else 0. */
  message(now = Date.now()): number {
    this.#messages ??= new WindowCounter(this.#budgets.messagesPerMinute, 60_000);
    return this.#messages.take(now);
  }

  /** Takes `bytes` of file data; the ms to wait when not enough are left in this second, else 0. */
  fileBytes(bytes: number, now = Date.now()): number {
    this.#fileBytes ??= new WindowCounter(this.#budgets.fileBytesPerSecond, 1000);
    return this.#fileBytes.take(now, bytes);
  }

  /** One event refused over budget: what to do with it (`Strikes.refused`). */
  refused(wait: number, now = Date.now()): OverBudget {
    this.#strikes ??= new Strikes(this.#budgets.refusalsBeforeDisconnect);
    return this.#strikes.refused(wait, now);
  }

  /** One event within budget: the streak of refusals ends. */
  passed(): void {
    this.#strikes?.passed();
  }

  /** Which of the limits made at first use exist (for tests: a socket that never needed one holds none). */
  get made(): { messages: boolean; fileBytes: boolean; strikes: boolean } {
    return { messages: this.#messages !== undefined, fileBytes: this.#fileBytes !== undefined, strikes: this.#strikes !== undefined };
  }
}

export function socketLimits(budgets: SocketBudgets): SocketLimits {
  return new SocketLimits(budgets);
}

export function memoryLimiters(options: ResolvedOptions): Limiters {
  return {
    failedJoinsByAddress: new RateLimiterMemory({ keyPrefix: 'join-addr', points: options.failedJoinsPerAddress, duration: 15 * 60 }),
    failedJoinsGlobal: new RateLimiterMemory({ keyPrefix: 'join-all', points: options.failedJoinsGlobal, duration: 60 }),
    leftMessagesByAddress: new RateLimiterMemory({ keyPrefix: 'left-addr', points: options.leftMessagesPerHour, duration: 60 * 60 }),
    queueJoinsByAddress: new RateLimiterMemory({ keyPrefix: 'queue-addr', points: options.queueJoinsPerHour, duration: 60 * 60 }),
    sessionsByTechnician: new RateLimiterMemory({ keyPrefix: 'created-tech', points: options.sessionsPerTechnicianPerHour, duration: 60 * 60 }),
  };
}

type RedisLimiterOptions = ConstructorParameters<typeof RateLimiterRedis>[0];
/** RateLimiterRedis with its readiness check, made before each command (rate-limiter-flexible 8; not in its types). */
const LibraryRedisLimiter = RateLimiterRedis as unknown as new (options: RedisLimiterOptions) => RateLimiterRedis & {
  _isRedisReady(rlKey: string, isReadonly: boolean): boolean;
};

/** A Redis limiter that takes Redis as not ready (and uses its in-memory insurance) while `up()` says it is down. */
class AvailabilityAwareRedisLimiter extends LibraryRedisLimiter {
  readonly #up: () => boolean;

  constructor(options: RedisLimiterOptions, up: () => boolean) {
    super(options);
    this.#up = up;
  }

  override _isRedisReady(rlKey: string, isReadonly: boolean): boolean {
    return this.#up() && super._isRedisReady(rlKey, isReadonly);
  }
}

/**
 * The limits shared by every relay process on the Redis behind `client` (keys under `keyPrefix`); `up()` says whether
 * the relay takes Redis as answering now.
 */
export function redisLimiters(options: ResolvedOptions, client: Redis, keyPrefix: string, up: () => boolean = () => true): Limiters {
  // `blockInMemory`: a key out of points is refused from this process's memory for the rest of its window. Not for
  // limits whose points are given back (queue places, created sessions): the process would go on refusing a key
  // whose point another process (or this one) gave back in Redis.
  const shared = (name: string, points: number, duration: number, blockInMemory = true) =>
    new AvailabilityAwareRedisLimiter({
      storeClient: client,
      keyPrefix: `${keyPrefix}rl:${name}`,
      points,
      duration,
      ...(blockInMemory ? { inMemoryBlockOnConsumed: points } : {}),
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
    }, up);
  return {
    failedJoinsByAddress: shared('join-addr', options.failedJoinsPerAddress, 15 * 60),
    failedJoinsGlobal: shared('join-all', options.failedJoinsGlobal, 60),
    leftMessagesByAddress: shared('left-addr', options.leftMessagesPerHour, 60 * 60),
    queueJoinsByAddress: shared('queue-addr', options.queueJoinsPerHour, 60 * 60, false),
    sessionsByTechnician: shared('created-tech', options.sessionsPerTechnicianPerHour, 60 * 60, false),
    messages: shared('messages', options.messagesPerMinute, 60),
  };
}

/** Takes one point; resolves to the ms to wait when the limit is exhausted, or 0 when within it. */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    throw rejection;
  }
}

/**
 * Takes one point that may be given back later (`limiter.reward(key)`, e.g. once a technician picks the queue place
 * it paid for); resolves to the ms to wait when none is left, or 0. A refusal takes nothing (its count is given back
 * at once), so a point given back after refusals lets the key in again.
 */
export async function takeReturnable(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    // Counted over the limit (not refused before counting, as a key blocked in memory is): give the count back.
    if (rejection.consumedPoints > limiter.points) await limiter.reward(key).catch(() => undefined);
    return Math.max(1, rejection.msBeforeNext);
  }
}

/**
 * Counts one attempt for `key` before its outcome is known, and resolves to the ms to wait when it is over the limit,
 * else 0. An attempt that turns out not to count is given back (`limiter.reward(key)`). Attempts racing each other
 * (one address's many connections, each waiting for the store) cannot all pass a check made before any of them was
 * counted.
 */
export async function reserve(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.penalty(key);
  return res.consumedPoints > limiter.points ? Math.max(1, res.msBeforeNext) : 0;
}

/**
 * Resolves to the ms to wait when no point is left for `key`, else 0 (takes nothing). A window that has run out is
 * no block, even while the in-memory limiter still holds its record (it sweeps records with a timer, which may run
 * late); the next `take` starts a new window.
 */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 && res.msBeforeNext > 0 ? res.msBeforeNext : 0;
}

/** Runs `step`; when it throws, gives the point it took back to `key` first (the call took nothing after all). */
export async function givenBackOnFailure<T>(limiter: RateLimiterAbstract, key: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await limiter.reward(key).catch(() => undefined);
    throw err;
  }
}
