/**
 * The support queue (SPEC §6): customers without a code ask for help, technicians see the queue and pick.
 * Real relay on loopback, real socket.io clients.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { JoinResult, QueueEntry, RelayError, SessionView } from '../../src/protocol/index.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { customerWith } from './clients.js';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { QUEUE_UPDATE_MS } from '../../src/server/session/queue.js';
import { BACKEND, call, collect, connected, customer, flakyStore, next, ok, REDIS_URL, sleep, startRelay, technician, type TestRelay } from './support.js';

type Queued = JoinResult & { position: number };
type Position = { position: number; total: number };
type QueueUpdate = { entries: QueueEntry[] };

function refusedWith(code: string) {
  return { ok: false, error: expect.objectContaining({ code }) as RelayError };
}

/** A connected technician (so that the relay counts one online). */
async function onlineTechnician(t: TestRelay, token = t.token): Promise<Socket> {
  const tech = technician(t.url, token);
  await connected(tech);
  return tech;
}

async function enqueue(t: TestRelay, name: string, description = ''): Promise<{ socket: Socket; queued: Queued }> {
  const socket = customer(t.url);
  const queued = await ok<Queued>(socket, 'queue:join', { name, description });
  return { socket, queued };
}

/** The keys under `prefix` on this run's Redis whose name or content contains `text`. */
async function redisKeysAndValuesWith(prefix: string, text: string): Promise<string[]> {
  const client = new Redis(REDIS_URL ?? '', { maxRetriesPerRequest: 1 });
  try {
    const found: string[] = [];
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 })) {
      for (const key of keys as string[]) {
        const type = await client.type(key);
        const content =
          type === 'string' ? await client.get(key)
          : type === 'hash' ? await client.hgetall(key)
          : type === 'list' ? await client.lrange(key, 0, -1)
          : type === 'set' ? await client.smembers(key)
          : type === 'zset' ? await client.zrange(key, '0', '-1')
          : type === 'stream' ? await client.xrange(key, '-', '+')
          : `(${type})`;
        if (`${key} ${JSON.stringify(content)}`.includes(text)) found.push(key);
      }
    }
    return found;
  } finally {
    client.disconnect();
  }
}

