/**
 * Test helpers: a real relay on a loopback port and real socket.io clients (as socket.io's own test/support/util.ts).
 *
 * The same tests run on both stores: in memory, and on Redis in the vitest project that sets RELAY_TEST_STORE=redis
 * (vitest.config.ts). There every relay gets a key prefix of its own, so tests never see each other's state, and
 * its keys are removed after the test.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, inject } from 'vitest';
import type { Ack } from '../../src/protocol/index.js';
import { createRelay, issueTechnicianToken, type CreateRelayOptions, type RedisSettings, type Relay } from '../../src/server/index.js';
import { MemoryStore } from '../../src/server/memory-store.js';
import { StoreUnavailableError } from '../../src/server/store.js';
import { missingRedis } from '../support/redis-server.js';

export const ORIGIN = 'http://localhost:5173';

/** The store of this run's relays. */
export const BACKEND: 'memory' | 'redis' = process.env.RELAY_TEST_STORE === 'redis' ? 'redis' : 'memory';
/** On Redis: the server this run uses (null when there is none: the tests then fail on CI, else are skipped). */
export const REDIS_URL = BACKEND === 'redis' ? inject('redisUrl') : null;

if (BACKEND === 'redis') {
  beforeEach(({ skip }) => {
    if (!REDIS_URL) missingRedis(skip);
  });
}

export interface TestRelay {
  relay: Relay;
  url: string;
  token: string;
  /** On Redis, its settings: another relay started with them shares this one's sessions. */
  redis?: RedisSettings;
}

const open: { relays: Relay[]; sockets: Socket[]; prefixes: string[] } = { relays: [], sockets: [], prefixes: [] };

afterEach(async () => {
  for (const s of open.sockets.splice(0)) s.disconnect();
  await Promise.all(open.relays.splice(0).map((r) => r.close()));
  const prefixes = open.prefixes.splice(0);
  if (REDIS_URL && prefixes.length > 0) await removeKeys(REDIS_URL, prefixes);
});

/** A fresh key prefix on this run's Redis (its keys are removed after the test). */
export function redisSettings(): RedisSettings {
  const keyPrefix = `rsw-test:${randomBytes(6).toString('hex')}:`;
  open.prefixes.push(keyPrefix);
  return { url: REDIS_URL ?? '', keyPrefix };
}

async function removeKeys(url: string, prefixes: string[]): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    for (const prefix of prefixes) {
      for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 })) {
        if ((keys as string[]).length > 0) await client.unlink(...(keys as string[]));
      }
    }
  } finally {
    client.disconnect();
  }
}

/**
 * Starts a relay on `port` (default: a free one) with quiet logs, on this run's store; closed after each test.
 * `token` is a technician token for "Alex Demo" of "Demo Support" (the development token without a `tokenSecret`).
 */
export async function startRelay(options: CreateRelayOptions = {}, port = 0): Promise<TestRelay> {
  const redis = options.redis ?? (BACKEND === 'redis' && !options.store ? redisSettings() : undefined);
  // Every test client comes from 127.0.0.1: the cap on connections per address is tested where it is set; so is the
  // collapsing of repeated use-refused lines (hardening.test.ts), elsewhere every refusal has its line; so is the
  // cooldown after the customer's no (consent-cooldown.test.ts), elsewhere a function may be asked for again at once.
  const relay = await createRelay({
    logger: 'silent',
    maxConnectionsPerAddress: 100_000,
    refusalAuditWindowMs: 0,
    consentCooldownMs: 0,
    ...options,
    ...(redis ? { redis } : {}),
  });
  open.relays.push(relay);
  const url = await relay.listen(port);
  const token = relay.devToken ?? (await issueTechnicianToken(relay.options.tokenSecret, { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' }));
  return { relay, url, token, ...(typeof redis === 'object' ? { redis } : {}) };
}

function track(socket: Socket): Socket {
  open.sockets.push(socket);
  return socket;
}

/** A customer socket (connected, unless the relay refuses it). */
export function customer(url: string, { origin = ORIGIN }: { origin?: string | null } = {}): Socket {
  return track(
    connect(`${url}/customer`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(origin ? { extraHeaders: { origin } } : {}),
    }),
  );
}

export function technician(url: string, token: string): Socket {
  return track(connect(`${url}/technician`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } }));
}

/** Resolves once connected; rejects with the relay's refusal. */
export function connected(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Emits with an acknowledgement and resolves to it. */
export async function call<T extends object = Record<string, unknown>>(socket: Socket, event: string, payload: unknown = {}): Promise<Ack<T>> {
  await connected(socket);
  return (await socket.timeout(5000).emitWithAck(event, payload)) as Ack<T>;
}

/** Like `call`, but throws unless the relay said ok. */
export async function ok<T extends object = Record<string, unknown>>(socket: Socket, event: string, payload: unknown = {}): Promise<T & { ok: true }> {
  const res = await call<T>(socket, event, payload);
  if (!res.ok) throw new Error(`${event} failed: ${res.error.code} ${res.error.detail ?? ''}`);
  return res;
}

export { next } from '../support/next-event.js';

/** Records every `event` on `socket`. */
export function collect<T = unknown>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A technician with a fresh session and a customer joined to it. */
export async function pair(t: TestRelay) {
  const tech = technician(t.url, t.token);
  const created = await ok<{ code: string; session: { id: string }; joinUrl: string }>(tech, 'session:create');
  const cust = customer(t.url);
  const joined = await ok<{ resumeToken: string; session: { id: string } }>(cust, 'session:join', { code: created.code });
  return { tech, cust, code: created.code, sessionId: created.session.id, resumeToken: joined.resumeToken };
}

/** The technician requests `fn` and the customer allows it. */
export async function grant(tech: Socket, cust: Socket, fn: string): Promise<void> {
  const requested = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn });
  await ok(cust, 'consent:decide', { promptId: requested.prompt.id, allow: true });
}

/**
 * A memory store whose `method` throws the store's `unavailable` error the next `times` calls after `fail()` (as Redis
 * does while it is down), so a test sees how clients handle the relay answering `unavailable`.
 */
export function flakyStore(method: keyof MemoryStore) {
  const store = new MemoryStore();
  let left = 0;
  let failed = 0;
  const original = (store[method] as (...args: unknown[]) => unknown).bind(store);
  (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    if (left > 0) {
      left--;
      failed++;
      return Promise.reject(new StoreUnavailableError(`${String(method)} failed on purpose`));
    }
    return original(...args);
  };
  return {
    store,
    fail(times: number) {
      left = times;
    },
    get failed() {
      return failed;
    },
  };
}

/**
 * A memory store whose `method` answers `ms` late once after `slow()` (as a Redis that stalls does), so a test sees a
 * relay answer after the client's ack timeout. `started` resolves once that late call has begun.
 */
export function slowStore(method: keyof MemoryStore, ms: number) {
  const store = new MemoryStore();
  let armed = false;
  let begin = () => {};
  let started = Promise.resolve();
  const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (!armed) return original(...args);
    armed = false;
    begin();
    await sleep(ms);
    return original(...args);
  };
  return {
    store,
    slow() {
      armed = true;
      started = new Promise((resolve) => (begin = resolve));
    },
    get started() {
      return started;
    },
  };
}
