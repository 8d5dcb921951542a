/** LazyPart (src/widget/lazy-part.ts): a part's boxes draw it in a task after the one its chunk was evaluated in. */
import { describe, expect, it } from 'vitest';
import { LazyPart } from '../../src/widget/lazy-part.js';

const microtasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

describe('LazyPart', () => {
  it('tells its waiting hosts in a task of their own, not in the task where the import settled', async () => {
    const module = { view: 'files' };
    const part = new LazyPart(() => Promise.resolve(module));
    let updates = 0;
    expect(part.get({ requestUpdate: () => updates++ })).toBeUndefined();
    await microtasks();
    expect(updates, 'not in the import’s task').toBe(0);
    expect(part.get()).toBeUndefined();
    await nextTask();
    expect(updates).toBe(1);
    expect(part.get()).toBe(module);
    await expect(part.ready()).resolves.toBe(module);
  });

  it('a failed import says so, and Retry imports again', async () => {
    let fail = true;
    const part = new LazyPart(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve({ ok: true })));
    let updates = 0;
    const host = { requestUpdate: () => updates++ };
    part.get(host);
    await nextTask();
    expect(part.failed).toBe(true);
    expect(updates).toBe(1);
    fail = false;
    part.retry(host);
    await microtasks();
    await nextTask();
    expect(part.get()).toEqual({ ok: true });
  });

  it('loaded ahead of its first draw and failed: imported again when a box draws it, not shown as failed', async () => {
    let imports = 0;
    const part = new LazyPart(() => (++imports === 1 ? Promise.reject(new Error('offline for a moment')) : Promise.resolve({ ok: true })));
    expect(part.get()).toBeUndefined();
    await nextTask();
    expect(part.failed, 'a prefetch that failed is no failure of a drawn part').toBe(false);
    expect(part.get()).toBeUndefined();
    expect(imports, 'loading ahead again (at every update of the box) does not import again').toBe(1);
    let updates = 0;
    expect(part.get({ requestUpdate: () => updates++ })).toBeUndefined();
    expect(imports).toBe(2);
    await microtasks();
    await nextTask();
    expect(updates).toBe(1);
    expect(part.get()).toEqual({ ok: true });
  });
});
