import { afterEach, describe, expect, it, vi } from 'vitest';
import { Expiring } from '../../src/server/expiring.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Expiring', () => {
  it('expires each item its time after it was added, oldest first, with one timer for all', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const expiring = new Expiring<string, number>(1000, (key, value) => expired.push(`${key}=${value}`));
    for (let i = 0; i < 100; i++) {
      expiring.add(`a${i}`, i);
      vi.advanceTimersByTime(5);
    }
    // A timer and a closure per item cost about 250 bytes each: there is one timer, whatever the number of items.
    expect(vi.getTimerCount()).toBe(1);
    expect(expiring.size).toBe(100);
    vi.advanceTimersByTime(1000 - 500 - 1);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a0=0']);
    vi.advanceTimersByTime(200);
    expect(expired).toHaveLength(41);
    expect(expired.at(-1)).toBe('a40=40');
    vi.advanceTimersByTime(10_000);
    expect(expired).toHaveLength(100);
    expect(expired).toEqual(Array.from({ length: 100 }, (_, i) => `a${i}=${i}`));
    expect(expiring.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts again after it ran empty', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const expiring = new Expiring<string, string>(50, (key) => expired.push(key));
    expiring.add('x', '');
    vi.advanceTimersByTime(60);
    expiring.add('y', '');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(49);
    expect(expired).toEqual(['x']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['x', 'y']);
  });
});

describe('Expiring’s timer', () => {
  // Node keeps a timer's delay as it is given: one fractional delay in the process makes V8 store the delay of every
  // later timer (engine.io's heartbeat timers, one or two per connection) as a heap number of its own, 16 bytes each.
  it('is set for a whole number of ms', () => {
    const delays: number[] = [];
    const real = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return real(fn, ms);
    });
    try {
      const expired: string[] = [];
      const expiring = new Expiring<string, string>(1000, (key) => expired.push(key));
      for (let i = 0; i < 5; i++) expiring.add(`k${i}`, '');
      expect(delays.length).toBeGreaterThan(0);
      expect(delays.filter((ms) => !Number.isInteger(ms))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});
