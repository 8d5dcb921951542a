/**
 * Rate limits, on rate-limiter-flexible so that a Redis-backed limiter can replace the in-memory one unchanged
 * when several relay processes must share the counts.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ResolvedOptions } from './options.js';

export interface Limiters {
  /** Failed code attempts per client address (15 min window). */
  failedJoinsByAddress: RateLimiterAbstract;
  /** Failed code attempts over all clients (1 min window). */
  failedJoinsGlobal: RateLimiterAbstract;
  /** Chat messages per socket (1 min window). */
  messages: RateLimiterAbstract;
  /** Events of any kind per socket (1 s window). */
  events: RateLimiterAbstract;
}

export function memoryLimiters(options: ResolvedOptions): Limiters {
  return {
    failedJoinsByAddress: new RateLimiterMemory({ keyPrefix: 'join-addr', points: options.failedJoinsPerAddress, duration: 15 * 60 }),
    failedJoinsGlobal: new RateLimiterMemory({ keyPrefix: 'join-all', points: options.failedJoinsGlobal, duration: 60 }),
    messages: new RateLimiterMemory({ keyPrefix: 'msg', points: options.messagesPerMinute, duration: 60 }),
    events: new RateLimiterMemory({ keyPrefix: 'evt', points: options.eventsPerSecond, duration: 1 }),
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
 * Resolves to the ms to wait when no point is left for `key`, else 0 (takes nothing). A window that has run out is
 * no block, even while the in-memory limiter still holds its record (it sweeps records with a timer, which may run
 * late); the next `take` starts a new window.
 */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 && res.msBeforeNext > 0 ? res.msBeforeNext : 0;
}
