/**
 * The widget's own socket.io client (src/widget/session/ws-socket.ts) against the real relay on loopback (this run's
 * store), next to socket.io-client as the other side: the technician namespace's connection with `auth`, the relay's
 * refusals as connect_error with their data, events and acks both ways, an ack that times out, a disconnect from the
 * relay's side, and reconnection by itself after the relay restarted. (The fallback to socket.io-client with
 * long-polling where a WebSocket is refused: widget-connection.test.ts.)
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wsSocket, type RelaySocket, type WsSocketOptions } from '../../src/widget/session/ws-socket.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { nodeSocketOptions, nodeWebSocket } from '../support/node-websocket.js';
import { collect, next, ok, ORIGIN, sleep, startRelay, technician } from './support.js';

const sockets: RelaySocket[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

function ours(url: string, options: WsSocketOptions = {}, origin = ORIGIN): RelaySocket {
  const socket = wsSocket(url, { WebSocket: nodeWebSocket(origin), reconnection: false, ...options });
  sockets.push(socket);
  return socket;
}

/** Connects `socket`: resolves once connected, rejects with its connect_error. */
function connect(socket: RelaySocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      socket.off('connect', done);
      socket.off('connect_error', done);
      if (err) reject(err);
      else resolve();
    };
    socket.on('connect', done);
    socket.on('connect_error', done);
    socket.connect();
  });
}

const ask = <T>(socket: RelaySocket, event: string, payload: unknown = {}) => socket.timeout(5_000).emitWithAck(event, payload) as Promise<T>;

describe('the widget’s WebSocket client against the relay', () => {
  it('connects to the technician namespace with `auth`, asks with acks, and events go both ways', async () => {
    const t = await startRelay();
    const tech = ours(`${t.url}/technician`, { auth: { token: t.token } });
    await connect(tech);
    const created = await ask<{ ok: true; code: string }>(tech, 'session:create');
    expect(created.ok).toBe(true);
    expect(created.code).toMatch(/^\d{6}$/);

    const customer = ours(`${t.url}/customer`);
    await connect(customer);
    const joined = await ask<{ ok: boolean }>(customer, 'session:join', { code: created.code });
    expect(joined.ok).toBe(true);

    const toCustomer = collect<{ text: string }>(customer as never, 'chat:message');
    const toTechnician = collect<{ text: string }>(tech as never, 'chat:message');
    await ask(tech, 'chat:send', { clientId: 't-1', text: 'Hello "there" – 🎉' });
    expect(await ask(customer, 'chat:send', { clientId: 'c-1', text: 'Hi back' })).toMatchObject({ ok: true, duplicate: false });
    await sleep(50);
    expect(toCustomer.map((m) => m.text)).toEqual(['Hello "there" – 🎉']);
    expect(toTechnician.map((m) => m.text)).toEqual(['Hi back']);
    // An event the relay does not know is answered with its error.
    expect(await ask(customer, 'no:such-event')).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
  });

  it('gives the relay’s refusals as connect_error with their data: a wrong token, an origin not allowed', async () => {
    const t = await startRelay({ allowedOrigins: ['https://help.example.com'] });
    const refusal = (socket: RelaySocket) => connect(socket).then(() => undefined, (err: Error & { data?: unknown }) => err.data);
    expect(await refusal(ours(`${t.url}/technician`, { auth: { token: 'not-a-token' } }, 'https://help.example.com'))).toMatchObject({ code: 'unauthorized' });
    expect(await refusal(ours(`${t.url}/customer`, {}, 'https://shop.example.org'))).toMatchObject({ code: 'forbidden-origin' });
    await connect(ours(`${t.url}/customer`, {}, 'https://help.example.com'));
  });

  it('times an ack out when the answer takes longer than asked', async () => {
    const t = await startRelay();
    const tech = ours(`${t.url}/technician`, { auth: { token: t.token } });
    await connect(tech);
    await expect(tech.timeout(0).emitWithAck('session:create', {})).rejects.toThrow('operation has timed out');
    // The socket goes on (the relay still created the session, so a second one is refused).
    expect(await ask(tech, 'session:create')).toMatchObject({ ok: false });
    expect(tech.connected).toBe(true);
  });

  it('after a disconnect from the relay’s side (`io server disconnect`) stays away until connected again', async () => {
    const t = await startRelay();
    const customer = ours(`${t.url}/customer`, { reconnection: true, reconnectionDelay: 20 });
    await connect(customer);
    const reasons = collect<string>(customer as never, 'disconnect');
    t.relay.io.of('/customer').disconnectSockets();
    await sleep(300);
    expect(reasons).toEqual(['io server disconnect']);
    expect(customer.connected).toBe(false);
    await connect(customer);
    expect(customer.connected).toBe(true);
  });

  it('reconnects by itself once the relay is back after a restart', async () => {
    const first = await startRelay();
    const port = (first.relay.io.httpServer.address() as AddressInfo).port;
    const customer = ours(`${first.url}/customer`, { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 200 });
    await connect(customer);
    const reasons = collect<string>(customer as never, 'disconnect');
    const errors = collect<Error & { type?: string }>(customer as never, 'connect_error');
    // The connections cut first (a crash, not a graceful shutdown, which would disconnect from the relay's side).
    for (const socket of first.relay.io.of('/customer').sockets.values()) socket.conn.close();
    await first.relay.close();
    await sleep(400);
    expect(reasons).toEqual(['transport close']);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((err) => err.type === 'TransportError')).toBe(true);
    const back = next(customer as never, 'connect');
    await startRelay({}, port);
    await back;
    expect(customer.connected).toBe(true);
  });

  it('is the socket a widget session connects with: socket.io-client is not even loaded', async () => {
    vi.resetModules();
    let loaded = 0;
    vi.doMock(import('../../src/widget/session/socket-client.js'), (importOriginal) => {
      loaded++;
      return importOriginal();
    });
    try {
      const { WidgetSession } = await import('../../src/widget/session/widget-session.js');
      const t = await startRelay();
      const { code } = await ok<{ code: string }>(technician(t.url, t.token), 'session:create');
      const w = new WidgetSession({ server: t.url, storage: new MemoryStorage(), socketOptions: nodeSocketOptions(ORIGIN) });
      try {
        await w.join(code);
        expect(w.state.phase).toBe('connected');
      } finally {
        w.destroy();
      }
      expect(loaded).toBe(0);
    } finally {
      vi.doUnmock('../../src/widget/session/socket-client.js');
    }
  });
});
