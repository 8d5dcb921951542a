/**
 * What the relay keeps per socket is made at first use and let go after (limits.ts `SocketLimits`, pipeline.ts): a
 * socket's limits other than its events window, and the list of its events waiting behind another.
 */
import { pino } from 'pino';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { msBetween, msClock, secondsSince, usClock } from '../../src/server/clock.js';
import { SocketLimits } from '../../src/server/limits.js';
import { pipeline, type Incoming, type ListeningCaller } from '../../src/server/pipeline.js';
import { Later } from '../../src/server/results.js';
import type { Route, Routes } from '../../src/server/routes.js';
import { pipelineSocket } from '../support/pipeline-socket.js';

const budgets = { messagesPerMinute: 2, eventsPerSecond: 3, fileBytesPerSecond: 100, refusalsBeforeDisconnect: 3 };

describe('a socket’s limits', () => {
  it('hold no message window, file-byte window or refusal streak until one is needed', () => {
    const limits = new SocketLimits(budgets);
    expect(limits.made).toEqual({ messages: false, fileBytes: false, strikes: false });
    expect(limits.event(1_000_000)).toBe(0);
    limits.passed();
    expect(limits.made).toEqual({ messages: false, fileBytes: false, strikes: false });
    expect(limits.message(1_000_000)).toBe(0);
    expect(limits.made).toEqual({ messages: true, fileBytes: false, strikes: false });
    expect(limits.fileBytes(10, 1_000_000)).toBe(0);
    expect(limits.made).toEqual({ messages: true, fileBytes: true, strikes: false });
    expect(limits.refused(500, 1_000_000)).toBe('answer');
    expect(limits.made).toEqual({ messages: true, fileBytes: true, strikes: true });
  });

  it('count from their first use exactly as from the start, and again after an idle window', () => {
    const limits = new SocketLimits(budgets);
    const t0 = 5_000_000;
    // events: 3 a second
    expect([0, 1, 2, 3].map(() => limits.event(t0))).toEqual([0, 0, 0, 1000]);
    expect(limits.event(t0 + 1000)).toBe(0);
    // messages: 2 a minute, the window starting at the first
    expect([limits.message(t0), limits.message(t0 + 10), limits.message(t0 + 20)]).toEqual([0, 0, 60_000 - 20]);
    // idle for more than a window: the same counter counts anew
    expect([limits.message(t0 + 120_000), limits.message(t0 + 120_001), limits.message(t0 + 120_002)]).toEqual([0, 0, 60_000 - 2]);
    // file bytes: 100 a second; a take larger than a whole window passes only in an untouched one
    expect([limits.fileBytes(60, t0), limits.fileBytes(60, t0 + 1)]).toEqual([0, 999]);
    expect(limits.fileBytes(500, t0 + 5000)).toBe(0);
    expect(limits.fileBytes(1, t0 + 5001)).toBe(999);
  });

  it('keep a refusal streak once made: an event within budget ends the streak, not the answered window', () => {
    const limits = new SocketLimits(budgets);
    const t0 = 9_000_000;
    expect(limits.refused(400, t0)).toBe('answer');
    limits.passed();
    // still within the window the first refusal was answered for: silent
    expect(limits.refused(400, t0 + 100)).toBe('silent');
    expect(limits.refused(400, t0 + 500)).toBe('answer');
    expect(limits.refused(400, t0 + 600)).toBe('disconnect');
  });
});

describe('the times a socket keeps', () => {
  it('are small integers, also from Date.now() and performance.now(), and spans across the wrap are right', () => {
    for (const t of [Date.now(), performance.now(), 0, 2 ** 30 - 1, 2 ** 30, 2 ** 40 + 7]) {
      expect(Number.isInteger(msClock(t)) && msClock(t) >= 0 && msClock(t) < 2 ** 30).toBe(true);
      expect(Number.isInteger(usClock(t)) && usClock(t) >= 0 && usClock(t) < 2 ** 30).toBe(true);
    }
    expect(msBetween(msClock(2 ** 30 - 300), msClock(2 ** 30 + 200))).toBe(500);
    const stamp = usClock(5_000.25);
    expect(secondsSince(stamp, 5_250.5)).toBeCloseTo(0.25025, 6);
    // a window that started just before the clock wrapped ends a window length later
    const limits = new SocketLimits(budgets);
    const t0 = 2 ** 31 - 400;
    expect([0, 1, 2, 3].map(() => limits.event(t0))).toEqual([0, 0, 0, 1000]);
    expect(limits.event(t0 + 999)).toBe(1);
    expect(limits.event(t0 + 1000)).toBe(0);
  });

  // A Date.now() (above 2³¹) in a field makes V8 keep that field of every object of the shape as a heap number of its
  // own, 16 bytes: every socket's limits paid it, and the engine.io connection's packet window too.
  it('take no heap of their own: a socket’s limits once used are one object of 72 bytes', () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const n = 50_000;
    const all: SocketLimits[] = new Array<SocketLimits>(n);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) {
      const limits = new SocketLimits(budgets);
      limits.event(Date.now());
      all[i] = limits;
    }
    gc();
    const perSocket = (process.memoryUsage().heapUsed - before) / n;
    expect(all[n - 1]!.made).toEqual({ messages: false, fileBytes: false, strikes: false });
    // 72 bytes (6 fields); with a heap number for its window's start, 88.
    expect(perSocket).toBeLessThan(86);
  });
});

