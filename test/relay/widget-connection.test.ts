/**
 * How the widget's session reaches a relay: under a path prefix on the vendor's domain (a proxy that passes
 * `/support/…` to the relay, as nginx's `location /support/ { proxy_pass http://relay/; }` does), with the transports
 * it is given (long-polling after a WebSocket that a proxy refused), and the one-time console hint when the relay
 * refuses the page's origin.
 */
import { createServer, request, type Server } from 'node:http';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { next, ORIGIN, ok, startRelay, technician } from './support.js';
import { nodeSocketOptions } from '../support/node-websocket.js';

const widgets: WidgetSession[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const w of widgets.splice(0)) w.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/**
 * A reverse proxy on loopback that passes `<prefix>/…` (HTTP and WebSocket upgrades) to `target` without the prefix;
 * with `refuseUpgrades`, it answers every WebSocket upgrade with 403, as some corporate proxies do.
 */
async function prefixProxy(target: string, prefix: string, refuseUpgrades = false): Promise<{ url: string; seen: string[]; refuse: (on: boolean) => void }> {
  const { hostname, port } = new URL(target);
  const seen: string[] = [];
  let refusing = refuseUpgrades;
  const strip = (url = '/') => {
    seen.push(url);
    return url.startsWith(`${prefix}/`) ? url.slice(prefix.length) : undefined;
  };
  const server = createServer((req, res) => {
    const path = strip(req.url);
    if (!path) return void res.writeHead(404).end();
    const upstream = request({ hostname, port, path, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    const path = strip(req.url);
    if (!path) return void socket.destroy();
    if (refusing) return void socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    const upstream = tcpConnect(Number(port), hostname, () => {
      const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
      upstream.write(`${req.method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    refuse: (on) => {
      refusing = on;
    },
  };
}

function widget(server: string, socketOptions: Record<string, unknown>, origin = ORIGIN): WidgetSession {
  const w = new WidgetSession({ server, storage: new MemoryStorage(), socketOptions: nodeSocketOptions(origin, socketOptions) });
  widgets.push(w);
  return w;
}

describe('a relay under a path prefix', () => {
  it.each([['websocket'], ['polling']])('is reached at <server>/socket.io over %s, and the customer joins', async (transport) => {
    const t = await startRelay();
    const proxy = await prefixProxy(t.url, '/support');
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const w = widget(`${proxy.url}/support`, { transports: [transport] });
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((url) => url.startsWith('/support/socket.io/'))).toBe(true);
  });

  it('is reached at an explicit socket.io path (the element’s `path`)', async () => {
    const t = await startRelay();
    const proxy = await prefixProxy(t.url, '/rsw');
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const w = widget(proxy.url, { transports: ['websocket'], path: '/rsw/socket.io' });
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    expect(proxy.seen.every((url) => url.startsWith('/rsw/socket.io/'))).toBe(true);
  });
});

describe('a proxy that refuses WebSockets', () => {
  it('the widget tries the WebSocket, then joins over long-polling (the default transports)', async () => {
    const t = await startRelay();
    const proxy = await prefixProxy(t.url, '/support', true);
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const w = widget(`${proxy.url}/support`, {});
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    // The WebSocket first; long-polling then (whose connection probes a WebSocket again for the upgrade, refused too).
    expect(proxy.seen.findIndex((url) => url.includes('transport=websocket'))).toBe(0);
    expect(proxy.seen.some((url) => url.includes('transport=polling'))).toBe(true);
  });

  it('the widget on its WebSocket comes back over long-polling when the WebSocket is refused after a drop', async () => {
    const t = await startRelay();
    const proxy = await prefixProxy(t.url, '/support');
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const w = widget(`${proxy.url}/support`, {});
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    expect(proxy.seen.some((url) => url.includes('transport=polling'))).toBe(false);

    proxy.refuse(true);
    for (const socket of t.relay.io.of('/customer').sockets.values()) socket.conn.close();
    await vi.waitFor(() => expect(w.state.phase).toBe('reconnecting'));
    await vi.waitFor(() => expect(w.state.phase).toBe('connected'), { timeout: 10_000 });
    expect(proxy.seen.some((url) => url.includes('transport=polling'))).toBe(true);
    const received = next<{ text: string }>(tech, 'chat:message');
    w.send('over long-polling');
    expect((await received).text).toBe('over long-polling');
  });

  it('leaves a widget that asked for the WebSocket alone unreachable', async () => {
    const t = await startRelay();
    const proxy = await prefixProxy(t.url, '/support', true);
    const w = widget(`${proxy.url}/support`, { transports: ['websocket'] });
    await w.join('123456');
    expect(w.state.error).toMatchObject({ code: 'unreachable' });
    expect(proxy.seen.every((url) => url.includes('transport=websocket'))).toBe(true);
  });
});

describe('a relay that refuses the page’s origin', () => {
  it('tells the page’s developer once, in the console, which origin to allow', async () => {
    const t = await startRelay({ allowedOrigins: ['https://help.example.com'] });
    const page = 'https://shop.example.org';
    vi.stubGlobal('location', { origin: page, href: `${page}/help` });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const w = widget(t.url, { transports: ['websocket'] }, page);
    await w.join('123456');
    expect(w.state.error).toMatchObject({ code: 'forbidden-origin' });
    // The hint's text is a chunk of its own, loaded when the hint is due.
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    await w.join('123456');
    await import('../../src/ui/hints.js');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toBe(
      `remote-support: ${t.url} refused the origin ${page}; add it to the relay's allowedOrigins (--origins, RSW_ORIGINS).`,
    );
  });
});
