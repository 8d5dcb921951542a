/**
 * The widget's own socket.io client (src/widget/session/ws-socket.ts) on the wire, with a fake WebSocket: the
 * Engine.IO v4 handshake, pings and the ping timeout, the namespace's CONNECT (with `auth`) and CONNECT_ERROR, events
 * and acks with ids, ack timeouts, DISCONNECT both ways, malformed and binary packets, and socket.io-client's
 * reconnection with its backoff. The frames are compared with socket.io-parser's own encoding.
 */
import { Encoder, PacketType } from 'socket.io-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throwLater } from '../../src/widget/session/throw-later.js';
import { wsSocket, type RelaySocket, type WebSocketClass, type WsSocketOptions } from '../../src/widget/session/ws-socket.js';
import { FakeWebSocket } from '../support/fake-websocket.js';

// The listeners' errors, reported as uncaught (throwLater is tested at the end).
vi.mock('../../src/widget/session/throw-later.js', () => ({ throwLater: vi.fn() }));

const socketIo = (packet: { type: number; nsp: string; id?: number; data?: unknown }) => `4${new Encoder().encode(packet)[0] as string}`;
const last = () => FakeWebSocket.made.at(-1)!;
const flush = () => vi.advanceTimersByTimeAsync(0);

let socket: RelaySocket;
const events: unknown[][] = [];

function make(options: WsSocketOptions = {}, url = 'https://relay.example/customer'): RelaySocket {
  socket = wsSocket(url, { WebSocket: FakeWebSocket as unknown as WebSocketClass, randomizationFactor: 0, reconnectionDelay: 100, reconnectionDelayMax: 250, ...options });
  for (const name of ['connect', 'connect_error', 'disconnect']) socket.on(name, (...args: unknown[]) => events.push([name, ...args]));
  return socket;
}

/** A socket connected to `/customer`: open packet, CONNECT, the relay's answer. */
async function connected(options: WsSocketOptions = {}): Promise<FakeWebSocket> {
  make(options).connect();
  const ws = last();
  ws.handshake();
  ws.receive('40/customer,{"sid":"socket-sid"}');
  await flush();
  expect(socket.connected).toBe(true);
  return ws;
}

/** What the socket's packet handling throws (none of the listeners' errors: throwLater reports those). */
function catchThrown(): unknown[] {
  const thrown: unknown[] = [];
  const enqueue = globalThis.queueMicrotask;
  vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) =>
    enqueue(() => {
      try {
        task();
      } catch (err) {
        thrown.push(err);
      }
    }),
  );
  return thrown;
}

/** The first reconnection attempt after a drop (`reconnectionDelay` 100 ms), connected. */
async function reconnected(): Promise<FakeWebSocket> {
  await vi.advanceTimersByTimeAsync(100);
  last().handshake();
  last().receive('40/customer,{"sid":"s2"}');
  await flush();
  return last();
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.made = [];
  events.length = 0;
  vi.mocked(throwLater).mockClear();
});

