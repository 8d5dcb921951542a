/**
 * The widget's own socket.io client (src/widget/session/ws-socket.ts) on the wire, with a fake WebSocket: the
 * Engine.IO v4 handshake, pings and the ping timeout, the namespace's CONNECT (with `auth`) and CONNECT_ERROR, events
 * and acks with ids, ack timeouts, DISCONNECT both ways, malformed and binary packets, and socket.io-client's
 * reconnection with its backoff. The frames are compared with socket.io-parser's own encoding.
 */
import { Encoder, PacketType } from 'socket.io-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wsSocket, type RelaySocket, type WebSocketClass, type WsSocketOptions } from '../../src/widget/session/ws-socket.js';
import { FakeWebSocket } from '../support/fake-websocket.js';

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

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.made = [];
  events.length = 0;
});

afterEach(() => {
  socket.disconnect();
  vi.useRealTimers();
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
    expect(ws.sent.filter((f) => f.includes('chat:typing'))).toEqual([]);
    await Promise.resolve();
    expect(events.at(-1)).toEqual(['disconnect', 'ping timeout']);
    // Sent on the next connection.
    await vi.advanceTimersByTimeAsync(100);
    last().handshake();
    last().receive('40/customer,{"sid":"s2"}');
    await flush();
    expect(last().sent.at(-1)).toBe('42/customer,["chat:typing",{"typing":true}]');
  });

  it('fails an open that takes longer than `timeout` with connect_error `timeout`', async () => {
    make({ timeout: 1_000, reconnection: false }).connect();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([['connect_error', new Error('timeout')]]);
    expect(last().closed).toBe(true);
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
});
