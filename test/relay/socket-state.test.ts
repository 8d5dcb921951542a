/**
 * Nothing of a socket outlives it on the relay: after many paired sockets sent events and went, their socket.io
 * sockets and their callers (with the limits and waiting lists the pipeline made for them) are garbage.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Socket as ServerSocket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_NAMESPACE, TECHNICIAN_NAMESPACE } from '../../src/protocol/index.js';
import { MemoryStore } from '../../src/server/memory-store.js';
import { ok, pair, sleep, startRelay } from './support.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

describe('what the relay keeps per socket', () => {
  it('is gone once the socket is: many sockets connect, send, disconnect, and nothing of them remains', async () => {
    const t = await startRelay();
    const gone: WeakRef<object>[] = [];
    const watch = (socket: ServerSocket) =>
      // After the relay's own connection listener: the caller is there by then.
      setImmediate(() => {
        gone.push(new WeakRef(socket));
        for (const key of Object.getOwnPropertySymbols(socket.data)) gone.push(new WeakRef((socket.data as Record<symbol, object>)[key]!));
      });
    t.relay.io.of(CUSTOMER_NAMESPACE).on('connection', watch);
    t.relay.io.of(TECHNICIAN_NAMESPACE).on('connection', watch);

    const pairs = 15;
    for (let i = 0; i < pairs; i++) {
      const { tech, cust } = await pair(t);
      // Events at once, so that some wait behind others (the waiting list is made), and a chat message (its window).
      await Promise.all([ok(cust, 'chat:send', { clientId: `a${i}`, text: 'hello' }), ok(cust, 'chat:typing', { typing: true }), ok(tech, 'chat:typing', { typing: false })]);
      tech.disconnect();
      cust.disconnect();
    }
    for (let waited = 0; waited < 5000 && t.relay.io.of(CUSTOMER_NAMESPACE).sockets.size + t.relay.io.of(TECHNICIAN_NAMESPACE).sockets.size > 0; waited += 20) await sleep(20);
    expect(t.relay.io.of(CUSTOMER_NAMESPACE).sockets.size + t.relay.io.of(TECHNICIAN_NAMESPACE).sockets.size).toBe(0);
    // A socket and its caller each, for every socket.
    expect(gone.length).toBe(2 * 2 * pairs);

    let left = gone.length;
    for (let round = 0; round < 20 && left > 0; round++) {
      await sleep(50);
      gc();
      left = gone.filter((ref) => ref.deref() !== undefined).length;
    }
    expect(left).toBe(0);
  }, 60_000);
});

describe('what the relay keeps per session', () => {
  it('shares the consent timings and offered list between sessions, frozen: no session can change them for another', async () => {
    const store = new MemoryStore();
    const t = await startRelay({ store });
    const [a, b] = [await pair(t), await pair(t)];
    const [ca, cb] = [(await store.getSession(a.sessionId))!.consent, (await store.getSession(b.sessionId))!.consent];
    expect(ca.timings).toBe(cb.timings);
    expect(ca.offered).toBe(cb.offered);
    expect(Object.isFrozen(ca.timings)).toBe(true);
    expect(Object.isFrozen(ca.offered)).toBe(true);
  });
});
