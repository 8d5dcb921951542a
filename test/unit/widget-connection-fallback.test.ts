/**
 * The widget's connection (src/widget/session/connection.ts) between its own WebSocket client and socket.io-client
 * with long-polling, with a fake WebSocket and a stand-in for socket.io-client's chunk: the WebSocket first;
 * socket.io-client (long-polling first) once the WebSocket cannot be opened, on the first connection and on the
 * reconnection attempts after a drop, its socket wired like the first; nothing to fall back to when the page asked
 * for the WebSocket alone; and no fallback when the WebSocket is back before socket.io-client is loaded, nor for a
 * connection closed meanwhile; a chunk that could not be loaded is tried again; a first connection dropped right after
 * the handshake is unreachable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WidgetConnection } from '../../src/widget/session/connection.js';
import type { RelaySocket } from '../../src/widget/session/ws-socket.js';
import { FakeWebSocket } from '../support/fake-websocket.js';

/** socket.io-client's socket as the connection uses it: connects (asynchronously) when asked. */
class FakeClientSocket implements RelaySocket {
  connected = false;
  connects = 0;
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  constructor(readonly options: Record<string, unknown>) {}
  connect(): this {
    this.connects++;
    queueMicrotask(() => {
      this.connected = true;
      for (const listener of this.listeners.get('connect') ?? []) listener();
    });
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
  on(event: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  off(event: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(): this {
    return this;
  }
  timeout(): { emit: () => FakeClientSocket; emitWithAck: () => Promise<unknown> } {
    return { emit: () => this, emitWithAck: () => Promise.resolve({ ok: true }) };
  }
}

const client = vi.hoisted(() => ({ made: [] as { url: string; socket: unknown }[], loading: Promise.resolve<void>(undefined), loads: 0 }));
vi.mock('../../src/widget/session/socket-client.js', () => ({
  io: (url: string, options: Record<string, unknown>) => {
    const socket = new FakeClientSocket(options);
    client.made.push({ url, socket });
    return socket;
  },
  loadPolling: () => (client.loads++, client.loading),
}));

const wired: RelaySocket[] = [];
let link: WidgetConnection;
/** A fresh module for each test: the connection keeps socket.io-client's chunk once loaded. */
let Connection: typeof WidgetConnection;

function connection(socketOptions: Record<string, unknown> = {}): WidgetConnection {
  link = new Connection({
    server: 'https://relay.example/support',
    socketOptions: { WebSocket: FakeWebSocket, reconnectionDelay: 10, reconnectionDelayMax: 10, randomizationFactor: 0, ...socketOptions },
    wire: (socket) => wired.push(socket),
  });
  return link;
}

/** The fake WebSocket `n` (from 0), once made. */
const webSocket = (n: number) => vi.waitUntil(() => FakeWebSocket.made[n]);

/** What `promise` resolved to, or `pending`, after the tasks queued so far. */
async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20))]);
}

/** A transport error of socket.io-client's socket (long-polling could not reach the relay). */
const transportError = () => Object.assign(new Error('xhr poll error'), { type: 'TransportError' });

/** Connected on the widget's own socket, then dropped, and the first reconnection attempt's WebSocket refused. */
async function droppedAndRefused(): Promise<RelaySocket> {
  const opened = connection().openConnected();
  const ws = await webSocket(0);
  ws.handshake();
  ws.receive('40/customer,{"sid":"s"}');
  const first = (await opened) as RelaySocket;
  ws.drop();
  (await webSocket(1)).fail();
  return first;
}

beforeEach(async () => {
  vi.resetModules();
  ({ WidgetConnection: Connection } = await import('../../src/widget/session/connection.js'));
  FakeWebSocket.made = [];
  client.made = [];
  client.loading = Promise.resolve();
  client.loads = 0;
  wired.length = 0;
});

afterEach(() => link.close());

