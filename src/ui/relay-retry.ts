/**
 * How both clients retry what the relay could not do just now: which errors are transient, how long to wait before
 * the next try (doubling, capped, with jitter so that clients do not come back all at once), and where a chat has a
 * gap (a message whose `seq` skips ahead: the ones before it are fetched with `chat:history`).
 */

/** Errors of an attach or resume worth another try: the relay or its store could not answer, or did not in time. */
export const TRANSIENT_ERRORS: readonly string[] = ['unavailable', 'timeout', 'internal'];

/** Errors of a chat message that its queue retries by itself (`rate-limited` after its `retryAfter`). */
export const RETRIED_SEND_ERRORS: readonly string[] = ['unavailable', 'rate-limited'];

/** The first wait and the longest, ms. */
const FIRST_MS = 500;
const MAX_MS = 30_000;

/** How long to wait before try number `attempt` + 1 (`attempt` from 0): 0.5 s doubling up to 30 s, ±25 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_MS, FIRST_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** The wait before the next try: the relay's `retryAfter` when it gave one, else the backoff. */
export function retryDelay(attempt: number, retryAfter?: number): number {
  return typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : backoffDelay(attempt);
}

/** The highest `seq` up to which every message is there (0 when none), or undefined when nothing is missing. */
export function seqGap(seqs: Iterable<number>): number | undefined {
  const seen = new Set(seqs);
  let n = 0;
  while (seen.has(n + 1)) n++;
  return seen.size > n ? n : undefined;
}
