/**
 * The relay on the vendor's own server: attached to an existing node:https server and to an Express app's server,
 * mounted under a path (`/support`: socket.io at /support/socket.io/, health at /support/healthz), while the vendor's
 * own routes keep answering, and closing the relay leaves the vendor's server open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Server as HttpServer } from 'node:http';
import { createRelay, type CreateRelayOptions, type Relay } from '../../src/server/index.js';
import { httpsGet, selfSignedCertificate, type TestCertificate } from '../support/tls.js';
import { ORIGIN, redisSettings, BACKEND } from './support.js';

let dir = '';
let cert: TestCertificate;
const cleanup: (() => Promise<unknown> | void)[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rsw-attach-'));
  cert = selfSignedCertificate(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function attach(server: HttpServer | HttpsServer, options: CreateRelayOptions = {}): Promise<Relay> {
  const relay = await createRelay({ logger: 'silent', server, ...(BACKEND === 'redis' ? { redis: redisSettings() } : {}), ...options });
  cleanup.push(() => relay.close());
  return relay;
}

function listening(server: HttpServer | HttpsServer): Promise<number> {
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function client(url: string, namespace: string, options: Parameters<typeof connect>[1]): Socket {
  const socket = connect(`${url}${namespace}`, { forceNew: true, reconnection: false, rejectUnauthorized: false, ...options });
  cleanup.push(() => void socket.disconnect());
  return socket;
}

async function ack<T>(socket: Socket, event: string, payload: unknown = {}): Promise<T> {
  const res = (await socket.timeout(5000).emitWithAck(event, payload)) as T & { ok: boolean; error?: { code: string } };
  if (!res.ok) throw new Error(`${event} failed: ${res.error?.code}`);
  return res;
}

/** A technician and a customer (each over `transports`) under `path` chat once. */
async function chatOnce(url: string, relay: Relay, path: string, transports: ('websocket' | 'polling')[]): Promise<void> {
  const token = relay.devToken!;
  const tech = client(url, '/technician', { path, transports, auth: { token } });
  const created = await ack<{ code: string }>(tech, 'session:create');
  const cust = client(url, '/customer', { path, transports, extraHeaders: { origin: ORIGIN } });
  await ack(cust, 'session:join', { code: created.code });
  const heard = new Promise<{ text: string }>((resolve) => tech.once('chat:message', resolve));
  await ack(cust, 'chat:send', { clientId: 'c1', text: 'Hello through the vendor server' });
  expect(await heard).toMatchObject({ text: 'Hello through the vendor server' });
}

describe('createRelay on an existing server', () => {
  it('attaches to a node:https server under /support: sockets and health there, the vendor’s routes untouched', async () => {
    const server = createHttpsServer({ cert: cert.cert, key: cert.key }, (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`vendor page ${req.url}`);
    });
    const relay = await attach(server, { path: '/support/' });
    expect(relay.httpServer).toBe(server);
    expect(relay.options.path).toBe('/support');
    const port = await listening(server);
    const url = `https://localhost:${port}`;

    const health = await httpsGet(`${url}/support/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok' });
    expect((await httpsGet(`${url}/help?x=1`)).text).toBe('vendor page /help?x=1');
    // The root's /healthz is the vendor's when the relay is mounted elsewhere.
    expect((await httpsGet(`${url}/healthz`)).text).toBe('vendor page /healthz');

    await chatOnce(url, relay, '/support/socket.io', ['websocket']);
    await chatOnce(url, relay, '/support/socket.io', ['polling']);
    // Not at the root path.
    const stray = client(url, '/customer', { path: '/socket.io', transports: ['polling'], extraHeaders: { origin: ORIGIN } });
    await expect(new Promise((resolve, reject) => (stray.once('connect', () => resolve(undefined)), stray.once('connect_error', reject)))).rejects.toThrow();

    await relay.close();
    // The vendor's server is still serving.
    expect(server.listening).toBe(true);
    expect((await httpsGet(`${url}/still-here`)).text).toBe('vendor page /still-here');
  });

  it('attaches to an Express app’s server at the root: /healthz is the relay’s, the app answers the rest', async () => {
    const app = express();
    app.get('/help', (_req, res) => void res.type('text/plain').send('Express help page'));
    app.get('/healthz', (_req, res) => void res.send('the app’s, never reached'));
    const server = app.listen(0, '127.0.0.1');
    cleanup.push(() => new Promise((resolve) => server.close(resolve)));
    await new Promise((resolve) => server.once('listening', resolve));
    const relay = await attach(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    expect(await (await fetch(`${url}/help`)).text()).toBe('Express help page');
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    await chatOnce(url, relay, '/socket.io', ['polling', 'websocket']);
  });

  it('on a server of its own, answers health under the path and 404 elsewhere', async () => {
    const relay = await createRelay({ logger: 'silent', path: '/support', ...(BACKEND === 'redis' ? { redis: redisSettings() } : {}) });
    cleanup.push(() => relay.close());
    const url = await relay.listen(0);
    expect((await fetch(`${url}/support/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(404);
    await chatOnce(url, relay, '/support/socket.io', ['websocket']);
  });

  it('refuses a path that is not a plain URL path', async () => {
    for (const path of ['support', '/a b', '/x?y', '//']) {
      await expect(createRelay({ logger: 'silent', path })).rejects.toThrow(/path must be a URL path/);
    }
  });
});
