/**
 * The queue's coalesced announcement (session/queue.ts) while the store does not answer: tried again until it goes
 * out, its failure logged once, and nothing scheduled or logged once the relay closed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUEUE_RETRY_MS, QUEUE_UPDATE_MS, Queue } from '../../src/server/session/queue.js';
import type { SessionContext } from '../../src/server/session/context.js';
import { StoreUnavailableError } from '../../src/server/store.js';

/** A Queue on a fake context whose store's `queue()` answers with `answer()` each time. */
function queueOn(answer: () => Promise<string[]>) {
  const warnings: string[] = [];
  const updates: unknown[] = [];
  const reads = { count: 0 };
  const ctx = {
    opts: { tokenSecret: 'x'.repeat(32) },
    store: {
      queue: () => {
        reads.count++;
        return answer();
      },
      getSession: () => Promise.resolve(undefined),
    },
    out: { toTechnicians: (_event: string, payload: unknown) => void updates.push(payload), toSession: () => undefined },
    log: { warn: (_obj: unknown, msg: string) => void warnings.push(msg) },
  } as unknown as SessionContext;
  return { queue: new Queue(ctx), warnings, updates, reads };
}

describe('the queue announcement while the store does not answer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is tried again every QUEUE_RETRY_MS until it goes out, its failure logged once', async () => {
    let down = true;
    const q = queueOn(() => (down ? Promise.reject(new StoreUnavailableError('down')) : Promise.resolve([])));
    await q.queue.queueChanged();
    await vi.advanceTimersByTimeAsync(QUEUE_UPDATE_MS + 3 * QUEUE_RETRY_MS);
    expect(q.reads.count).toBe(4);
    expect(q.warnings).toHaveLength(1);
    expect(q.updates).toEqual([]);
    down = false;
    await vi.advanceTimersByTimeAsync(QUEUE_RETRY_MS);
    expect(q.updates).toEqual([{ entries: [] }]);
    await vi.advanceTimersByTimeAsync(10 * QUEUE_RETRY_MS);
    expect(q.reads.count).toBe(5);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('schedules nothing once closed, also when an announcement under way fails after the close', async () => {
    let fail: (err: Error) => void = () => undefined;
    const q = queueOn(() => new Promise<string[]>((_resolve, reject) => (fail = reject)));
    await q.queue.queueChanged();
    await vi.advanceTimersByTimeAsync(QUEUE_UPDATE_MS);
    expect(q.reads.count).toBe(1);
    q.queue.close();
    fail(new StoreUnavailableError('closed'));
    await q.queue.queueChanged();
    await vi.advanceTimersByTimeAsync(10 * QUEUE_RETRY_MS);
    expect(q.reads.count).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
