/**
 * The pipeline's log of events answered `unavailable` while the store is away (pipeline.ts, unavailable-log.ts): one
 * line at once, the rest counted in one line at the end of the window, and no line after the relay closed.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketLimits } from '../../src/server/limits.js';
import { resolveOptions } from '../../src/server/options.js';
import { pipeline } from '../../src/server/pipeline.js';
import type { Routes } from '../../src/server/routes.js';
import { StoreUnavailableError } from '../../src/server/store.js';
import { UNAVAILABLE_LOG_MS } from '../../src/server/unavailable-log.js';
import { pipelineSocket } from '../support/pipeline-socket.js';


interface Line {
  msg: string;
  event?: string;
  moreSinceLastLine?: number;
}

/** A pipeline whose one route fails as a store that does not answer; `send` emits an event on one fake socket. */
function failingPipeline() {
  const lines: Line[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  const listen = pipeline(logger);
  const routes: Routes = new Map([['chat:send', { cost: 'event', run: () => Promise.reject(new StoreUnavailableError('store not answering')) }]]);
  const { emit } = pipelineSocket(listen, routes, socketLimits(resolveOptions({ eventsPerSecond: 1000 }, () => 'x'.repeat(32))));
  const send = (): Promise<unknown> => emit('chat:send', {});
  return { lines, listen, send };
}

describe('the log of events answered unavailable', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('writes the first at once and the others of the window in one line at its end', async () => {
    const { lines, send } = failingPipeline();
    for (let i = 0; i < 5; i++) expect(await send()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(lines).toEqual([expect.objectContaining({ event: 'chat:send', moreSinceLastLine: 0 })]);
    vi.advanceTimersByTime(UNAVAILABLE_LOG_MS);
    expect(lines.map((l) => l.moreSinceLastLine)).toEqual([0, 4]);
  });

  it('writes what is pending when the relay closes, and nothing after: its timer is cleared', async () => {
    const { lines, listen, send } = failingPipeline();
    for (let i = 0; i < 3; i++) await send();
    expect(vi.getTimerCount()).toBe(1);
    listen.close();
    expect(lines.map((l) => l.moreSinceLastLine)).toEqual([0, 2]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 * UNAVAILABLE_LOG_MS);
    expect(lines).toHaveLength(2);
    // An event still handled after close is logged at once, with no timer left behind.
    await send();
    expect(lines.map((l) => l.moreSinceLastLine)).toEqual([0, 2, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
