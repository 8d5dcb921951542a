/**
 * The RelayStore contract, against the store of this run (memory, or Redis in the relay-redis project). "Two
 * processes" are two store instances: on Redis, two stores on two connections with the same key prefix (what two
 * relay processes are); in memory, the same store twice (one process is all it serves).
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialConsent } from '../../src/protocol/index.js';
import { MemoryStore, RedisStore, type RelayStore, type SessionRecord, type SharedStore } from '../../src/server/index.js';
import { AUDIT_KEEP_FIRST, AUDIT_KEEP_LAST } from '../../src/server/store.js';
import { broadcastEntry } from '../../src/server/stream-entries.js';
import { BACKEND, redisSettings, sleep } from './support.js';

const RETAIN_MS = 300;
const GRACE_MS = 1000;
const clients: Redis[] = [];
let a: RelayStore;
let b: RelayStore;
let prefix = '';

beforeEach(() => {
  if (BACKEND === 'memory') {
    a = b = new MemoryStore();
    return;
  }
  const { url, keyPrefix } = redisSettings();
  prefix = keyPrefix ?? '';
  const open = () => {
    const client = new Redis(url, { enableAutoPipelining: true });
    clients.push(client);
    return new RedisStore(client, { keyPrefix, retainEndedMs: RETAIN_MS, resumeGraceMs: GRACE_MS });
  };
  [a, b] = [open(), open()];
});

afterEach(async () => {
  await a.close();
  await b.close();
  for (const client of clients.splice(0)) client.disconnect();
});

let n = 0;
function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: `s${++n}-${Date.now()}`,
    state: 'active',
    createdAt: 0,
    customerPresent: true,
    technicianPresent: true,
    consent: initialConsent(),
    ...overrides,
  };
}

describe('sessions', () => {
  it('inserts a session once, reads it back, and knows nothing of others', async () => {
    const s = record({ customer: { name: 'Ada', description: 'printer' } });
    await a.insertSession(s);
    expect(await b.getSession(s.id)).toEqual(s);
    await expect(b.insertSession(s)).rejects.toThrow(/exists/);
    expect(await a.getSession('nope')).toBeUndefined();
    expect(await a.updateSession('nope', (x) => x)).toBeUndefined();
  });

  it('replaces a session with what mutate returns, and leaves it when mutate returns nothing', async () => {
    const s = record();
    await a.insertSession(s);
    const updated = await b.updateSession(s.id, (x) => ({ ...x, customerPresent: false, customerDroppedAt: 5 }));
    expect(updated).toMatchObject({ customerPresent: false, customerDroppedAt: 5 });
    expect(await a.getSession(s.id)).toEqual(updated);
    expect(await a.updateSession(s.id, () => undefined)).toEqual(updated);
  });

  it('applies concurrent updates from two processes one after the other, none lost (mutate may run again)', async () => {
    const s = record();
    await a.insertSession(s);
    let runs = 0;
    const bump = (store: RelayStore) =>
      store.updateSession(s.id, (x) => {
        runs++;
        return { ...x, createdAt: x.createdAt + 1 };
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
    expect((await a.getSession(s.id))?.createdAt).toBe(40);
    expect(runs).toBeGreaterThanOrEqual(40);
  });

  it('counts and lists only live sessions', async () => {
    const live = record();
    const ended = record();
    await a.insertSession(live);
    await a.insertSession(ended);
    await b.updateSession(ended.id, (x) => ({ ...x, state: 'ended', endedAt: 1 }));
    expect(await b.countLive()).toBe(1);
    expect((await b.liveSessions()).map((x) => x.id)).toEqual([live.id]);
  });

  it('keeps the live count right through every change: updated without ending, ended twice, forgotten live or ended', async () => {
    const [one, two, three] = [record(), record(), record()];
    for (const s of [one, two, three]) await a.insertSession(s);
    await b.updateSession(three.id, (x) => ({ ...x, state: 'ended', endedAt: 1 }));
    expect(await b.countLive()).toBe(2);
    await b.updateSession(one.id, (x) => ({ ...x, customerPresent: false }));
    expect(await a.countLive()).toBe(2);
    for (let i = 0; i < 2; i++) await b.updateSession(one.id, (x) => ({ ...x, state: 'ended', endedAt: 2 }));
    expect(await a.countLive()).toBe(1);
    await a.deleteSession(one.id);
    await a.deleteSession(three.id);
    expect(await b.countLive()).toBe(1);
    await a.deleteSession(two.id);
    await a.deleteSession(two.id);
    expect(await b.countLive()).toBe(0);
  });

  it('forgets a session with its chat, audit log, resume token and queue place', async () => {
    const s = record({ state: 'queued', resumeHash: 'h-del' });
    await a.insertSession(s);
    await a.appendMessage(s.id, { clientId: 'c1', from: 'customer', text: 'hi', at: 1 });
    await a.appendAudit(s.id, { at: 1, actor: 'customer', type: 'customer-queued' });
    await a.putResumeToken('h-del', s.id);
    await a.enqueue(s.id);
    await b.deleteSession(s.id);
    expect(await a.getSession(s.id)).toBeUndefined();
    expect(await a.messagesAfter(s.id, 0)).toEqual([]);
    expect(await a.audit(s.id)).toEqual([]);
    expect(await a.findResumeToken('h-del')).toBeUndefined();
    expect(await a.queue()).toEqual([]);
    expect(await a.countLive()).toBe(0);
  });

  it.runIf(BACKEND === 'redis')('lets an ended session, its chat, audit log and resume token expire by themselves', async () => {
    const s = record({ resumeHash: 'h-end', customerConn: 'node1.c1' });
    await a.insertSession(s);
    await a.appendMessage(s.id, { clientId: 'c1', from: 'customer', text: 'hi', at: 1 });
    const budget = { key: `${prefix}budget:${s.id}`, points: 10, durationSec: 60 };
    expect(await a.sendMessage?.(s.id, 'node1.c1', { clientId: 'c2', from: 'customer', text: 'again', at: 2 }, budget)).toMatchObject({ status: 'ok' });
    await a.appendAudit(s.id, { at: 1, actor: 'customer', type: 'customer-joined' });
    await a.putResumeToken('h-end', s.id);
    await b.updateSession(s.id, (x) => ({ ...x, state: 'ended', endedAt: 1 }));
    // Appended after the end (the end's own audit line): expires with the rest.
    await a.appendAudit(s.id, { at: 2, actor: 'relay', type: 'session-ended' });
    expect((await a.getSession(s.id))?.state).toBe('ended');
    expect(await a.audit(s.id)).toHaveLength(2);
    await sleep(RETAIN_MS + 100);
    expect(await a.getSession(s.id)).toBeUndefined();
    expect(await a.messagesAfter(s.id, 0)).toEqual([]);
    expect(await a.audit(s.id)).toEqual([]);
    expect(await a.findResumeToken('h-end')).toBeUndefined();
    expect(await clients[0]!.exists(`${prefix}chat:${s.id}`, `${prefix}chatid:${s.id}`)).toBe(0);
  });
});

describe('codes', () => {
  it('reserves a code for one session only, even when two processes race for it', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).reserveCode('123456', `s-${i}`, Date.now() + 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets exactly one of many racing claims use a code; the others see it used', async () => {
    await a.reserveCode('222222', 'winner', Date.now() + 60_000);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimCode('222222', Date.now())));
    expect(claims.filter((c) => c.status === 'ok')).toEqual([{ status: 'ok', sessionId: 'winner' }]);
    expect(claims.filter((c) => c.status === 'used')).toHaveLength(9);
  });

  it('says expired after the code expired, invalid for a code never reserved, and never reissues a code it remembers', async () => {
    const now = Date.now();
    await a.reserveCode('333333', 's', now + 1000);
    expect(await b.claimCode('333333', now + 1000)).toEqual({ status: 'expired' });
    expect(await b.claimCode('444444', now)).toEqual({ status: 'invalid' });
    expect(await b.reserveCode('333333', 'other', now + 60_000)).toBe(false);
  });
});

describe('queue', () => {
  it('keeps customers in order, once each, and lets one caller take each', async () => {
    for (const id of ['q1', 'q2', 'q3', 'q1']) await (id === 'q2' ? b : a).enqueue(id);
    expect(await b.queue()).toEqual(['q1', 'q2', 'q3']);
    const taken = await Promise.all([a.dequeue('q2'), b.dequeue('q2')]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await a.queue()).toEqual(['q1', 'q3']);
  });
});

describe('chat and audit', () => {
  it('numbers messages in order over both processes, never doubles a resent client id, and replays after a seq', async () => {
    const s = record();
    await a.insertSession(s);
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).appendMessage(s.id, { clientId: `c${i}`, from: 'customer', text: `m${i}`, at: i })),
    );
    expect(sent.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const again = await b.appendMessage(s.id, { clientId: 'c3', from: 'customer', text: 'm3', at: 99 });
    expect(again).toEqual({ message: sent[3]!.message, duplicate: true });
    const fromTech = await a.appendMessage(s.id, { clientId: 'c3', from: 'technician', text: 'other side', at: 100 });
    expect(fromTech).toMatchObject({ duplicate: false, message: { seq: 21, from: 'technician', text: 'other side', at: 100 } });
    expect(new Set(sent.map((r) => r.message.id)).size).toBe(20);
    const tail = await b.messagesAfter(s.id, 18);
    expect(tail.map((m) => m.seq)).toEqual([19, 20, 21]);
    expect(await b.messagesAfter(s.id, 50)).toEqual([]);
  });

  it.runIf(BACKEND === 'redis')('sends a message in one step only for the holder of an active session, within its budget', async () => {
    const s = record({ customerConn: 'node1.c1', technicianConn: 'node1.t1' });
    await a.insertSession(s);
    const send = (store: RelayStore, conn: string, clientId: string, from: 'customer' | 'technician' = 'customer') =>
      store.sendMessage!(s.id, conn, { clientId, from, text: clientId, at: 1 }, { key: `budget:${s.id}:${from}`, points: 3, durationSec: 60 });
    expect(await send(a, 'node1.c-old', 'x')).toEqual({ status: 'not-in-session' });
    expect(await send(a, 'node1.t1', 'x')).toEqual({ status: 'not-in-session' });
    expect(await a.sendMessage!('nope', 'node1.c1', { clientId: 'x', from: 'customer', text: 'x', at: 1 }, { key: 'k', points: 3, durationSec: 60 })).toEqual({ status: 'not-in-session' });
    const first = await send(a, 'node1.c1', 'c1');
    expect(first).toMatchObject({ status: 'ok', duplicate: false, message: { seq: 1, from: 'customer', text: 'c1' } });
    expect(await send(b, 'node1.c1', 'c1')).toEqual({ ...first, duplicate: true });
    expect(await send(b, 'node1.t1', 'c1', 'technician')).toMatchObject({ status: 'ok', duplicate: false, message: { seq: 2 } });
    expect(await send(b, 'node1.c1', 'c2')).toMatchObject({ status: 'ok', message: { seq: 3 } });
    const cut = await send(a, 'node1.c1', 'c3');
    expect(cut).toMatchObject({ status: 'rate-limited' });
    expect((cut as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
    expect((cut as { retryAfter: number }).retryAfter).toBeLessThanOrEqual(60_000);
    expect((await a.messagesAfter(s.id, 0)).map((m) => m.text)).toEqual(['c1', 'c1', 'c2']);
    await a.updateSession(s.id, (r) => ({ ...r, state: 'ended' }));
    expect(await send(a, 'node1.t1', 't2', 'technician')).toEqual({ status: 'session-ended' });
    const waiting = record({ state: 'open', customerConn: 'node1.c9' });
    await a.insertSession(waiting);
    expect(await a.sendMessage!(waiting.id, 'node1.c9', { clientId: 'x', from: 'customer', text: 'x', at: 1 }, { key: 'k2', points: 3, durationSec: 60 })).toEqual({
      status: 'invalid-state',
    });
  });

  it.runIf(BACKEND === 'redis')("writes a message's broadcast onto the stream unless the other side is held on the sender's process", async () => {
    const stream = `${prefix}test-stream`;
    const entry = broadcastEntry(stream, 1000, 'writer-uid', '/technician', 'room', 'chat:message');
    const budget = (id: string) => ({ key: `${prefix}budget:${id}`, points: 10, durationSec: 60 });
    const send = (id: string, clientId: string) =>
      a.sendMessage!(id, 'node1.c1', { clientId, from: 'customer', text: clientId, at: 1 }, budget(id), entry);
    const remote = record({ customerConn: 'node1.c1', technicianConn: 'node2.t1' });
    const local = record({ customerConn: 'node1.c1', technicianConn: 'node1.t1' });
    const absent = record({ customerConn: 'node1.c1' });
    // Another process whose id begins with the sender's ('node1' and 'node12').
    const prefixed = record({ customerConn: 'node1.c1', technicianConn: 'node12.t1' });
    for (const s of [remote, local, absent, prefixed]) await a.insertSession(s);
    const redis = clients[0]!;
    const texts = async () => (await redis.xrange(stream, '-', '+')).map(([, fields]) => (JSON.parse(fields[fields.indexOf('data') + 1]!) as { packet: { data: [string, { text: string }] } }).packet.data[1].text);
    expect(await send(remote.id, 'r1')).toMatchObject({ status: 'ok', duplicate: false });
    expect(await send(local.id, 'l1')).toMatchObject({ status: 'ok', duplicate: false });
    expect(await send(absent.id, 'a1')).toMatchObject({ status: 'ok', duplicate: false });
    expect(await send(prefixed.id, 'p1')).toMatchObject({ status: 'ok', duplicate: false });
    expect(await send(remote.id, 'r1')).toMatchObject({ status: 'ok', duplicate: true });
    expect(await send(local.id, 'l1')).toMatchObject({ status: 'ok', duplicate: true });
    expect(await texts()).toEqual(['r1', 'a1', 'p1', 'r1']);
    const [first] = await redis.xrange(stream, '-', '+');
    expect(first![1]).toEqual(expect.arrayContaining(['uid', 'writer-uid', 'nsp', '/technician', 'type', '3']));
    // Stored all the same.
    expect((await a.messagesAfter(local.id, 0)).map((m) => m.text)).toEqual(['l1']);
  });

  it.runIf(BACKEND === 'redis')("keeps a message budget's counter expiring with its window, and gives one found without a TTL its TTL back", async () => {
    const s = record({ customerConn: 'node1.c1' });
    await a.insertSession(s);
    const send = (clientId: string, key: string) =>
      a.sendMessage!(s.id, 'node1.c1', { clientId, from: 'customer', text: clientId, at: 1 }, { key, points: 2, durationSec: 60 });
    const redis = clients[0]!;
    const fresh = `${prefix}budget:fresh`;
    expect(await send('c1', fresh)).toMatchObject({ status: 'ok' });
    expect(await redis.get(fresh)).toBe('1');
    expect(await redis.pttl(fresh)).toBeGreaterThan(55_000);
    expect(await send('c2', fresh)).toMatchObject({ status: 'ok' });
    const refused = await send('c3', fresh);
    expect(refused).toMatchObject({ status: 'rate-limited' });
    expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThan(55_000);
    expect(await redis.get(fresh)).toBe('3');
    // A counter left without a TTL (not by this relay) counts on and is repaired when it refuses.
    const stuck = `${prefix}budget:stuck`;
    await redis.set(stuck, '2');
    const repaired = await send('c4', stuck);
    expect(repaired).toEqual({ status: 'rate-limited', retryAfter: 60_000 });
    expect(await redis.pttl(stuck)).toBeGreaterThan(55_000);
    expect((await a.messagesAfter(s.id, 0)).map((m) => m.text)).toEqual(['c1', 'c2']);
  });

  it.runIf(BACKEND === 'redis')('sends a message in a session written by an older relay (its record only, no membership fields)', async () => {
    const s = record({ customerConn: 'node1.c1' });
    await clients[0]!.hset(`${prefix}s:${s.id}`, 'rev', 1, 'json', JSON.stringify(s));
    const send = (conn: string) => a.sendMessage!(s.id, conn, { clientId: 'c1', from: 'customer', text: 'hi', at: 1 }, { key: `budget:${s.id}`, points: 3, durationSec: 60 });
    expect(await send('node1.c-other')).toEqual({ status: 'not-in-session' });
    expect(await send('node1.c1')).toMatchObject({ status: 'ok', duplicate: false, message: { seq: 1 } });
    await a.updateSession(s.id, (r) => ({ ...r, state: 'ended' }));
    expect(await send('node1.c1')).toEqual({ status: 'session-ended' });
  });

  it('numbers audit entries in order over both processes', async () => {
    const s = record();
    await a.insertSession(s);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).appendAudit(s.id, { at: i, actor: 'relay', type: 'participant-dropped', detail: `d${i}` })));
    const log = await a.audit(s.id);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(log[0]).toMatchObject({ actor: 'relay', type: 'participant-dropped' });
  });

  it('keeps a session’s first AUDIT_KEEP_FIRST and last AUDIT_KEEP_LAST audit entries, numbers going on, the dropped ones a gap in seq', async () => {
    const s = record();
    await a.insertSession(s);
    const total = AUDIT_KEEP_FIRST + AUDIT_KEEP_LAST + 50;
    let last;
    for (let i = 1; i <= total; i++) last = await (i % 2 ? a : b).appendAudit(s.id, { at: i, actor: 'technician', type: 'use-refused', detail: `control:event: not-granted #${i}` });
    expect(last?.seq).toBe(total);
    const log = await a.audit(s.id);
    expect(log).toHaveLength(AUDIT_KEEP_FIRST + AUDIT_KEEP_LAST);
    const seqs = log.map((e) => e.seq);
    expect(seqs.slice(0, AUDIT_KEEP_FIRST)).toEqual(Array.from({ length: AUDIT_KEEP_FIRST }, (_, i) => i + 1));
    expect(seqs.slice(AUDIT_KEEP_FIRST)).toEqual(Array.from({ length: AUDIT_KEEP_LAST }, (_, i) => total - AUDIT_KEEP_LAST + 1 + i));
    expect(log.map((e) => e.detail)).toEqual(seqs.map((seq) => `control:event: not-granted #${seq}`));
    // The next one goes on from the last seq, and the one after the first ones makes room for it.
    expect(await a.appendAudit(s.id, { at: 0, actor: 'relay', type: 'session-ended', detail: 'ended' })).toMatchObject({ seq: total + 1 });
    const after = await b.audit(s.id);
    expect(after).toHaveLength(AUDIT_KEEP_FIRST + AUDIT_KEEP_LAST);
    expect([after[AUDIT_KEEP_FIRST - 1]!.seq, after[AUDIT_KEEP_FIRST]!.seq, after.at(-1)!.seq]).toEqual([AUDIT_KEEP_FIRST, total - AUDIT_KEEP_LAST + 2, total + 1]);
  });
});

describe.runIf(BACKEND === 'memory')('chat history in memory', () => {
  it('keeps the last maxMessages messages of a session, numbers go on, and replays from the oldest kept', async () => {
    const store = new MemoryStore({ maxMessages: 3 });
    const s = record();
    await store.insertSession(s);
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push((await store.appendMessage(s.id, { clientId: `c${i}`, from: 'customer', text: `m${i}`, at: i })).message);
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.messagesAfter(s.id, 0)).map((m) => m.seq)).toEqual([3, 4, 5]);
    expect((await store.messagesAfter(s.id, 3)).map((m) => m.seq)).toEqual([4, 5]);
    expect(await store.messagesAfter(s.id, 5)).toEqual([]);
    // A resend of a kept message is still a duplicate (the stored message itself, not a copy).
    expect(await store.appendMessage(s.id, { clientId: 'c4', from: 'customer', text: 'm4', at: 9 })).toEqual({ message: sent[3], duplicate: true });
    expect((await store.appendMessage(s.id, { clientId: 'c4', from: 'customer', text: 'm4', at: 9 })).message).toBe(sent[3]);
    await store.deleteSession(s.id);
    expect(await store.messagesAfter(s.id, 0)).toEqual([]);
  });

  it('keeps an ended session’s chat readable as before, and a message that raced the end still joins it', async () => {
    const store = new MemoryStore({ maxMessages: 3 });
    const s = record();
    await store.insertSession(s);
    for (let i = 1; i <= 4; i++) await store.appendMessage(s.id, { clientId: `c${i}`, from: i % 2 ? 'customer' : 'technician', text: `m${i}`, at: i });
    const before = await store.messagesAfter(s.id, 0);
    await store.updateSession(s.id, (r) => ({ ...r, state: 'ended' }));
    expect(await store.messagesAfter(s.id, 0)).toEqual(before);
    expect(await store.messagesAfter(s.id, 2)).toEqual(before.slice(1));
    // A read hands out copies: nothing a reader does changes the transcript.
    (await store.messagesAfter(s.id, 0))[0]!.text = 'changed';
    expect((await store.messagesAfter(s.id, 0))[0]!.text).toBe('m2');
    // A resend is still recognised; a message that raced the end gets the next number.
    expect(await store.appendMessage(s.id, { clientId: 'c4', from: 'technician', text: 'm4', at: 9 })).toEqual({ message: before[2], duplicate: true });
    const late = await store.appendMessage(s.id, { clientId: 'c5', from: 'customer', text: 'm5', at: 5 });
    expect(late).toMatchObject({ message: { seq: 5, text: 'm5' }, duplicate: false });
    expect((await store.messagesAfter(s.id, 0)).map((m) => m.seq)).toEqual([3, 4, 5]);
    await store.deleteSession(s.id);
    expect(await store.messagesAfter(s.id, 0)).toEqual([]);
  });
});

describe('resume and reboot tokens', () => {
  it('maps a resume token to its session until it is deleted', async () => {
    await a.putResumeToken('r1', 'sess');
    expect(await b.findResumeToken('r1')).toBe('sess');
    await b.deleteResumeToken('r1');
    expect(await a.findResumeToken('r1')).toBeUndefined();
  });

  it('hands a reboot token out once, to one of two racing processes', async () => {
    await a.putRebootToken('b1', 'sess', Date.now() + 60_000);
    const taken = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).takeRebootToken('b1', Date.now())));
    expect(taken.filter((t) => t !== undefined)).toEqual(['sess']);
    expect(await a.takeRebootToken('b1', Date.now())).toBeUndefined();
  });

  it('gives nothing for a reboot token after its expiry, or after it was deleted', async () => {
    const now = Date.now();
    await a.putRebootToken('b2', 'sess', now + 100);
    expect(await b.takeRebootToken('b2', now + 100)).toBeUndefined();
    await a.putRebootToken('b3', 'sess', now + 60);
    await sleep(120);
    expect(await b.takeRebootToken('b3', Date.now())).toBeUndefined();
    await a.putRebootToken('b4', 'sess', Date.now() + 60_000);
    await b.deleteRebootToken('b4');
    expect(await a.takeRebootToken('b4', Date.now())).toBeUndefined();
    await a.putRebootToken('b5', 'sess', Date.now() - 1);
    expect(await a.takeRebootToken('b5', Date.now())).toBeUndefined();
  });
});

describe.runIf(BACKEND === 'redis')('deadlines and processes (shared store)', () => {
  it('hands out sessions whose deadline has passed, each to one process until the lease runs out', async () => {
    const shared = [a, b] as SharedStore[];
    const now = Date.now();
    const dropped = record({ customerPresent: false, customerDroppedAt: now - GRACE_MS - 1 });
    const open = record({ state: 'open', code: '555555', codeExpiresAt: now + 60_000 });
    await a.insertSession(dropped);
    await a.insertSession(open);
    expect(await shared[0]!.claimDue(now, 10, now + 200)).toEqual([dropped.id]);
    expect(await shared[1]!.claimDue(now, 10, now + 200)).toEqual([]);
    expect(await shared[1]!.claimDue(now + 250, 10, now + 500)).toEqual([dropped.id]);
    // Writing the session sets its real deadline (here: none once the customer is back).
    await b.updateSession(dropped.id, (x) => ({ ...x, customerPresent: true }));
    expect(await shared[0]!.claimDue(now + 60_000, 10, now + 70_000)).toEqual([open.id]);
  });

  it('tells which processes have not been heard of since a time, until they are declared dead or say goodbye', async () => {
    const [x, y] = [a, b] as SharedStore[];
    expect(await x!.heartbeat('node-a', 1000)).toBe(false);
    await y!.heartbeat('node-b', 5000);
    await y!.heartbeat('node-c', 5000);
    expect(await x!.staleNodes(3000)).toEqual(['node-a']);
    await y!.declareDead('node-a');
    await y!.forgetNode('node-c');
    expect(await x!.staleNodes(6000)).toEqual(['node-b']);
    // A process declared dead learns it from its next heartbeat, once.
    expect(await x!.heartbeat('node-a', 7000)).toBe(true);
    expect(await x!.heartbeat('node-a', 7100)).toBe(false);
    expect(await y!.heartbeat('node-c', 7000)).toBe(false);
  });
});
