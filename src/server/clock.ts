/**
 * Clocks for what the relay keeps per socket: whole numbers below 2³⁰, which V8 keeps in the object itself (a small
 * integer). A `Date.now()` (above 2³¹) or a fraction (`performance.now()`) is a heap number of its own, 16 bytes, in
 * every object of that shape once one of them held one. The times wrap around every 2³⁰ units: a span is read modulo
 * that (12.4 days in ms, 17.9 minutes in µs).
 */
const MASK = 2 ** 30 - 1;

/**
 * `n` modulo 2³⁰ (negative too), as a small integer: a bitwise and gives V8 an int32, which it keeps as one; the same
 * value from `%` on doubles would be stored as a heap number all the same.
 */
const wrap = (n: number): number => n & MASK;

/** `now` (ms, `Date.now()` by default) on the ms clock. */
export function msClock(now = Date.now()): number {
  return wrap(Math.floor(now));
}

/** ms from `from` to `to`, both on the ms clock (a span of 2³⁰ ms or more is seen modulo that). */
export function msBetween(from: number, to: number): number {
  return wrap(to - from);
}

/** `performance.now()` on the µs clock. */
export function usClock(now = performance.now()): number {
  return wrap(Math.round(now * 1000));
}

/** Seconds since `stamp` on the µs clock (for latencies: under 17.9 minutes). */
export function secondsSince(stamp: number, now = performance.now()): number {
  return wrap(usClock(now) - stamp) / 1e6;
}
