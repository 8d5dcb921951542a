/**
 * The relay behind a real reverse proxy, as an operator runs it: Debian's nginx with the configuration of
 * docs/DEPLOYMENT.md and a self-signed certificate, in front of two relay processes on one Redis, each attached to a
 * vendor app server (test/deploy/vendor-app.ts) that serves the demo's help and console pages. Checked through it:
 * a customer and a technician in Chromium over https (WebSocket upgrade through the proxy, chat, one consent grant),
 * a long-polling-only client whose requests all reach the process holding its connection (sticky sessions) while
 * its technician is on the other process, and the client address taken from `X-Forwarded-For` (`trustProxy`), so
 * that the limit on failed codes counts each client, not the proxy, and a forged header does not escape it.
 *
 * Without nginx, Redis or Chromium these tests fail when CI=true and are skipped otherwise.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleServer } from '../../scripts/bundle-server.mjs';
import { issueTechnicianToken, type RelayOptions } from '../../src/server/index.js';
import { allow, chatBothWays, expectConnected } from '../e2e/journeys.js';
import { checkPrerequisites, E2E, launchChromium, until } from '../e2e/support.js';
import { freePort, hasRedisServer, startRedisServer, type TestRedis } from '../support/redis-server.js';
import { forkRelay, type RelayProcess } from '../support/relay-child.js';
import { httpsGet, selfSignedCertificate } from '../support/tls.js';
import { hasNginx, MISSING_NGINX, startNginx, type RunningNginx } from './nginx.js';

const TOKEN_SECRET = 'deploy-test-secret-'.padEnd(40, 'x');
const FAILED_JOINS = 3;
const ROOT = join(import.meta.dirname, '..', '..');

const missing = !hasNginx() ? MISSING_NGINX : !hasRedisServer() ? 'redis-server is not on PATH (apt-get install -y redis-server)' : undefined;

let dir = '';
let bundle = '';
let redis: TestRedis | undefined;
let nginx: RunningNginx | undefined;
let relays: RelayProcess[] = [];
let url = '';
let token = '';
const e2e = new E2E();
const sockets: Socket[] = [];

beforeAll(async () => {
  if (missing) return;
  checkPrerequisites();
  dir = mkdtempSync(join(tmpdir(), 'rsw-nginx-'));
  const cert = selfSignedCertificate(dir);
  const port = await freePort();
  url = `https://127.0.0.1:${port}`;
  [bundle, redis] = await Promise.all([bundleServer('test/deploy/vendor-app.ts'), startRedisServer()]);
  const relay: RelayOptions = {
    tokenSecret: TOKEN_SECRET,
    trustProxy: true,
    allowedOrigins: [url],
    failedJoinsPerAddress: FAILED_JOINS,
    redis: { url: redis!.url, keyPrefix: `rsw-deploy:${randomBytes(4).toString('hex')}:`, sweepIntervalMs: 200 },
  };
  relays = await Promise.all(['A', 'B'].map((name) => forkRelay(bundle, name, { name, publicUrl: url, root: ROOT, relay })));
  const upstreams = relays.map((r) => new URL(r.url).host) as [string, string];
  nginx = await startNginx({ dir, port, upstreams, certFile: cert.certFile, keyFile: cert.keyFile });
  token = await issueTechnicianToken(TOKEN_SECRET, { id: 'tech-1', name: 'Alex Demo', org: 'Demo Support' });
  e2e.browser = await launchChromium();
  e2e.demo = { url, devToken: token, close: async () => undefined };
}, 60_000);

beforeEach(({ skip }) => {
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(missing);
  skip(missing);
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await e2e.closeContexts();
});

afterAll(async () => {
  await e2e.browser?.close();
  await nginx?.stop();
  await Promise.all(relays.map((r) => r.stop()));
  for (const r of relays) expect(r.problems, `relay ${r.name}: ${r.stderr()}`).toEqual([]);
  await redis?.dispose();
  if (bundle) rmSync(bundle, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** The relay process nginx sends a client at `address` to. */
async function processFor(address: string): Promise<string> {
  return (await httpsGet(`${url}/__node`, address)).text;
}

/** A loopback address whose clients nginx sends to `node` (other than `except`). */
async function addressOn(node: string, except: string[] = []): Promise<string> {
  for (let i = 2; i < 100; i++) {
    const address = `127.0.0.${i}`;
    if (!except.includes(address) && (await processFor(address)) === node) return address;
  }
  throw new Error(`no loopback address that nginx sends to ${node}`);
}

