/** afterNextFrame (src/ui/after-frame.ts): a task after the next frame, or after a fallback when no frame comes. */
import { describe, expect, it } from 'vitest';
import { afterNextFrame, type FrameClock } from '../../src/ui/after-frame.js';

/** A clock driven by hand: its frames and timers run only when the test says. */
function manualClock() {
  const frames: (() => void)[] = [];
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let id = 0;
  const clock: FrameClock = {
    requestAnimationFrame: (callback) => frames.push(callback),
    setTimeout: (callback, ms = 0) => (timers.set(++id, { callback, ms }), id),
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const runTimers = (ms: number) => {
    for (const [key, t] of [...timers]) {
      if (t.ms > ms) continue;
      timers.delete(key);
      t.callback();
    }
  };
  return { clock, frame: () => frames.splice(0).forEach((f) => f()), runTimers, pending: () => [...timers.values()].map((t) => t.ms) };
}

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe('afterNextFrame', () => {
  it('resolves in a task after the next frame, not in the frame itself', async () => {
    const c = manualClock();
    const p = afterNextFrame(100, c.clock);
    expect(await settled(p)).toBe(false);
    c.frame();
    expect(await settled(p)).toBe(false);
    expect(c.pending()).toEqual([0]);
    c.runTimers(0);
    expect(await settled(p)).toBe(true);
  });

  it('resolves after the fallback when no frame comes (a hidden page), and only once', async () => {
    const c = manualClock();
    const p = afterNextFrame(100, c.clock);
    c.runTimers(0);
    expect(await settled(p)).toBe(false);
    c.runTimers(100);
    c.frame();
    expect(c.pending()).toEqual([0]);
    c.runTimers(0);
    expect(await settled(p)).toBe(true);
    expect(c.pending()).toEqual([]);
  });

  it('drops the fallback once the frame came', () => {
    const c = manualClock();
    void afterNextFrame(100, c.clock);
    c.frame();
    expect(c.pending()).toEqual([0]);
  });
});
