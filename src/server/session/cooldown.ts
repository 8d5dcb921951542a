/**
 * The consent cooldown: after the customer said no to a function (denied its request, let it expire, revoked its grant
 * or refused to confirm it again), the technician may not ask for it again in the same session until a wait has
 * passed, a longer one after each further no. It keeps a technician (or a scammer posing as one) from putting the
 * customer before one prompt after another. A grant used up or ended normally, and a hand-over, start no wait.
 *
 * Pure functions over the session record's `consentCooldowns`, so that the wait holds over every relay process.
 */
import type { ConsentChange, ConsentCause, ConsentState, FunctionId } from '../../protocol/index.js';

/** One function's count of the customer's no's in the session, and until when a new request is refused. */
export interface Cooldown {
  count: number;
  until: number;
}

export type Cooldowns = Partial<Record<FunctionId, Cooldown>>;

/** The wait after the 1st, 2nd, 3rd and every later no, as multiples of the base (10 s: 10 s, 30 s, 1 min, 2 min). */
export const COOLDOWN_STEPS = [1, 3, 6, 12] as const;

/** What the customer (or their silence) said that starts a wait: `dependency`, `handed-off`, `end`, `use` do not. */
const NO: readonly ConsentCause[] = ['deny', 'expire', 'revoke', 'revoke-all', 'reconfirm-deny', 'reconfirm-expire'];

/** The wait after the `count`th no, ms. */
export function cooldownMs(baseMs: number, count: number): number {
  return baseMs * COOLDOWN_STEPS[Math.min(count, COOLDOWN_STEPS.length) - 1]!;
}

/**
 * The cooldowns after `changes` (a reduced consent event): each no of the customer counts one more for its function,
 * and its wait runs from when it happened (the grant's `since`: an expiry noticed late counts from when it fell due).
 * The same object when nothing counts.
 */
export function afterChanges(prev: Cooldowns | undefined, changes: readonly ConsentChange[], state: ConsentState, baseMs: number): Cooldowns | undefined {
  if (baseMs <= 0) return prev;
  let next = prev;
  for (const { fn, cause, to } of changes) {
    if (!NO.includes(cause) || (to !== 'denied' && to !== 'expired' && to !== 'revoked')) continue;
    const count = (next?.[fn]?.count ?? 0) + 1;
    next = { ...next, [fn]: { count, until: state.grants[fn].since + cooldownMs(baseMs, count) } };
  }
  return next;
}

/** How long a request for `fn` must still wait at `now`, ms (0: it may be made). */
export function waitLeft(cooldowns: Cooldowns | undefined, fn: FunctionId, now: number): number {
  const until = cooldowns?.[fn]?.until;
  return until === undefined ? 0 : Math.max(0, until - now);
}