describe('the support queue', () => {
  it('refuses to queue a customer when no technician is online', async () => {
    const t = await startRelay();
    expect(await call(customer(t.url), 'queue:join', { name: 'Ada', description: 'Printer offline' })).toEqual(refusedWith('no-technician'));
  });

  it('puts customers in line in the order they came, and shows technicians the line', async () => {
    const t = await startRelay();
    const tech = await onlineTechnician(t);
    const firstUpdate = next<QueueUpdate>(tech, 'queue:update', (u) => u.entries.length === 1);
    const ada = await enqueue(t, 'Ada', 'Printer offline');
    expect(ada.queued.position).toBe(1);
    expect(ada.queued.session).toMatchObject({ state: 'queued', customer: { name: 'Ada', description: 'Printer offline' }, customerPresent: true });
    expect(ada.queued.session.technician).toBeUndefined();
    expect((await firstUpdate).entries).toEqual([
      expect.objectContaining({ sessionId: ada.queued.session.id, name: 'Ada', description: 'Printer offline', position: 1 }),
    ]);

    const secondUpdate = next<QueueUpdate>(tech, 'queue:update', (u) => u.entries.length === 2);
    const bob = await enqueue(t, '  Bob  ', 'VPN keeps dropping');
    expect(bob.queued.position).toBe(2);
    const { entries } = await secondUpdate;
    expect(entries.map((e) => [e.name, e.position])).toEqual([
      ['Ada', 1],
      ['Bob', 2],
    ]);
    expect(entries[0]!.joinedAt).toBeLessThanOrEqual(entries[1]!.joinedAt);
    expect((await ok<QueueUpdate>(tech, 'queue:list')).entries).toEqual(entries);
    // A technician who comes online later sees the same line.
    const late = await onlineTechnician(t);
    expect((await ok<QueueUpdate>(late, 'queue:list')).entries).toEqual(entries);
  });

  it('moves the customers behind up when someone ahead leaves, and drops the leaver from the list', async () => {
    const t = await startRelay();
    const tech = await onlineTechnician(t);
    const ada = await enqueue(t, 'Ada');
    const bob = await enqueue(t, 'Bob');
    const cyd = await enqueue(t, 'Cyd');
    expect(cyd.queued.position).toBe(3);

    const bobMoved = next<Position>(bob.socket, 'queue:position', (p) => p.position === 1);
    const cydMoved = next<Position>(cyd.socket, 'queue:position', (p) => p.position === 2);
    const listed = next<QueueUpdate>(tech, 'queue:update', (u) => u.entries.length === 2);
    const ended = next<{ by: string; reason: string }>(ada.socket, 'session:ended');
    expect(await call(ada.socket, 'queue:leave')).toEqual({ ok: true });
    expect(await ended).toEqual({ by: 'customer', reason: 'customer-ended' });
    expect(await bobMoved).toEqual({ position: 1, total: 2 });
    expect(await cydMoved).toEqual({ position: 2, total: 2 });
    expect((await listed).entries.map((e) => [e.name, e.position])).toEqual([
      ['Bob', 1],
      ['Cyd', 2],
    ]);
    expect((await ok<QueueUpdate>(tech, 'queue:list')).entries.map((e) => e.sessionId)).toEqual([bob.queued.session.id, cyd.queued.session.id]);
    // Gone for good: it cannot be left twice, nor picked.
    expect(await call(ada.socket, 'queue:leave')).toEqual(refusedWith('invalid-state'));
    expect(await call(tech, 'queue:pick', { sessionId: ada.queued.session.id })).toEqual(refusedWith('not-found'));
  });

  it('connects the pair when a technician picks a customer', async () => {
    const t = await startRelay();
    const tech = await onlineTechnician(t);
    const ada = await enqueue(t, 'Ada', 'Printer offline');
    const bob = await enqueue(t, 'Bob');
    const sessionId = ada.queued.session.id;

    const custActive = next<SessionView>(ada.socket, 'session:update', (s) => s.state === 'active');
    const techActive = next<SessionView>(tech, 'session:update', (s) => s.state === 'active');
    const joined = next<{ role: string; present: boolean; reason: string }>(ada.socket, 'participant:update');
    const bobMoved = next<Position>(bob.socket, 'queue:position', (p) => p.position === 1);
    const picked = await ok<{ session: SessionView }>(tech, 'queue:pick', { sessionId });
    expect(picked.session).toMatchObject({ id: sessionId, state: 'active', technicianPresent: true, customerPresent: true });

    const seenByCustomer = await custActive;
    expect(seenByCustomer.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expect(seenByCustomer.customer).toEqual({ name: 'Ada', description: 'Printer offline' });
    expect((await techActive).id).toBe(sessionId);
    expect(await joined).toEqual({ role: 'technician', present: true, reason: 'joined' });
    expect(await bobMoved).toEqual({ position: 1, total: 1 });
    expect((await ok<QueueUpdate>(tech, 'queue:list')).entries.map((e) => e.name)).toEqual(['Bob']);

    // They are in one session now: chat flows both ways and consent can be asked.
    const toTech = next<{ text: string }>(tech, 'chat:message');
    await ok(ada.socket, 'chat:send', { clientId: 'c1', text: 'Hi' });
    expect((await toTech).text).toBe('Hi');
    const prompt = next<{ prompt: { fn: string } | null; technician?: unknown }>(ada.socket, 'consent:prompt');
    await ok(tech, 'consent:request', { fn: 'system-info' });
    expect(await prompt).toEqual({ prompt: expect.objectContaining({ fn: 'system-info' }) as unknown, technician: { name: 'Alex Demo', org: 'Demo Support' } });
    // Leaving the queue is over once picked.
    expect(await call(ada.socket, 'queue:leave')).toEqual(refusedWith('invalid-state'));
    // And the technician holds a live session now, so cannot pick another.
    expect(await call(tech, 'queue:pick', { sessionId: bob.queued.session.id })).toEqual(refusedWith('invalid-state'));
  });

  it('lets exactly one of two technicians racing for the same customer win', async () => {
    const t = await startRelay();
    const secret = t.relay.options.tokenSecret;
    const techs = await Promise.all([
      onlineTechnician(t, await issueTechnicianToken(secret, { id: 'tech-a', name: 'Ana A', org: 'Support' })),
      onlineTechnician(t, await issueTechnicianToken(secret, { id: 'tech-b', name: 'Ben B', org: 'Support' })),
    ]);
    const ada = await enqueue(t, 'Ada');
    const results = await Promise.all(techs.map((tech) => call<{ session: SessionView }>(tech, 'queue:pick', { sessionId: ada.queued.session.id })));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([refusedWith('not-found')]);
    const winner = techs[results.findIndex((r) => r.ok)]!;
    const loser = techs[results.findIndex((r) => !r.ok)]!;

    // The loser is not part of the session: it hears nothing of it and cannot act in it.
    const heardByLoser = collect(loser, 'chat:message');
    const toWinner = next<{ text: string }>(winner, 'chat:message');
    await ok(ada.socket, 'chat:send', { clientId: 'c1', text: 'Who is there?' });
    await toWinner;
    expect(await call(loser, 'chat:send', { clientId: 't1', text: 'me too' })).toEqual(refusedWith('not-in-session'));
    expect(await call(loser, 'session:attach', { sessionId: ada.queued.session.id })).toEqual(refusedWith('not-found'));
    expect(heardByLoser).toEqual([]);
  });

  it('keeps one address from filling the line by dropping and joining again: beyond queueJoinsPerHour it is refused rate-limited', async () => {
    const t = await startRelay({ queueJoinsPerHour: 3, trustProxy: true });
    const tech = await onlineTechnician(t);
    for (let i = 1; i <= 3; i++) {
      const socket = customerWith(t.url, { forwardedFor: '203.0.113.7' });
      await ok(socket, 'queue:join', { name: `Spam ${i}`, description: '' });
      socket.disconnect();
    }
    const refused = await call(customerWith(t.url, { forwardedFor: '203.0.113.7' }), 'queue:join', { name: 'Spam 4', description: '' });
    expect(refused).toEqual(refusedWith('rate-limited'));
    const { retryAfter } = (refused as { error: RelayError }).error;
    expect(retryAfter).toBeGreaterThan(59 * 60_000);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60_000);
    // another address still gets in line
    await ok(customerWith(t.url, { forwardedFor: '198.51.100.20' }), 'queue:join', { name: 'Ada', description: 'Printer offline' });
    const { entries } = await ok<QueueUpdate>(tech, 'queue:list');
    expect(entries.map((e) => e.name)).toEqual(['Spam 1', 'Spam 2', 'Spam 3', 'Ada']);
  });

  it('counts only places never picked: a helpdesk behind one address joins and is picked more than queueJoinsPerHour times', async () => {
    const t = await startRelay({ queueJoinsPerHour: 2, trustProxy: true });
    await onlineTechnician(t);
    for (let i = 1; i <= 4; i++) {
      const socket = customerWith(t.url, { forwardedFor: '203.0.113.7' });
      const queued = await ok<Queued>(socket, 'queue:join', { name: `Staff ${i}`, description: '' });
      // Each time another technician (the one online holds no session) picks the place: the customer was helped.
      await ok(technician(t.url, t.token), 'queue:pick', { sessionId: queued.session.id });
    }
    // Places taken and left alone still count.
    for (let i = 1; i <= 2; i++) await ok(customerWith(t.url, { forwardedFor: '203.0.113.7' }), 'queue:join', { name: `Left ${i}`, description: '' });
    expect(await call(customerWith(t.url, { forwardedFor: '203.0.113.7' }), 'queue:join', { name: 'One more', description: '' })).toEqual(refusedWith('rate-limited'));
  });

  it('keeps no client address in the session record (a keyed pseudonym), and another relay process gives the place back', async () => {
    const address = '203.0.113.7';
    const tokenSecret = 'a-shared-token-secret-of-at-least-32-characters';
    const first = await startRelay({ queueJoinsPerHour: 1, trustProxy: true, tokenSecret });
    // On Redis a second process sharing the store picks; in memory, the same one.
    const second = first.redis ? await startRelay({ queueJoinsPerHour: 1, trustProxy: true, tokenSecret, redis: first.redis }) : first;
    await onlineTechnician(first);
    const queued = await ok<Queued>(customerWith(first.url, { forwardedFor: address }), 'queue:join', { name: 'Ada', description: '' });
    const record = await first.relay.store.getSession(queued.session.id);
    expect(record?.limitKey).toMatch(/^[\w-]{22}$/);
    expect(JSON.stringify(record)).not.toContain(address);
    if (first.redis) expect(await redisKeysAndValuesWith(first.redis.keyPrefix!, address)).toEqual([]);
    // The point is spent, until a technician on the other process picks the place.
    expect(await call(customerWith(first.url, { forwardedFor: address }), 'queue:join', { name: 'Bob', description: '' })).toEqual(refusedWith('rate-limited'));
    await ok(technician(second.url, second.token), 'queue:pick', { sessionId: queued.session.id });
    await ok(customerWith(first.url, { forwardedFor: address }), 'queue:join', { name: 'Bob', description: '' });
  });

  it.runIf(BACKEND === 'redis')('says in its log, in development mode on Redis, that the queue limit counts per process', async () => {
    // Without a token secret each process makes up its own, so each derives other address pseudonyms (codes.ts).
    const lines: string[] = [];
    await startRelay({ logger: pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }) });
    const warnings = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(warnings.some((msg) => msg.includes('DEVELOPMENT MODE'))).toBe(true);
    expect(warnings.some((msg) => /queue's limit per client address \(queueJoinsPerHour\).*each process counts its own/.test(msg))).toBe(true);
  });

  it('announces a burst of joins in a bounded number of queue:update events, the last one the whole queue in order', async () => {
    // Every test customer comes from one address.
    const t = await startRelay({ queueJoinsPerHour: 1000 });
    const tech = await onlineTechnician(t);
    const updates = collect<QueueUpdate>(tech, 'queue:update');
    const count = 60;
    const customers = Array.from({ length: count }, () => customer(t.url));
    await Promise.all(customers.map(connected));
    const positions = customers.map((socket) => collect<Position>(socket, 'queue:position'));
    const started = Date.now();
    const joined = await Promise.all(customers.map((socket, i) => ok<Queued>(socket, 'queue:join', { name: `Customer ${i}`, description: '' })));
    const whole = await next<QueueUpdate>(tech, 'queue:update', (u) => u.entries.length === count);
    const elapsed = Date.now() - started;
    await sleep(3 * QUEUE_UPDATE_MS);
    // One per QUEUE_UPDATE_MS at most (and the one after the last change), not one per join.
    expect(updates.length).toBeLessThan(count);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / QUEUE_UPDATE_MS) + 1);
    expect(updates.at(-1)).toEqual(whole);
    const { entries } = await ok<QueueUpdate>(tech, 'queue:list');
    expect(whole.entries).toEqual(entries);
    expect(entries.map((e) => e.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.sessionId))).toEqual(new Set(joined.map((j) => j.session.id)));
    // Every customer's last word on its place is its place in the final queue.
    joined.forEach((j, i) => {
      const entry = entries.find((e) => e.sessionId === j.session.id)!;
      expect(positions[i]!.at(-1)).toEqual({ position: entry.position, total: count });
      expect(j.position).toBeLessThanOrEqual(entry.position);
    });
  });

  it('gives the place back to the address when storing it fails (answered unavailable)', async () => {
    const flaky = flakyStore('insertSession');
    const t = await startRelay({ queueJoinsPerHour: 1, store: flaky.store });
    await onlineTechnician(t);
    flaky.fail(1);
    expect(await call(customer(t.url), 'queue:join', { name: 'Ada', description: '' })).toEqual(refusedWith('unavailable'));
    await ok(customer(t.url), 'queue:join', { name: 'Ada', description: '' });
  });

  it('announces the queue again when the store did not answer its announcement: technicians keep no stale queue', async () => {
    const flaky = flakyStore('queue');
    const t = await startRelay({ store: flaky.store });
    const tech = await onlineTechnician(t);
    const ada = await enqueue(t, 'Ada');
    const bob = await enqueue(t, 'Bob');
    await next<QueueUpdate>(tech, 'queue:update', (u) => u.entries.length === 2);
    // Bob leaves; the announcement of it finds the store away, and no change follows.
    flaky.fail(1);
    const adaMoved = next<Position>(ada.socket, 'queue:position', (p) => p.total === 1);
    await ok(bob.socket, 'queue:leave');
    const update = await next<QueueUpdate>(tech, 'queue:update', (u) => u.entries.length === 1);
    expect(flaky.failed).toBe(1);
    expect(update.entries.map((e) => e.sessionId)).toEqual([ada.queued.session.id]);
    expect(await adaMoved).toEqual({ position: 1, total: 1 });
  });

  it('takes no place from the address for a refusal: no-technician answers do not count against queueJoinsPerHour', async () => {
    const t = await startRelay({ queueJoinsPerHour: 1 });
    for (let i = 0; i < 3; i++) expect(await call(customer(t.url), 'queue:join', { name: 'Ada', description: '' })).toEqual(refusedWith('no-technician'));
    await onlineTechnician(t);
    await ok(customer(t.url), 'queue:join', { name: 'Ada', description: '' });
  });

  it('does not let a queued customer chat or be asked for consent before a technician picks it', async () => {
    const t = await startRelay();
    await onlineTechnician(t);
    const ada = await enqueue(t, 'Ada');
    expect(await call(ada.socket, 'chat:send', { clientId: 'c1', text: 'hello?' })).toEqual(refusedWith('invalid-state'));
    expect(await call(ada.socket, 'screen:signal', { kind: 'offer', data: 'x' })).toEqual(refusedWith('invalid-state'));
    // Nor queue twice from one connection.
    expect(await call(ada.socket, 'queue:join', { name: 'Ada', description: '' })).toEqual(refusedWith('invalid-state'));
  });
});
