/**
 * A relay process that has not read any entry of the adapter's stream yet still gets every entry written after it
 * started. The adapter reads with `XREAD BLOCK … STREAMS <stream> $` until its first entry, and `$` means "newer
 * than the moment this command reaches Redis": an entry written between one empty read and the next (or while the
 * read reconnects) would never reach that process. The relay starts the read at the stream's last entry instead.
 *
 * The timing is made, not hoped for: with a technician online on process B, which has read no entry yet, B is
 * stopped (SIGSTOP) while its read is blocked, that read is ended empty (CLIENT UNBLOCK) or its connection killed
 * (CLIENT KILL), a customer on process A leaves a message (A writes the technicians' `inbox:new` onto the stream),
 * and only then does B run again and send its next read.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeftMessage } from '../../src/protocol/index.js';
import type { RelayOptions } from '../../src/server/index.js';
import { lastEntryId } from '../../src/server/stream-read.js';
import { collect, customer, next, ok, sleep, technician } from '../relay/support.js';
import { MISSING_REDIS_SERVER, missingRedis } from '../support/redis-server.js';
import { clusterOptions, expectNoProblems, spawnRelay, technicianToken, testRedis, until, type RelayProcess } from './support.js';

const LEFT = { name: 'Ada Lovelace', contact: { kind: 'email', value: 'ada@example.com' } };

let admin: Redis | undefined;
let stopped: RelayProcess | undefined;

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

afterEach(() => {
  if (stopped) stopped.child.kill('SIGCONT');
  stopped = undefined;
  admin?.disconnect();
  admin = undefined;
});

/** The connections whose last command was XREAD (the adapters' reads), by Redis client id. */
async function reads(redis: Redis): Promise<Array<{ id: string; blocked: boolean }>> {
  const list = (await redis.call('CLIENT', 'LIST')) as string;
  return list
    .split('\n')
    .filter((line) => line.includes(' cmd=xread '))
    .map((line) => {
      const fields = new Map(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      return { id: fields.get('id') ?? '', blocked: (fields.get('flags') ?? '').includes('b') };
    });
}

/**
 * Relay A, a message left on A, then relay B with a technician online; B stopped with its read ended the way `end`
 * ends it, and then another message left on A: resolves to the messages the technician gets once B runs again.
 */
async function leaveWhileBsReadIsEnded(end: 'unblock' | 'kill') {
  // B is stopped for a moment: A must not take it for dead meanwhile.
  const options: RelayOptions = clusterOptions({ redis: { url: '', processTimeoutMs: 15_000 } });
  const stream = `${(options.redis as { keyPrefix: string }).keyPrefix}socket.io`;
  admin = new Redis(testRedis()!.url);
  const a = await spawnRelay('A', options);
  // An entry from before B started: B's read starts after it.
  await ok(customer(a.url), 'message:leave', { ...LEFT, text: 'earlier' });
  await until(async () => (await admin!.xlen(stream)) === 1);
  const b = await spawnRelay('B', options);
  const tech = technician(b.url, await technicianToken());
  const got = collect<LeftMessage>(tech, 'inbox:new');
  await ok(tech, 'inbox:list');

  // Both reads wait for an entry, and B's has read none: the stream has only the earlier one.
  await until(async () => (await reads(admin!)).filter((r) => r.blocked).length === 2);
  expect(await admin.xlen(stream)).toBe(1);

  b.child.kill('SIGSTOP');
  stopped = b;
  await sleep(50);
  const blocked = (await reads(admin)).filter((r) => r.blocked).map((r) => r.id);
  if (end === 'unblock') {
    // Each blocked read answers "nothing" as if its time was up; A's reads again at once, B's cannot.
    for (const id of blocked) await admin.call('CLIENT', 'UNBLOCK', id, 'TIMEOUT');
    await until(async () => {
      const now = await reads(admin!);
      return now.length === 2 && now.filter((r) => r.blocked).length === 1;
    });
  } else {
    // Both reads lose their connection; A's reconnects at once, B's once it runs again.
    for (const id of blocked) await admin.call('CLIENT', 'KILL', 'ID', id);
    await until(async () => (await reads(admin!)).filter((r) => r.blocked).length === 1);
  }

  const seen = next<LeftMessage>(tech, 'inbox:new', (m) => m.text === 'later', 5000);
  await ok(customer(a.url), 'message:leave', { ...LEFT, text: 'later' });
  await until(async () => (await admin!.xlen(stream)) === 2);

  b.child.kill('SIGCONT');
  stopped = undefined;
  return { seen, got, a, b };
}

describe("a relay process's read of the broadcast stream, before it has read any entry", () => {
  for (const [end, what] of [
    ['unblock', 'between an empty read and the next one'],
    ['kill', 'while its connection to Redis was gone'],
  ] as const) {
    it(`gets an entry written ${what}`, async () => {
      const { seen, got, a, b } = await leaveWhileBsReadIsEnded(end);
      expect(await seen).toMatchObject({ name: LEFT.name, text: 'later' });
      expect(got.map((m) => m.text)).toEqual(['later']);
      expectNoProblems(a, b);
    }, 30_000);
  }
});

describe('the start of the read', () => {
  it('is the id of the stream’s last entry, or 0-0 when it has none', async () => {
    admin = new Redis(testRedis()!.url);
    const stream = `rsw-read-start:${randomBytes(4).toString('hex')}`;
    expect(await lastEntryId(admin, stream)).toBe('0-0');
    const first = (await admin.xadd(stream, '*', 'k', 'v'))!;
    const second = (await admin.xadd(stream, '*', 'k', 'v'))!;
    expect(await lastEntryId(admin, stream)).toBe(second);
    await admin.xdel(stream, second);
    expect(await lastEntryId(admin, stream)).toBe(first);
    await admin.xdel(stream, first);
    expect(await lastEntryId(admin, stream)).toBe('0-0');
    await admin.del(stream);
  });
});