/** A pipeline over one fake socket whose route waits for `release()` before it answers each event. */
function gatedPipeline() {
  const handled: string[] = [];
  const gates: (() => void)[] = [];
  const route: Route = {
    cost: 'event',
    run: async (_caller, input) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      handled.push((input as { n: string }).n);
      return { ok: true };
    },
  };
  const listen = pipeline(pino({ level: 'silent' }));
  const routes: Routes = new Map([['go', route]]);
  const { socket, caller, emit } = pipelineSocket(listen, routes, new SocketLimits({ ...budgets, eventsPerSecond: 1000 }), 's');
  const send = (n: string) => emit('go', { n });
  const release = async () => {
    while (gates.length === 0) await Promise.resolve();
    gates.shift()!();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { listen, socket, caller, send, release, handled };
}

describe('the pipeline’s state of a socket', () => {
  it('is the caller, given through the one listener every socket shares', () => {
    const a = gatedPipeline();
    const b = gatedPipeline();
    expect(a.listen.callerOf(a.socket)).toBe(a.caller);
    const listenersOf = (s: Socket) => (s as unknown as { _anyListeners: unknown[] })._anyListeners;
    // one pipeline's sockets share one frozen array
    const other = { data: {} } as unknown as Socket;
    a.listen(other, { ...a.caller });
    expect(listenersOf(other) === listenersOf(a.socket)).toBe(true);
    expect(Object.isFrozen(listenersOf(a.socket))).toBe(true);
    expect(listenersOf(a.socket) === listenersOf(b.socket)).toBe(false);
  });

  it('makes the waiting list when an event has to wait, handles in order, and lets the list go once drained', async () => {
    const { caller, send, release, handled } = gatedPipeline();
    expect(caller.waiting).toBeUndefined();
    const first = send('1');
    // an idle socket's event is handled at once: nothing waits, no list
    expect(caller.busy).toBe(true);
    expect(caller.waiting).toBeUndefined();
    const later = [send('2'), send('3')];
    expect(caller.waiting?.map((i: Incoming) => (i.args[0] as { n: string }).n)).toEqual(['2', '3']);
    for (let i = 0; i < 3; i++) await release();
    await Promise.all([first, ...later]);
    expect(handled).toEqual(['1', '2', '3']);
    expect(caller.busy).toBe(false);
    expect(caller.waiting).toBeUndefined();
    // reused after idle: again handled at once, again no list
    const again = send('4');
    expect(caller.waiting).toBeUndefined();
    await release();
    await again;
    expect(handled).toEqual(['1', '2', '3', '4']);
    expect(caller.busy).toBe(false);
  });

  it('lets the list go when a later answer is still on its way', async () => {
    const listen = pipeline(pino({ level: 'silent' }));
    let answerLater: (() => void) | undefined;
    const routes: Routes = new Map([
      ['slow', { cost: 'event', run: async () => new Later(new Promise((resolve) => (answerLater = () => resolve({ ok: true })))) }],
    ]);
    const fake = { id: 's', connected: true, data: {}, _anyListeners: undefined as undefined | readonly ((this: Socket, ...args: unknown[]) => void)[] };
    const socket = fake as unknown as Socket;
    const caller: ListeningCaller = { role: 'customer', socketId: 's', conn: 'n.c', address: 'a', limits: new SocketLimits(budgets), routes, busy: false, waiting: undefined };
    listen(socket, caller);
    const acked = new Promise((resolve) => fake._anyListeners![0]!.call(socket, 'slow', {}, resolve));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(caller.busy).toBe(false);
    expect(caller.waiting).toBeUndefined();
    answerLater!();
    expect(await acked).toEqual({ ok: true });
  });
});
