/**
 * The pipeline's log of events answered `unavailable` while the store is away (pipeline.ts, unavailable-log.ts): one
 * line at once, the rest counted in one line at the end of the window, and no line after the relay closed.
 */
import { pino } from 'pino';
import type { Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketLimits } from '../../src/server/limits.js';
import { resolveOptions } from '../../src/server/options.js';
import { pipeline, type ListeningCaller } from '../../src/server/pipeline.js';
import type { Routes } from '../../src/server/routes.js';
import { StoreUnavailableError } from '../../src/server/store.js';
import { UNAVAILABLE_LOG_MS } from '../../src/server/unavailable-log.js';

interface CatchAll {
  id: string;
  connected: boolean;
  data: object;
  disconnect(): void;
  _anyListeners?: readonly ((this: Socket, event: string, ...args: unknown[]) => void)[];
}

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
  // What the pipeline reads of a socket.io socket: its data, and the catch-all listeners socket.io calls it with.
  const fake: CatchAll = { id: 'socket-1', connected: true, data: {}, disconnect: () => undefined };
  const socket = fake as unknown as Socket;
  const caller: ListeningCaller = {
    role: 'customer',
    socketId: 'socket-1',
    conn: 'n.c',
    address: '127.0.0.1',
    limits: socketLimits(resolveOptions({ eventsPerSecond: 1000 }, () => 'x'.repeat(32))),
    routes,
    busy: false,
    waiting: undefined,
  };
  listen(socket, caller);
  const send = async (): Promise<unknown> => {
    const answered = new Promise((resolve) => fake._anyListeners![0]!.call(socket, 'chat:send', {}, resolve));
    return answered;
  };
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