/** A socket.io client through nginx from `address`. */
function client(namespace: string, address: string, options: Parameters<typeof io>[1] = {}): Socket {
  const agent = new Agent({ localAddress: address, rejectUnauthorized: false, keepAlive: true });
  const socket = io(`${url}${namespace}`, { forceNew: true, reconnection: false, rejectUnauthorized: false, agent: agent as never, extraHeaders: { origin: url }, ...options });
  sockets.push(socket);
  return socket;
}

async function ack<T = Record<string, unknown>>(socket: Socket, event: string, payload: unknown = {}): Promise<T & { ok: boolean; error?: { code: string } }> {
  if (!socket.connected) {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }
  return (await socket.timeout(5000).emitWithAck(event, payload)) as T & { ok: boolean; error?: { code: string } };
}

describe('the relay behind nginx (docs/DEPLOYMENT.md)', () => {
  it('serves both relay processes over https, healthy and sharing Redis', async () => {
    const health = await httpsGet(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok', store: 'shared' });
    // Both processes are in rotation, each client address pinned to one of them.
    expect(new Set([await addressOn('A'), await addressOn('B')]).size).toBe(2);
    expect(await processFor('127.0.0.1')).toBe(await processFor('127.0.0.1'));
    expect(nginx!.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });

  it('carries a customer and a technician in Chromium over https: WebSocket, chat and a consent grant', async () => {
    const webSockets: string[] = [];
    const technician = await e2e.technician({ ignoreHTTPSErrors: true });
    const customer = await e2e.customer({ ignoreHTTPSErrors: true });
    customer.page.on('websocket', (ws) => webSockets.push(ws.url()));
    const { code } = await technician.createSession();
    await customer.openWidget();
    await customer.enterCode(code);
    await expectConnected(customer, technician);
    await chatBothWays(customer, technician, 'behind nginx');
    await allow(customer, technician, 'File transfer', /asks to send files to you and receive files from you\.$/);
    // The widget's connection upgraded to a WebSocket through the proxy.
    expect(webSockets.some((u) => u.startsWith(`${url.replace('https', 'wss')}/socket.io/`) && u.includes('transport=websocket'))).toBe(true);
    e2e.expectNoErrors();
  });

  it('keeps a long-polling-only client on its process while its technician is on the other', async () => {
    const onA = await addressOn('A');
    const onB = await addressOn('B');
    const tech = client('/technician', onA, { transports: ['websocket'], auth: { token } });
    const created = await ack<{ code: string }>(tech, 'session:create');
    expect(created.ok).toBe(true);
    const cust = client('/customer', onB, { transports: ['polling'] });
    expect((await ack(cust, 'session:join', { code: created.code })).ok).toBe(true);
    for (let i = 1; i <= 5; i++) {
      const heard = new Promise<{ text: string }>((resolve) => cust.once('chat:message', resolve));
      expect((await ack(tech, 'chat:send', { clientId: `t${i}`, text: `message ${i} from process A` })).ok).toBe(true);
      expect((await heard).text).toBe(`message ${i} from process A`);
      const back = new Promise<{ text: string }>((resolve) => tech.once('chat:message', resolve));
      expect((await ack(cust, 'chat:send', { clientId: `c${i}`, text: `answer ${i} over long-polling` })).ok).toBe(true);
      expect((await back).text).toBe(`answer ${i} over long-polling`);
    }
    expect(cust.io.engine.transport.name).toBe('polling');
    expect(cust.connected).toBe(true);
  });

  it('counts failed codes per client address from X-Forwarded-For, and a forged entry does not escape the limit', async () => {
    const attacker = await addressOn('A', ['127.0.0.1']);
    const bystander = await addressOn('B', ['127.0.0.1', attacker]);
    const attempt = async (address: string) => {
      // A fresh connection each time, claiming to be someone else each time.
      const forged = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
      const socket = client('/customer', address, { transports: ['websocket'], extraHeaders: { origin: url, 'x-forwarded-for': forged } });
      const res = await ack(socket, 'session:join', { code: '000000' });
      socket.disconnect();
      return res.error?.code;
    };
    for (let i = 0; i < FAILED_JOINS; i++) expect(await attempt(attacker)).toBe('invalid-code');
    expect(await attempt(attacker)).toBe('rate-limited');
    // Another client behind the same proxy is not locked out.
    expect(await attempt(bystander)).toBe('invalid-code');
    await until(async () => (await httpsGet(`${url}/healthz`)).status, 200);
  });
});
