/**
 * Relay processes for the multi-process tests: real relays in child processes on loopback, sharing one real
 * redis-server (started by the test file, restartable), with the same token secret so that a technician token works
 * on every process. Each child is bundled from the current source once per test file (scripts/bundle-server.mjs).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { bundleServer } from '../../scripts/bundle-server.mjs';
import type { RelayOptions } from '../../src/server/index.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';
import { forkRelay, type RelayProcess } from '../support/relay-child.js';

export type { RelayProcess } from '../support/relay-child.js';

export const TOKEN_SECRET = 'cluster-test-secret-'.padEnd(40, 'x');

let bundle: string | undefined;
let redis: TestRedis | undefined;
const children: RelayProcess[] = [];

beforeAll(async () => {
  [bundle, redis] = await Promise.all([bundleServer('test/cluster/relay-process.ts'), startRedisServer()]);
}, 30_000);

afterEach(async () => {
  await Promise.all(children.splice(0).map((p) => p.kill()));
});

afterAll(async () => {
  await redis?.dispose();
  if (bundle) rmSync(bundle, { force: true });
});

/** The redis-server of this test file (undefined without the binary). */
export const testRedis = () => redis;

/** Options for a group of relays sharing one fresh key prefix on this file's Redis (fast sweeps and takeovers). */
export function clusterOptions(overrides: RelayOptions = {}): RelayOptions {
  return {
    tokenSecret: TOKEN_SECRET,
    ...overrides,
    redis: { url: redis?.url ?? '', keyPrefix: `rsw-cluster:${randomBytes(4).toString('hex')}:`, sweepIntervalMs: 100, processTimeoutMs: 1000 },
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
