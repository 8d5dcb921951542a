/**
 * The relay's per-session timers (src/server/session/timers.ts): one of each kind per session, replaced when set
 * again, cleared one by one or all at once, never set after close(), and a timer that fails is logged, not thrown.
 */
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionTimers } from '../../src/server/session/timers.js';
import { StoreUnavailableError } from '../../src/server/store.js';

function fakeLog() {
  const log = { warn: vi.fn(), error: vi.fn() };
  return { log, logger: log as unknown as Logger };
}

describe('SessionTimers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a timer once, when it is due', async () => {
    const timers = new SessionTimers(fakeLog().logger);
    const run = vi.fn(async () => {});
    timers.set('s1', 'code', 1000, run);
    await vi.advanceTimersByTimeAsync(999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps one timer of each kind per session: setting it again replaces the earlier one', async () => {
    const timers = new SessionTimers(fakeLog().logger);
    const first = vi.fn(async () => {});
    const second = vi.fn(async () => {});
    const otherKind = vi.fn(async () => {});
    const otherSession = vi.fn(async () => {});
    timers.set('s1', 'customer', 1000, first);
    timers.set('s1', 'customer', 2000, second);
    timers.set('s1', 'technician', 1000, otherKind);
    timers.set('s2', 'customer', 1000, otherSession);
    await vi.advanceTimersByTimeAsync(2000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(otherKind).toHaveBeenCalledTimes(1);
    expect(otherSession).toHaveBeenCalledTimes(1);
  });

  it('clears one kind, or every timer of a session', async () => {
    const timers = new SessionTimers(fakeLog().logger);
    const code = vi.fn(async () => {});
    const consent = vi.fn(async () => {});
    const retain = vi.fn(async () => {});
    const elsewhere = vi.fn(async () => {});
    timers.set('s1', 'code', 1000, code);
    timers.set('s1', 'consent', 1000, consent);
    timers.set('s2', 'retain', 1000, elsewhere);
    timers.clear('s1', 'code');
    await vi.advanceTimersByTimeAsync(1000);
    expect(code).not.toHaveBeenCalled();
    expect(consent).toHaveBeenCalledTimes(1);
    timers.set('s1', 'consent', 1000, consent);
    timers.set('s1', 'retain', 1000, retain);
    timers.clearAll('s1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(consent).toHaveBeenCalledTimes(1);
    expect(retain).not.toHaveBeenCalled();
    expect(elsewhere).toHaveBeenCalledTimes(1);
  });

  it('stops every timer on close() and sets none afterwards', async () => {
    const timers = new SessionTimers(fakeLog().logger);
    const before = vi.fn(async () => {});
    const after = vi.fn(async () => {});
    timers.set('s1', 'code', 1000, before);
    expect(timers.closed).toBe(false);
    timers.close();
    expect(timers.closed).toBe(true);
    timers.set('s1', 'code', 1000, after);
    await vi.advanceTimersByTimeAsync(2000);
    expect(before).not.toHaveBeenCalled();
    expect(after).not.toHaveBeenCalled();
  });

  it('caps a delay beyond what setTimeout takes instead of firing at once', async () => {
    const timers = new SessionTimers(fakeLog().logger);
    const run = vi.fn(async () => {});
    timers.set('s1', 'retain', 2 ** 40, run);
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).not.toHaveBeenCalled();
    timers.clearAll('s1');
  });

  it('logs a timer that failed: a warning while the store is unavailable, an error otherwise', async () => {
    const { log, logger } = fakeLog();
    const timers = new SessionTimers(logger);
    timers.set('s1', 'customer', 10, () => Promise.reject(new StoreUnavailableError('down')));
    timers.set('s1', 'technician', 10, () => Promise.reject(new Error('bug')));
    await vi.advanceTimersByTimeAsync(10);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ sessionId: 's1', kind: 'customer' }), 'timer failed');
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ sessionId: 's1', kind: 'technician' }), 'timer failed');
  });
});