afterEach(() => {
  socket.disconnect();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the engine', () => {
  it('opens a WebSocket at <path>/?EIO=4&transport=websocket on the relay’s origin, ws or wss', () => {
    make({ path: '/support/socket.io/' }).connect();
    expect(last().url).toBe('wss://relay.example/support/socket.io/?EIO=4&transport=websocket');
    socket.disconnect();
    make({}, 'http://127.0.0.1:8080/customer').connect();
    expect(last().url).toBe('ws://127.0.0.1:8080/socket.io/?EIO=4&transport=websocket');
  });

  it('connects nothing before connect(), and throws at once on a server address that is no URL', () => {
    make();
    expect(FakeWebSocket.made).toHaveLength(0);
    expect(() => wsSocket('relay/customer', { WebSocket: FakeWebSocket as unknown as WebSocketClass })).toThrow();
  });

  it('answers each ping with a pong, and closes with `ping timeout` when none comes within pingInterval + pingTimeout', async () => {
    const ws = await connected();
    await vi.advanceTimersByTimeAsync(1_400);
    ws.receive('2');
    expect(ws.sent.at(-1)).toBe('3');
    await vi.advanceTimersByTimeAsync(1_400);
    expect(socket.connected).toBe(true);
    await vi.advanceTimersByTimeAsync(101);
    expect(events.at(-1)).toEqual(['disconnect', 'ping timeout']);
    expect(ws.closed).toBe(true);
  });

  it('keeps what it sends once the ping time passed unnoticed (a throttled timer) and closes with `ping timeout`', async () => {
    const ws = await connected();
    vi.setSystemTime(Date.now() + 5_000);
    socket.emit('chat:typing', { typing: true });
    const answer = socket.timeout(5_000).emitWithAck('waiting', {});
    expect(ws.sent.filter((f) => f.startsWith('42'))).toEqual([]);
    await Promise.resolve();
    expect(events.at(-1)).toEqual(['disconnect', 'ping timeout']);
    // Sent on the next connection, where the ack awaited comes.
    const again = await reconnected();
    expect(again.sent.slice(1)).toEqual(['42/customer,["chat:typing",{"typing":true}]', '42/customer,0["waiting",{}]']);
    again.receive('43/customer,0[{"ok":true}]');
    await expect(answer).resolves.toEqual({ ok: true });
  });

  it('fails an open that takes longer than `timeout` with connect_error, a transport error', async () => {
    make({ timeout: 1_000, reconnection: false }).connect();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([['connect_error', expect.objectContaining({ type: 'TransportError', description: 'timeout' })]]);
    expect(last().closed).toBe(true);
  });

  it('fails an open whose CONNECT the relay does not answer within `timeout` (the engine pinging), and tries again', async () => {
    make({ timeout: 1_000 }).connect();
    const ws = last();
    ws.handshake(400, 500);
    for (let i = 0; i < 4; i++) {
      ws.receive('2');
      await vi.advanceTimersByTimeAsync(250);
    }
    expect(events).toEqual([['connect_error', new Error('timeout')]]);
    expect(ws.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it('ignores what an engine gone meanwhile said (frames and the close in one go, as Node’s `ws` delivers them)', async () => {
    make().connect();
    const ws = last();
    ws.handshake();
    ws.receive('40/customer,{"sid":"socket-sid"}');
    ws.drop();
    await flush();
    expect(socket.connected).toBe(false);
    expect(events).toEqual([['disconnect', 'transport close']]);
    expect((await reconnected()).sent).toEqual(['40/customer,']);
    expect(events.at(-1)).toEqual(['connect']);
  });

  it('fails the open (connect_error, no `ping timeout` loop) on an open packet without valid ping times', async () => {
    const bad = ['{"sid":"e"}', '{"sid":"e","pingInterval":0,"pingTimeout":500}', '{"sid":"e","pingInterval":"1000","pingTimeout":500}', '{"sid":"e","pingInterval":1e400,"pingTimeout":500}', '{"sid":"e","pingInterval":2147483000,"pingTimeout":1000}'];
    for (const handshake of bad) {
      make({ reconnection: false }).connect();
      last().receive(`0${handshake}`);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(events, handshake).toEqual([['connect_error', expect.any(Error)]]);
      expect(last().closed).toBe(true);
      expect(last().sent).toEqual([]);
      socket.disconnect();
      events.length = 0;
    }
    expect(FakeWebSocket.made).toHaveLength(bad.length);
  });

  it('clears the open’s time limit on the relay’s answer to CONNECT: a live connection is not closed `timeout` ms later', async () => {
    const ws = await connected({ timeout: 1_000 });
    await vi.advanceTimersByTimeAsync(900);
    ws.receive('2');
    await vi.advanceTimersByTimeAsync(900);
    expect(ws.closed).toBe(false);
    socket.emit('still', {});
    expect(ws.sent.at(-1)).toBe('42/customer,["still",{}]');
    expect(events).toEqual([['connect']]);
  });

  it('reports a WebSocket that could not be opened as a transport error', async () => {
    make({ reconnection: false }).connect();
    last().fail();
    await flush();
    expect(events).toHaveLength(1);
    expect(events[0]![1]).toMatchObject({ message: 'websocket error', type: 'TransportError' });
  });
});

describe('the namespace', () => {
  it('sends CONNECT with the `auth` payload (an object or a function that gives it) once the engine is open', async () => {
    make({ auth: { token: 't-1' } }).connect();
    expect(last().sent).toEqual([]);
    last().handshake();
    expect(last().sent).toEqual([socketIo({ type: PacketType.CONNECT, nsp: '/customer', data: { token: 't-1' } })]);
    socket.disconnect();
    make({ auth: (give) => give({ token: 't-2' }) }, 'https://relay.example/technician').connect();
    last().handshake();
    expect(last().sent).toEqual(['40/technician,{"token":"t-2"}']);
    socket.disconnect();
    make().connect();
    last().handshake();
    expect(last().sent).toEqual(['40/customer,']);
  });

  it('sends CONNECT once when connect() is called again while it waits for the relay’s answer', async () => {
    make().connect();
    last().handshake();
    socket.connect();
    expect(last().sent).toEqual(['40/customer,']);
    last().receive('40/customer,{"sid":"s"}');
    await flush();
    socket.connect();
    expect(events).toEqual([['connect']]);
    expect(last().sent).toEqual(['40/customer,']);
  });

  it('is connected on the relay’s answer, and ignores packets of other namespaces', async () => {
    make().connect();
    last().handshake();
    last().receive('40/technician,{"sid":"other"}');
    await flush();
    expect(socket.connected).toBe(false);
    last().receive('40/customer,{"sid":"socket-sid"}');
    await flush();
    expect(events).toEqual([['connect']]);
  });

  it('gives the relay’s CONNECT_ERROR as connect_error with its data, and does not try again', async () => {
    make().connect();
    last().handshake();
    last().receive('44/customer,{"message":"forbidden","data":{"code":"forbidden-origin","message":"no"}}');
    await flush();
    expect(events).toHaveLength(1);
    const err = events[0]![1] as Error & { data: unknown };
    expect(err.message).toBe('forbidden');
    expect(err.data).toEqual({ code: 'forbidden-origin', message: 'no' });
    expect(last().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeWebSocket.made).toHaveLength(1);
  });
});

describe('events and acks', () => {
  it('sends events as socket.io-parser encodes them, with ack ids counting up', async () => {
    const ws = await connected();
    const payload = { clientId: 'c-1', text: 'Grüße "x" \\ 🎉\u2028' };
    socket.emit('chat:typing', { typing: true });
    socket.timeout(1_000).emit('chat:send', payload, () => undefined);
    void socket.timeout(1_000).emitWithAck('session:join', { code: '123456' }).catch(() => undefined);
    expect(ws.sent.slice(-3)).toEqual([
      socketIo({ type: PacketType.EVENT, nsp: '/customer', data: ['chat:typing', { typing: true }] }),
      socketIo({ type: PacketType.EVENT, nsp: '/customer', data: ['chat:send', payload], id: 0 }),
      socketIo({ type: PacketType.EVENT, nsp: '/customer', data: ['session:join', { code: '123456' }], id: 1 }),
    ]);
  });

  it('hands the relay’s ack to the callback (error first with a timeout) and to emitWithAck', async () => {
    const ws = await connected();
    const plain = vi.fn();
    const timed = vi.fn();
    socket.emit('a', {}, plain);
    socket.timeout(1_000).emit('b', {}, timed);
    const answer = socket.timeout(1_000).emitWithAck('c', {});
    ws.receive('43/customer,2[{"ok":true,"n":3}]');
    ws.receive('43/customer,0[{"ok":true,"n":1}]');
    ws.receive('43/customer,1[{"ok":false}]');
    await flush();
    expect(plain).toHaveBeenCalledWith({ ok: true, n: 1 });
    expect(timed).toHaveBeenCalledWith(null, { ok: false });
    await expect(answer).resolves.toEqual({ ok: true, n: 3 });
    // An ack that came already, or was never asked for, is ignored.
    ws.receive('43/customer,0[{"ok":true}]');
    await flush();
    expect(plain).toHaveBeenCalledTimes(1);
  });

  it('times an ack out (`operation has timed out`), and ignores the answer that comes later', async () => {
    const ws = await connected();
    const answer = socket.timeout(500).emitWithAck('slow', {});
    const settled = expect(answer).rejects.toThrow('operation has timed out');
    await vi.advanceTimersByTimeAsync(500);
    await settled;
    ws.receive('43/customer,0[{"ok":true}]');
    await flush();
  });

  it('keeps emits made while disconnected for the connection, fails acks the drop took (`socket has been disconnected`)', async () => {
    const ws = await connected();
    const inFlight = socket.timeout(5_000).emitWithAck('sent', {});
    const failed = expect(inFlight).rejects.toThrow('socket has been disconnected');
    ws.drop();
    await failed;
    expect(events.at(-1)).toEqual(['disconnect', 'transport close']);
    const queued = socket.timeout(5_000).emitWithAck('queued', { n: 1 });
    socket.emit('typing', { typing: false });
    await vi.advanceTimersByTimeAsync(100);
    const again = last();
    again.handshake();
    expect(again.sent).toEqual(['40/customer,']);
    again.receive('40/customer,{"sid":"s2"}');
    await flush();
    expect(again.sent.slice(1)).toEqual(['42/customer,1["queued",{"n":1}]', '42/customer,["typing",{"typing":false}]']);
    again.receive('43/customer,1[{"ok":true}]');
    await expect(queued).resolves.toEqual({ ok: true });
  });

  it('hands the relay’s events to their listeners, with an ack function last when the relay asked for one (answered once)', async () => {
    const ws = await connected();
    const chunks: unknown[][] = [];
    socket.on('file:chunk', (...args: unknown[]) => chunks.push(args));
    const messages: unknown[] = [];
    const onMessage = (m: unknown) => messages.push(m);
    socket.on('chat:message', onMessage);
    ws.receive('42/customer,["chat:message",{"text":"hi"}]');
    ws.receive('42/customer,7["file:chunk",{"transferId":"t","index":0}]');
    await flush();
    expect(messages).toEqual([{ text: 'hi' }]);
    const [payload, ack] = chunks[0] as [unknown, (answer: unknown) => void];
    expect(payload).toEqual({ transferId: 't', index: 0 });
    ack({ ok: true });
    ack({ ok: false });
    expect(ws.sent.filter((f) => f.startsWith('43'))).toEqual([socketIo({ type: PacketType.ACK, nsp: '/customer', id: 7, data: [{ ok: true }] })]);
    socket.off('chat:message', onMessage);
    ws.receive('42/customer,["chat:message",{"text":"again"}]');
    await flush();
    expect(messages).toHaveLength(1);
  });

  it('ignores an event without a payload or whose name is no string (as socket.io-client does), and acks none of them', async () => {
    const thrown = catchThrown();
    const ws = await connected();
    const any = vi.fn();
    socket.on('5', any);
    socket.on('undefined', any);
    for (const frame of ['42/customer,', '42/customer,3', '42/customer,[5,{}]', '42/customer,4[5]']) ws.receive(frame);
    ws.receive('42/customer,["chat:message",{"text":"hi"}]');
    const messages: unknown[] = [];
    socket.on('chat:message', (m: unknown) => messages.push(m));
    await flush();
    expect(messages).toEqual([{ text: 'hi' }]);
    expect(any).not.toHaveBeenCalled();
    expect(ws.sent.filter((f) => f.startsWith('43'))).toEqual([]);
    expect(socket.connected).toBe(true);
    expect(thrown).toEqual([]);
  });

  it('connects, sends what waited and replays the relay’s events once, even after an empty event or a listener that throws', async () => {
    const thrown = catchThrown();
    make().connect();
    const ws = last();
    ws.handshake();
    socket.emit('waiting', { n: 1 });
    const messages: unknown[] = [];
    const others: unknown[] = [];
    socket.on('chat:message', (m: unknown) => {
      messages.push(m);
      throw new Error('listener');
    });
    socket.on('chat:message', (m: unknown) => others.push(m));
    ws.receive('42/customer,');
    ws.receive('42/customer,["chat:message",{"text":"early"}]');
    ws.receive('42/customer,["chat:message",{"text":"second"}]');
    ws.receive('40/customer,{"sid":"socket-sid"}');
    await flush();
    expect(socket.connected).toBe(true);
    expect(events).toEqual([['connect']]);
    expect(ws.sent.at(-1)).toBe('42/customer,["waiting",{"n":1}]');
    // Every buffered event reaches every listener; each error is reported, none thrown at the socket.
    expect(messages).toEqual([{ text: 'early' }, { text: 'second' }]);
    expect(others).toEqual(messages);
    expect(vi.mocked(throwLater).mock.calls).toEqual([[new Error('listener')], [new Error('listener')]]);
    expect(thrown).toEqual([]);
    // Replayed once: not again on the next connection.
    ws.drop();
    expect((await reconnected()).sent).toEqual(['40/customer,']);
    expect(messages).toHaveLength(2);
  });

  it('fails the acks a drop took even when a `disconnect` listener throws', async () => {
    const ws = await connected();
    socket.on('disconnect', () => {
      throw new Error('listener');
    });
    const answer = socket.timeout(5_000).emitWithAck('sent', {});
    const failed = expect(answer).rejects.toThrow('socket has been disconnected');
    ws.drop();
    await failed;
    expect(events.at(-1)).toEqual(['disconnect', 'transport close']);
    expect(throwLater).toHaveBeenCalledWith(new Error('listener'));
  });

  it('drops a packet whose ack timed out while waiting to be sent: it is not sent on the next connection', async () => {
    const ws = await connected();
    ws.drop();
    const ack = vi.fn();
    socket.timeout(50).emit('late', {}, ack);
    socket.emit('kept', {});
    await vi.advanceTimersByTimeAsync(50);
    expect(ack).toHaveBeenCalledWith(new Error('operation has timed out'));
    expect(FakeWebSocket.made).toHaveLength(1);
    expect((await reconnected()).sent).toEqual(['40/customer,', '42/customer,["kept",{}]']);
  });

  it('closes with `parse error` on a malformed packet, a binary frame or binary attachments (`transport error` on what is no engine packet)', async () => {
    for (const frame of ['42/customer,["connect"]', '42/customer,{', '451-/customer,["x",{"_placeholder":true,"num":0}]', new ArrayBuffer(4), 'x']) {
      const ws = await connected();
      events.length = 0;
      ws.receive(frame);
      await flush();
      expect(events, typeof frame === 'string' ? frame : 'binary').toEqual([['disconnect', frame === 'x' ? 'transport error' : 'parse error']]);
      expect(ws.closed).toBe(true);
      socket.disconnect();
    }
  });
});

describe('disconnection and reconnection', () => {
  it('disconnect() sends DISCONNECT, closes the WebSocket and says `io client disconnect`; no reconnection', async () => {
    const ws = await connected();
    socket.disconnect();
    expect(ws.sent.at(-1)).toBe(socketIo({ type: PacketType.DISCONNECT, nsp: '/customer' }));
    expect(ws.closed).toBe(true);
    expect(events.at(-1)).toEqual(['disconnect', 'io client disconnect']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeWebSocket.made).toHaveLength(1);
  });

  it('disconnect() in every state leaves no timer, no reconnection, and hears nothing more from its WebSocket', async () => {
    const states: Record<string, () => Promise<unknown>> = {
      'not connected yet': async () => make(),
      opening: async () => make().connect(),
      'waiting for the answer to CONNECT': async () => (make().connect(), last().handshake()),
      connected: () => connected(),
      'waiting for an attempt': async () => (await connected()).fail(),
      'disconnected already': async () => (await connected(), socket.disconnect()),
    };
    for (const [state, reach] of Object.entries(states)) {
      FakeWebSocket.made = [];
      await reach();
      socket.disconnect();
      expect(vi.getTimerCount(), state).toBe(0);
      events.length = 0;
      const heard = vi.fn();
      socket.on('chat:message', heard);
      for (const ws of FakeWebSocket.made) {
        expect(ws.closed, state).toBe(true);
        ws.receive('40/customer,{"sid":"late"}');
        ws.receive('42/customer,["chat:message",{}]');
        ws.drop();
      }
      await vi.advanceTimersByTimeAsync(30_000);
      expect(vi.getTimerCount(), state).toBe(0);
      expect(events, state).toEqual([]);
      expect(heard, state).not.toHaveBeenCalled();
      expect(socket.connected, state).toBe(false);
      expect(FakeWebSocket.made.length, state).toBeLessThanOrEqual(1);
    }
  });

  it('a DISCONNECT from the relay is `io server disconnect`, after which it does not reconnect by itself; connect() does', async () => {
    const ws = await connected();
    ws.receive('41/customer,');
    await flush();
    expect(events.at(-1)).toEqual(['disconnect', 'io server disconnect']);
    expect(ws.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeWebSocket.made).toHaveLength(1);
    socket.connect();
    last().handshake();
    last().receive('40/customer,{"sid":"s2"}');
    await flush();
    expect(events.at(-1)).toEqual(['connect']);
  });

  it('takes a CONNECT_ERROR once connected for the relay’s disconnect (`io server disconnect`): not connected to nothing', async () => {
    const ws = await connected();
    const answer = socket.timeout(5_000).emitWithAck('sent', {});
    const failed = expect(answer).rejects.toThrow('socket has been disconnected');
    ws.receive('44/customer,{"message":"late","data":{"code":"unavailable","message":"late"}}');
    await failed;
    expect(events).toEqual([['connect'], ['disconnect', 'io server disconnect']]);
    expect(socket.connected).toBe(false);
    expect(ws.closed).toBe(true);
  });

  it('reconnects after a lost connection with socket.io-client’s backoff (delay doubled per attempt, up to the maximum)', async () => {
    const ws = await connected();
    ws.fail();
    expect(events.at(-1)).toEqual(['disconnect', 'transport error']);
    const opened: number[] = [];
    const start = Date.now();
    for (let attempt = 0; attempt < 4; attempt++) {
      const count = FakeWebSocket.made.length;
      await vi.waitUntil(() => FakeWebSocket.made.length > count || (vi.advanceTimersByTime(10), false), { timeout: 10_000, interval: 0 });
      opened.push(Date.now() - start);
      last().fail();
    }
    expect(opened).toEqual([100, 300, 550, 800]);
    expect(events.filter(([name]) => name === 'connect_error')).toHaveLength(4);
    // The next attempt succeeds: the backoff starts again from its minimum after the next drop.
    await vi.advanceTimersByTimeAsync(250);
    last().handshake();
    last().receive('40/customer,{"sid":"s2"}');
    await flush();
    expect(events.at(-1)).toEqual(['connect']);
    const before = FakeWebSocket.made.length;
    last().fail();
    await vi.advanceTimersByTimeAsync(99);
    expect(FakeWebSocket.made).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.made).toHaveLength(before + 1);
  });

  it('randomizes the delay by `randomizationFactor` as socket.io-client does', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const ws = await connected({ randomizationFactor: 0.5, reconnectionDelay: 1_000, reconnectionDelayMax: 10_000 });
    ws.fail();
    // rand 0.25: deviation floor(0.25 * 0.5 * 1000) = 125, added as floor(2.5) is even → 1000 - 125.
    await vi.advanceTimersByTimeAsync(874);
    expect(FakeWebSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it('does not reconnect with `reconnection: false`, nor after disconnect() while waiting for an attempt', async () => {
    let ws = await connected({ reconnection: false });
    ws.fail();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeWebSocket.made).toHaveLength(1);
    socket.disconnect();
    FakeWebSocket.made = [];
    ws = await connected();
    ws.fail();
    socket.disconnect();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeWebSocket.made).toHaveLength(1);
  });

  it('closes with `transport close` when the browser goes offline (unless the relay is on localhost)', async () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    try {
      const ws = await connected();
      target.dispatchEvent(new Event('offline'));
      expect(events.at(-1)).toEqual(['disconnect', 'transport close']);
      expect(ws.closed).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('stops listening for `offline` when the engine closes, and does not listen on localhost', async () => {
    const target = new EventTarget();
    const listening = new Set<unknown>();
    vi.stubGlobal('addEventListener', (type: string, listener: EventListener) => (listening.add(listener), target.addEventListener(type, listener)));
    vi.stubGlobal('removeEventListener', (type: string, listener: EventListener) => (listening.delete(listener), target.removeEventListener(type, listener)));
    try {
      const ws = await connected({ reconnection: false });
      expect(listening.size).toBe(1);
      ws.drop();
      expect(listening.size).toBe(0);
      target.dispatchEvent(new Event('offline'));
      expect(events.filter(([name]) => name === 'disconnect')).toHaveLength(1);
      make({}, 'http://localhost:3000/customer').connect();
      last().handshake();
      last().receive('40/customer,{"sid":"s"}');
      await flush();
      expect(listening.size).toBe(0);
      target.dispatchEvent(new Event('offline'));
      expect(socket.connected).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('throwLater', () => {
  it('throws the error it is given later, uncaught, and returns at once', async () => {
    const actual = await vi.importActual<typeof import('../../src/widget/session/throw-later.js')>('../../src/widget/session/throw-later.js');
    actual.throwLater(new Error('later'));
    await expect(vi.advanceTimersByTimeAsync(0)).rejects.toThrow('later');
  });
});
