/**
 * Relay processes for the multi-process tests: real relays in child processes on loopback, sharing one real
 * redis-server (started by the test file, restartable), with the same token secret so that a technician token works
 * on every process. Each child is bundled from the current source once per test file (scripts/bundle-server.mjs).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { bundleServer } from '../../scripts/bundle-server.mjs';
import type { ChatMessage, SessionView } from '../../src/protocol/index.js';
import type { RelayOptions } from '../../src/server/index.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { customer, next, ok, sleep, technician } from '../relay/support.js';
import { startRedisProxy, type RedisProxy } from '../support/redis-proxy.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';
import { forkRelay, type RelayProcess } from '../support/relay-child.js';

export type { RelayProcess } from '../support/relay-child.js';

export const TOKEN_SECRET = 'cluster-test-secret-'.padEnd(40, 'x');

let bundle: string | undefined;
let redis: TestRedis | undefined;
const children: RelayProcess[] = [];
const proxies: RedisProxy[] = [];

beforeAll(async () => {
  [bundle, redis] = await Promise.all([bundleServer('test/cluster/relay-process.ts'), startRedisServer()]);
}, 30_000);

afterEach(async () => {
  await Promise.all(children.splice(0).map((p) => p.kill()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await redis?.dispose();
  if (bundle) rmSync(bundle, { force: true });
});

/** The redis-server of this test file (undefined without the binary). */
export const testRedis = () => redis;

/** A TCP proxy in front of this file's Redis (test/support/redis-proxy.ts), closed after the test. */
export async function proxyToRedis(): Promise<RedisProxy> {
  if (!redis) throw new Error('no redis-server');
  const proxy = await startRedisProxy(redis.url);
  proxies.push(proxy);
  return proxy;
}

/**
 * Options for a group of relays sharing one fresh key prefix on this file's Redis, or on `url` (fast sweeps and
 * takeovers, unless `overrides.redis` says otherwise).
 */
export function clusterOptions(overrides: RelayOptions = {}, url = redis?.url ?? ''): RelayOptions {
  return {
    tokenSecret: TOKEN_SECRET,
    // The cooldown after the customer's no is tested where it is set (consent-cooldown.test.ts); elsewhere a function
    // may be asked for again at once (the race tests grant, revoke and grant again, round after round).
    consentCooldownMs: 0,
    ...overrides,
    redis: { sweepIntervalMs: 100, processTimeoutMs: 1000, ...(typeof overrides.redis === 'object' ? overrides.redis : {}), url, keyPrefix: `rsw-cluster:${randomBytes(4).toString('hex')}:` },
  };
}

/** Starts a relay child process with `options`; resolves once it listens. */
export async function spawnRelay(name: string, options: RelayOptions): Promise<RelayProcess> {
  if (!bundle) throw new Error('relay bundle missing');
  const proc = await forkRelay(bundle, name, options);
  children.push(proc);
  return proc;
}

/** A technician token (the same on every process: they share the secret). */
export function technicianToken(id = 'tech-1'): Promise<string> {
  return issueTechnicianToken(TOKEN_SECRET, { id, name: 'Alex Demo', org: 'Demo Support' });
}

/** GET /healthz: status code and body. */
export async function health(p: RelayProcess): Promise<{ status: number; body: { status: string; store: string } }> {
  const res = await fetch(`${p.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; store: string } };
}

export type Presence = { role: 'customer' | 'technician'; present: boolean; reason: string };
export type Joined = { resumeToken: string; session: SessionView };

/** Two relay processes, A and B, on one fresh key prefix (of this file's Redis, or of `url`). */
export async function twoRelays(overrides: RelayOptions = {}, url?: string): Promise<[RelayProcess, RelayProcess]> {
  const options = clusterOptions(overrides, url);
  return Promise.all([spawnRelay('A', options), spawnRelay('B', options)]);
}

/** Technician on `techOn`, customer on `custOn`, joined by code. */
export async function pairAcross(techOn: RelayProcess, custOn: RelayProcess, techId = 'tech-1') {
  const tech = technician(techOn.url, await technicianToken(techId));
  const created = await ok<{ code: string; session: SessionView }>(tech, 'session:create');
  const joinedSeen = next<Presence>(tech, 'participant:update', (p) => p.role === 'customer' && p.present);
  const cust = customer(custOn.url);
  const joined = await ok<Joined>(cust, 'session:join', { code: created.code });
  await joinedSeen;
  return { tech, cust, code: created.code, sessionId: created.session.id, resumeToken: joined.resumeToken };
}

export async function say(socket: Socket, clientId: string, text: string): Promise<ChatMessage> {
  return (await ok<{ message: ChatMessage }>(socket, 'chat:send', { clientId, text })).message;
}

export function expectNoProblems(...relays: RelayProcess[]): void {
  for (const r of relays) expect(r.problems, `relay ${r.name}: ${r.stderr()}`).toEqual([]);
}

/** Resolves once `predicate` holds, polling. */
export async function until(predicate: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await predicate()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await sleep(50);
  }
}
