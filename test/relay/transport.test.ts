/**
 * Limits below the events: the default namespace and binary packets refused, connections per address capped (IPv6 by
 * prefix), a connection that floods tiny packets, and a WebSocket that floods Ping frames while never reading what
 * comes back.
 */
import { Socket as TcpSocketClass, connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { customerWith, disconnected, handshake } from './clients.js';
import { engineUrl, maskedFrame, rawSocketIo, rawUpgrade } from './raw-clients.js';
import { call, customer, ok, ORIGIN, pair, sleep, startRelay, type TestRelay } from './support.js';

/** Resolves to the HTTP status of a WebSocket handshake (101 when it was accepted). */
function upgradeStatus(url: string, forwardedFor?: string): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(engineUrl(url), { headers: { origin: ORIGIN, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: 0 }));
  });
}

/** The status of a long-polling handshake. */
async function pollingStatus(url: string, forwardedFor?: string): Promise<number> {
  const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: ORIGIN, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } });
  await res.arrayBuffer();
  return res.status;
}

describe('the default namespace', () => {
  it('is refused with not-found, from an allowed origin too', async () => {
    const t = await startRelay();
    const socket = connect(`${t.url}/`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: ORIGIN } });
    try {
      expect(await handshake(socket)).toMatchObject({ data: { code: 'not-found' } });
    } finally {
      socket.disconnect();
    }
  });
});

describe('binary packets', () => {
  it('close the connection of a client that sends binary data, and the session carries on for the other side', async () => {
    const t = await startRelay();
    const { cust, tech } = await pair(t);
    const gone = disconnected(cust);
    cust.emit('chat:send', { clientId: 'c1', text: Buffer.from('hi') });
    expect(await gone).toBe('transport close');
    expect(await call(tech, 'chat:history', { afterSeq: 0 })).toMatchObject({ ok: true, messages: [] });
  });

  it('are refused before any attachment is buffered: 20 raw connections declaring attachments are all closed', async () => {
    const t = await startRelay();
    const clients = await Promise.all(Array.from({ length: 20 }, () => rawSocketIo(t.url, '/customer')));
    for (const c of clients) c.send('451-/customer,1["chat:send",{"_placeholder":true,"num":0}]');
    await Promise.all(clients.map((c) => c.closed()));
    expect(t.relay.io.of('/customer').sockets.size).toBe(0);
  });

  it('close the connection on a binary WebSocket frame', async () => {
    const t = await startRelay();
    const client = await rawSocketIo(t.url, '/customer');
    client.send(Buffer.from('42/customer,["chat:history",{"afterSeq":0}]'));
    await client.closed();
  });
});