describe('the connection’s socket', () => {
  it('is the widget’s own on a WebSocket, at the relay’s path', async () => {
    const opened = connection().openConnected();
    const ws = await webSocket(0);
    expect(ws.url).toBe('wss://relay.example/support/socket.io/?EIO=4&transport=websocket');
    ws.handshake();
    ws.receive('40/customer,{"sid":"s"}');
    const socket = await opened;
    expect(socket).toBe(link.socket);
    expect(wired).toEqual([socket]);
    expect(client.made).toEqual([]);
  });

  it('is socket.io-client’s with long-polling first when the WebSocket cannot be opened, wired like the first', async () => {
    const opened = connection().openConnected();
    (await webSocket(0)).fail();
    const socket = await opened;
    expect(client.made).toHaveLength(1);
    expect(client.made[0]!.url).toBe('https://relay.example/customer');
    expect(client.made[0]!.socket).toBe(socket);
    expect((socket as FakeClientSocket).options).toMatchObject({ transports: ['polling', 'websocket'], path: '/support/socket.io' });
    expect(link.socket).toBe(socket);
    expect(wired).toHaveLength(2);
    expect(wired[1]).toBe(socket);
  });

  it('is unreachable when the page asked for the WebSocket alone and it cannot be opened', async () => {
    const opened = connection({ transports: ['websocket'] }).openConnected();
    (await webSocket(0)).fail();
    expect(await opened).toBe('unreachable');
    expect(client.made).toEqual([]);
  });

  it('is socket.io-client’s at once when the page asks for long-polling first', async () => {
    const socket = await connection({ transports: ['polling', 'websocket'] }).openConnected();
    expect(FakeWebSocket.made).toEqual([]);
    expect((socket as FakeClientSocket).options).toMatchObject({ transports: ['polling', 'websocket'] });
  });

  it('falls back after a drop when a reconnection attempt cannot open the WebSocket: socket.io-client’s socket connects', async () => {
    const first = await droppedAndRefused();
    await vi.waitUntil(() => client.made.length === 1);
    const next = client.made[0]!.socket as FakeClientSocket;
    await vi.waitUntil(() => next.connected);
    expect(link.socket).toBe(next);
    expect(wired).toEqual([first, next]);
    // The widget's own socket tries no more.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it('stays on its WebSocket when that is back before socket.io-client is loaded', async () => {
    let loaded!: () => void;
    client.loading = new Promise((resolve) => (loaded = resolve));
    const first = await droppedAndRefused();
    const again = await webSocket(2);
    again.handshake();
    again.receive('40/customer,{"sid":"s2"}');
    await vi.waitUntil(() => first.connected);
    loaded();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(link.socket).toBe(first);
    expect(wired).toEqual([first]);
    expect(client.made.every(({ socket }) => (socket as FakeClientSocket).connects === 0)).toBe(true);
  });

  it('falls back when the WebSocket breaks after the handshake, before the relay’s answer', async () => {
    const opened = connection().openConnected();
    const ws = await webSocket(0);
    ws.handshake();
    ws.fail();
    const socket = await opened;
    expect(client.made.map((c) => c.socket)).toEqual([socket]);
    expect(link.socket).toBe(socket);
  });

  it('falls back when nothing comes through the WebSocket in the open’s time limit (an upgrade taken by a proxy that passes no frames)', async () => {
    const opened = connection({ timeout: 30 }).openConnected();
    await webSocket(0);
    const socket = await opened;
    expect(client.made.map((c) => c.socket)).toEqual([socket]);
    expect(link.socket).toBe(socket);
  });

  it('gives a first connection dropped right after the handshake up as unreachable, and does not retry it', async () => {
    const opened = connection().openConnected();
    const ws = await webSocket(0);
    ws.handshake();
    ws.drop();
    expect(await settled(opened)).toBe('unreachable');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeWebSocket.made).toHaveLength(1);
    expect(client.made).toEqual([]);
  });

  it('uses no socket of a connection closed while socket.io-client was loading: the new one stays', async () => {
    let loaded!: () => void;
    client.loading = new Promise((resolve) => (loaded = resolve));
    const first = connection().openConnected();
    (await webSocket(0)).fail();
    await vi.waitUntil(() => client.loads === 1);
    link.close();
    const second = link.openConnected();
    const ws = await webSocket(1);
    ws.handshake();
    ws.receive('40/customer,{"sid":"s2"}');
    const socket = await second;
    expect(await settled(first)).toBeUndefined();
    loaded();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.made).toEqual([]);
    expect(link.socket).toBe(socket);
    expect(wired).toEqual([wired[0], socket]);
  });

  it('tries loading socket.io-client again at the next error when it could not be loaded', async () => {
    client.loading = Promise.reject(new Error('chunk not loaded'));
    client.loading.catch(() => undefined);
    await droppedAndRefused();
    await vi.waitUntil(() => client.loads === 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    client.loading = Promise.resolve();
    expect(client.made).toEqual([]);
    (await webSocket(2)).fail();
    await vi.waitUntil(() => client.made.length === 1);
    const next = client.made[0]!.socket as FakeClientSocket;
    await vi.waitUntil(() => next.connected);
    expect(link.socket).toBe(next);
  });

  it('falls back once: a transport error of socket.io-client’s socket neither makes another nor connects it again', async () => {
    await droppedAndRefused();
    await vi.waitUntil(() => client.made.length === 1);
    const next = client.made[0]!.socket as FakeClientSocket;
    await vi.waitUntil(() => next.connected);
    for (const listener of next.listeners.get('connect_error') ?? []) listener(transportError());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.made).toHaveLength(1);
    expect(next.connects).toBe(1);
    expect(link.socket).toBe(next);
  });
});
