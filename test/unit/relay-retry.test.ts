/** What both clients retry, how long they wait between tries, and how they find a gap in a chat (src/ui/relay-retry.ts). */
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelay, seqGap, TRANSIENT_ERRORS } from '../../src/ui/relay-retry.js';

describe('the retry rules', () => {
  it('doubles the wait from 0.5 s up to 30 s, with jitter of at most a quarter either way', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 6, 7, 20].map((n) => backoffDelay(n, mid))).toEqual([500, 1_000, 2_000, 4_000, 30_000, 30_000, 30_000]);
    expect(backoffDelay(0, () => 0)).toBe(375);
    expect(backoffDelay(0, () => 0.999_999)).toBe(625);
    expect(backoffDelay(10, () => 0.999_999)).toBe(37_500);
  });

  it("waits the relay's retryAfter when it gave one", () => {
    expect(retryDelay(5, 1_234)).toBe(1_234);
    expect(retryDelay(0)).toBeGreaterThanOrEqual(375);
    expect(retryDelay(0)).toBeLessThanOrEqual(625);
  });

  it('counts unavailable, timeout and internal as transient, and nothing that is an answer', () => {
    expect(TRANSIENT_ERRORS).toEqual(['unavailable', 'timeout', 'internal']);
  });

  it('finds where the chat stops being contiguous, and nothing when no seq is missing', () => {
    expect(seqGap([])).toBeUndefined();
    expect(seqGap([1, 2, 3])).toBeUndefined();
    expect(seqGap([3, 1, 2])).toBeUndefined();
    expect(seqGap([1, 2, 4])).toBe(2);
    expect(seqGap([2])).toBe(0);
    expect(seqGap([1, 1, 3, 5])).toBe(1);
  });
});