describe('connections per address', () => {
  it('are capped for WebSocket and long-polling handshakes alike; a closed one frees its place', async () => {
    const t = await startRelay({ maxConnectionsPerAddress: 4 });
    const open = [await upgradeStatus(t.url), await upgradeStatus(t.url)];
    expect(open.map((o) => o.status)).toEqual([101, 101]);
    expect([await pollingStatus(t.url), await pollingStatus(t.url)]).toEqual([200, 200]);
    expect(await pollingStatus(t.url)).toBe(403);
    // engine.io answers every refused upgrade 400.
    expect((await upgradeStatus(t.url)).status).toBe(400);
    // A real client is refused too, and gets in once a place is free.
    expect(await handshake(customer(t.url))).not.toBe('connected');
    const closed = new Promise((resolve) => open[0]?.ws?.once('close', resolve));
    open[0]?.ws?.close();
    await closed;
    await sleep(50);
    expect(await handshake(customer(t.url))).toBe('connected');
  });

  it('count IPv6 addresses by their /64 (configurable) and IPv4 addresses one by one behind a trusted proxy', async () => {
    const t = await startRelay({ maxConnectionsPerAddress: 2, trustProxy: true });
    expect((await upgradeStatus(t.url, '2001:db8:1:2::1')).status).toBe(101);
    expect(await pollingStatus(t.url, '2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(200);
    expect(await pollingStatus(t.url, '2001:db8:1:2::3')).toBe(403);
    expect(await pollingStatus(t.url, '2001:db8:1:3::1')).toBe(200);
    expect(await pollingStatus(t.url, '192.0.2.1')).toBe(200);
    expect(await pollingStatus(t.url, '::ffff:192.0.2.1')).toBe(200);
    expect(await pollingStatus(t.url, '192.0.2.1')).toBe(403);
    expect(await pollingStatus(t.url, '192.0.2.2')).toBe(200);

    const wide = await startRelay({ maxConnectionsPerAddress: 1, trustProxy: true, ipv6PrefixLength: 48 });
    expect(await pollingStatus(wide.url, '2001:db8:1:2::1')).toBe(200);
    expect(await pollingStatus(wide.url, '2001:db8:1:ffff::1')).toBe(403);
    expect(await pollingStatus(wide.url, '2001:db8:2::1')).toBe(200);
  });

  // Node closes a connection whose request headers never end only after 60 to 90 s: 2,000 such connections from one
  // address were all held that long, and a process has a few thousand file descriptors at most.
  it('are capped at twice the cap for TCP connections that never finish a request', async () => {
    const t = await startRelay({ maxConnectionsPerAddress: 10 });
    const { port } = new URL(t.url);
    const slow = Array.from({ length: 100 }, () => {
      const socket = tcpConnect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      socket.write('GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n');
      return socket;
    });
    const closed = slow.map((socket) => new Promise<boolean>((resolve) => socket.once('close', () => resolve(true))));
    await sleep(1000);
    const held = await new Promise<number>((resolve) => t.relay.httpServer.getConnections((_err, n) => resolve(n)));
    expect(held).toBe(20);
    for (const socket of slow) socket.destroy();
    await Promise.all(closed);
    await sleep(50);
    expect(await handshake(customer(t.url))).toBe('connected');
  });

  it('are given back when TCP connections end abruptly: the cap holds as many again after', async () => {
    const t = await startRelay({ maxConnectionsPerAddress: 5 });
    const { port } = new URL(t.url);
    const held = () => new Promise<number>((resolve) => t.relay.httpServer.getConnections((_err, n) => resolve(n)));
    for (let round = 0; round < 3; round++) {
      const slow = Array.from({ length: 15 }, () => {
        const socket = tcpConnect(Number(port), '127.0.0.1');
        socket.on('error', () => {});
        socket.write('GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n');
        return socket;
      });
      const closed = slow.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      await sleep(500);
      expect(await held()).toBe(10);
      // A reset (RST), not a FIN: the client is gone at once.
      for (const socket of slow) socket.resetAndDestroy();
      await Promise.all(closed);
      for (let waited = 0; waited < 2000 && (await held()) > 0; waited += 50) await sleep(50);
      expect(await held()).toBe(0);
    }
    // WebSocket connections that go away without a closing handshake give theirs back too (3 × 5 of them: 15 would be
    // over the TCP cap of 10 if they did not).
    for (let round = 0; round < 3; round++) {
      const clients = await Promise.all(Array.from({ length: 5 }, () => rawSocketIo(t.url, '/customer')));
      for (const c of clients) (c.ws as unknown as { _socket: TcpSocket })._socket.resetAndDestroy();
      await Promise.all(clients.map((c) => c.closed()));
      for (let waited = 0; waited < 2000 && (await held()) > 0; waited += 50) await sleep(50);
    }
    expect(await handshake(customer(t.url))).toBe('connected');
  });

  it('leave TCP connections to the proxy behind a trusted proxy', async () => {
    const t = await startRelay({ maxConnectionsPerAddress: 2, trustProxy: true });
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => upgradeStatus(t.url, `198.51.100.${i + 1}`)));
    expect(first.map((o) => o.status)).toEqual(Array.from({ length: 10 }, () => 101));
  });

  it('refuse a client over the cap with a plain 403 and keep serving the others', async () => {
    const t = await startRelay({ maxConnectionsPerAddress: 2, trustProxy: true });
    const first = customerWith(t.url, { forwardedFor: '198.51.100.7' });
    expect(await handshake(first)).toBe('connected');
    expect(await handshake(customerWith(t.url, { forwardedFor: '198.51.100.7' }))).toBe('connected');
    expect(await handshake(customerWith(t.url, { forwardedFor: '198.51.100.7' }))).not.toBe('connected');
    expect(await call(first, 'chat:history', { afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not-in-session' } });
  });
});

describe('what the transport guard adds to a connection', () => {
  // The guard watches a connection through its `emit` (engine.io 6 emits 'packet', 'packetCreate' and 'close' with
  // `this.emit`, Node's TCP socket 'close'): a listener of its own on each connection would cost a slot in its table of
  // events, and a third 'close' listener an array with room for 19. The flood, buffer and count tests show that it
  // still sees them.
  it('no listener on the engine.io connection, nor on its TCP connection', async () => {
    const t = await startRelay();
    const { cust } = await pair(t);
    const [socket] = [...t.relay.io.of('/customer').sockets.values()];
    const conn = socket!.conn as unknown as { listenerCount(event: string): number; transport: { socket: { _socket: { rawListeners(event: string): ((...args: unknown[]) => void)[] } } } };
    expect(conn.listenerCount('packet')).toBe(0);
    expect(conn.listenerCount('packetCreate')).toBe(0);
    // engine.io's own (it forgets the connection) and socket.io's (its client): the guard's is not among them.
    expect(conn.listenerCount('close')).toBe(2);
    // Node's HTTP server's and ws's: the guard's is not among them.
    const tcpClose = conn.transport.socket._socket.rawListeners('close') as (((...args: unknown[]) => void) & { listener?: { name: string } })[];
    expect(tcpClose.map((f) => f.listener?.name ?? f.name).filter((name) => name === 'closed')).toEqual([]);
    expect(tcpClose).toHaveLength(2);
    // Its own class's prototype: V8 gives an object whose prototype was changed a map of its own for every property
    // added after (Node adds some to a TCP connection), about 1 KB per connection.
    expect(Object.getPrototypeOf(conn.transport.socket._socket) === TcpSocketClass.prototype).toBe(true);
    cust.disconnect();
  });
});

describe('what the pipeline adds to a socket', () => {
  // An 18th property of a socket.io socket is a property array of its own (40 B): the catch-all listener array comes
  // from the class the relay's namespaces make their sockets of.
  it('no property of its own for the listener every socket shares', async () => {
    const t = await startRelay();
    const { cust, tech } = await pair(t);
    for (const nsp of ['/customer', '/technician']) {
      const [socket] = [...t.relay.io.of(nsp).sockets.values()];
      expect(Object.hasOwn(socket!, '_anyListeners')).toBe(false);
      expect((socket as unknown as { _anyListeners: unknown[] })._anyListeners).toHaveLength(1);
    }
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'still heard' });
    tech.disconnect();
  });
});

describe('a connection that floods tiny packets', () => {
  it('is cut off over WebSocket once it sends more packets in a second than events, file chunks and acks need', async () => {
    const t = await startRelay();
    const { cust, tech } = await pair(t);
    const flood = await rawSocketIo(t.url, '/customer');
    const gone = flood.closed(3000);
    // Heartbeat replies and no-ops: no socket.io event, so no per-socket event budget sees them.
    for (let i = 0; i < 5000; i++) flood.send(i % 2 ? '3' : '6');
    await gone;
    await ok(cust, 'chat:send', { clientId: 'after-flood', text: 'still here' });
    expect(tech.connected).toBe(true);
  });

  it('is cut off over long-polling when one POST carries more packets than a second allows, and the rest of it is dropped', async () => {
    const t = await startRelay();
    const opened = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: ORIGIN } });
    const { sid } = JSON.parse((await opened.text()).slice(1)) as { sid: string };
    const post = (body: string) => fetch(`${t.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body, headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' } });
    expect((await post('40/customer,')).status).toBe(200);
    await post(Array.from({ length: 20_000 }, () => '6').join('\x1e'));
    // the engine.io session is gone: its next request is refused
    const after = await post('6');
    expect(after.status).toBe(400);
    expect(t.relay.io.of('/customer').sockets.size).toBe(0);
  });
});

describe('namespace handshakes repeated on one connection', () => {
  /** Sockets of `nsp` the relay holds, connected or still being checked. */
  const held = (t: TestRelay, nsp: string) => {
    const namespace = t.relay.io.of(nsp);
    return namespace.sockets.size + ((namespace as unknown as { _preConnectSockets?: Map<string, unknown> })._preConnectSockets?.size ?? 0);
  };

  // socket.io closes a connection that sends a second CONNECT for a namespace it is connected to, but not one whose
  // second CONNECT comes while the first is still being checked: one write of 300 CONNECT frames held 300 sockets
  // (about 2.8 KB of heap each), each with its own event budget, until the connection closed.
  it.each(['/customer', '/technician'])('close the connection when a second CONNECT for %s comes while the first is being checked', async (nsp) => {
    const t = await startRelay();
    const tcp = await rawUpgrade(t.url);
    const connect = Buffer.from(`40${nsp},${nsp === '/technician' ? JSON.stringify({ token: t.token }) : ''}`);
    tcp.write(Buffer.concat(Array.from({ length: 300 }, () => maskedFrame(0x1, connect))));
    await sleep(1000);
    expect({ connections: t.relay.io.engine.clientsCount, sockets: held(t, nsp) }).toEqual({ connections: 0, sockets: 0 });
  });

  it('let a namespace be connected again on the same connection once its socket is gone', async () => {
    const t = await startRelay();
    const raw = await rawSocketIo(t.url, '/customer');
    raw.send('41/customer,');
    await sleep(100);
    raw.send('40/customer,');
    expect(await raw.next('40/customer,')).toMatch(/^40\/customer,\{"sid":/);
    expect(t.relay.io.of('/customer').sockets.size).toBe(1);
  });

  it('let a refused technician try again on the same connection', async () => {
    const t = await startRelay();
    const raw = await rawSocketIo(t.url, '/customer');
    raw.send('40/technician,{"token":"wrong"}');
    expect(await raw.next('44/technician,')).toContain('unauthorized');
    raw.send(`40/technician,${JSON.stringify({ token: t.token })}`);
    expect(await raw.next('40/technician,')).toMatch(/^40\/technician,\{"sid":/);
    expect(t.relay.io.of('/technician').sockets.size).toBe(1);
  });
});

describe('a WebSocket that floods Ping frames and never reads', () => {
  it('does not make the relay buffer the answers without bound', { timeout: 20_000 }, async () => {
    const t = await startRelay();
    const socket = await rawUpgrade(t.url);
    socket.pause(); // reads nothing: every Pong the relay owes it stays with the relay or in the kernel
    const frame = maskedFrame(0x9, Buffer.alloc(125, 0x61));
    const batch = Buffer.concat(Array.from({ length: 8192 }, () => frame)); // 1 MiB of Ping frames
    const before = process.memoryUsage();
    let sent = 0;
    const deadline = Date.now() + 6_000;
    // Up to 100 MiB, as fast as the relay takes them.
    while (sent < 100 * 2 ** 20 && Date.now() < deadline && !socket.destroyed) {
      if (!socket.write(batch)) {
        const drained = await Promise.race([new Promise((r) => socket.once('drain', () => r(true))), sleep(1_500).then(() => false)]);
        if (!drained) break;
      }
      sent += batch.length;
    }
    await sleep(200);
    const after = process.memoryUsage();
    const grownMb = (after.rss - before.rss) / 2 ** 20;
    const engine = Object.values((t.relay.io.engine as unknown as { clients: Record<string, { transport: { socket?: { bufferedAmount?: number } } }> }).clients);
    const bufferedMb = engine.reduce((sum, c) => sum + (c.transport.socket?.bufferedAmount ?? 0), 0) / 2 ** 20;
    console.log(`ping flood: ${(sent / 2 ** 20).toFixed(1)} MiB sent, relay holds ${bufferedMb.toFixed(1)} MiB for the socket, process grew ${grownMb.toFixed(1)} MB`);
    expect(bufferedMb).toBeLessThan(16);
    expect(grownMb).toBeLessThan(100);
  });
});
