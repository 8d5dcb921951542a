/**
 * Several relay processes on one Redis (SPEC §6): real relays in child processes on loopback, real socket.io clients
 * in this one. A session whose customer and technician are on different processes works as on one; a process that
 * dies (SIGKILL) loses nothing of the sessions it served; consent holds under races between processes; and a Redis
 * outage leaves the relays up, unhealthy, and then well again by themselves.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, ChatMessage, ConsentState, QueueEntry, SessionView } from '../../src/protocol/index.js';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { MISSING_REDIS_SERVER, missingRedis } from '../support/redis-server.js';
import { ORIGIN, call, collect, customer, grant, next, ok, sleep, technician } from '../relay/support.js';
import { clusterOptions, expectNoProblems, health, pairAcross, say, spawnRelay, technicianToken, testRedis, twoRelays, until, type Presence } from './support.js';
import { nodeSocketOptions } from '../support/node-websocket.js';

type Joined = { resumeToken: string; session: SessionView };

beforeEach(({ skip }) => {
  if (!testRedis()) missingRedis(skip, MISSING_REDIS_SERVER);
});

describe('a session across two relay processes', () => {
  it('works as on one process: chat, consent, the gate, the audit log and the end', async () => {
    const [a, b] = await twoRelays();
    const { tech, cust, code } = await pairAcross(b, a);

    const toCust = next<ChatMessage>(cust, 'chat:message');
    await say(tech, 't1', 'Hello from process B');
    expect(await toCust).toMatchObject({ from: 'technician', seq: 1, text: 'Hello from process B' });
    const toTech = next<ChatMessage>(tech, 'chat:message');
    await say(cust, 'c1', 'Hello from process A');
    expect(await toTech).toMatchObject({ from: 'customer', seq: 2 });

    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'v=0' })).toMatchObject({ ok: false, error: { code: 'not-granted' } });
    const granted = next<{ consent: ConsentState }>(tech, 'consent:update', (u) => u.consent.grants['desktop-view'].status === 'granted');
    await grant(tech, cust, 'desktop-view');
    await granted;
    const relayed = next(cust, 'screen:signal');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(await relayed).toEqual({ kind: 'offer', data: 'v=0' });
    const revoked = next<{ consent: ConsentState }>(tech, 'consent:update', (u) => u.consent.grants['desktop-view'].status === 'revoked');
    await ok(cust, 'consent:revoke', { fn: 'desktop-view' });
    await revoked;
    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'v=1' })).toMatchObject({ ok: false, error: { code: 'not-granted' } });

    const ended = next<{ by: string; reason: string }>(cust, 'session:ended');
    await ok(tech, 'session:end');
    expect(await ended).toEqual({ by: 'technician', reason: 'technician-ended' });
    const audit = (await ok<{ entries: AuditEntry[] }>(cust, 'audit:fetch')).entries;
    expect((await ok<{ entries: AuditEntry[] }>(tech, 'audit:fetch')).entries).toEqual(audit);
    expect(audit.map((e) => e.type)).toEqual([
      'session-created',
      'customer-joined',
      'use-refused',
      'consent-requested',
      'consent-changed',
      'consent-changed',
      'use-refused',
      'session-ended',
    ]);
    expect(audit.map((e) => e.seq)).toEqual(audit.map((_, i) => i + 1));
    expect(await call(customer(b.url), 'session:join', { code })).toMatchObject({ ok: false, error: { code: 'code-used' } });
    expectNoProblems(a, b);
  });

  it('shows a customer queued on one process to a technician on the other, who takes them', async () => {
    const [a, b] = await twoRelays();
    const tech = technician(b.url, await technicianToken());
    await ok(tech, 'queue:list');
    const listed = next<{ entries: QueueEntry[] }>(tech, 'queue:update', (u) => u.entries.length === 1);
    const cust = customer(a.url);
    const queued = await ok<Joined & { position: number }>(cust, 'queue:join', { name: 'Ada', description: 'printer' });
    expect(queued.position).toBe(1);
    const { entries } = await listed;
    expect(entries[0]).toMatchObject({ name: 'Ada', description: 'printer', position: 1 });
    const picked = next<SessionView>(cust, 'session:update', (s) => s.state === 'active');
    await ok(tech, 'queue:pick', { sessionId: entries[0]!.sessionId });
    expect((await picked).technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expectNoProblems(a, b);
  });
});

describe('a relay process that dies', () => {
  it('loses nothing: the customer resumes on the other process, nothing doubled, grants as they were', async () => {
    const [a, b] = await twoRelays({ resumeGraceMs: 20_000 });
    const { tech, cust, sessionId, resumeToken } = await pairAcross(b, a);
    await grant(tech, cust, 'desktop-view');
    await ok(tech, 'consent:request', { fn: 'file-transfer' });
    const before = (await ok<{ session: SessionView }>(tech, 'session:attach', { sessionId })).session.consent;
    for (let i = 1; i <= 3; i++) await say(cust, `c${i}`, `customer ${i}`);
    await say(tech, 't1', 'technician 1');
    const presence = collect<Presence>(tech, 'participant:update');

    await a.kill();
    await say(tech, 't2', 'said while the customer was away');

    const again = customer(b.url);
    const resumed = await ok<Joined & { missed: ChatMessage[] }>(again, 'session:resume', { token: resumeToken, lastSeq: 3 });
    expect(resumed.session.id).toBe(sessionId);
    expect(resumed.missed.map((m) => m.text)).toEqual(['technician 1', 'said while the customer was away']);
    expect(resumed.session.consent).toEqual(before);
    // The widget resends what it had no acknowledgement for, with the same client id: nothing doubles.
    expect(await ok<{ duplicate: boolean }>(again, 'chat:send', { clientId: 'c3', text: 'customer 3' })).toMatchObject({ duplicate: true });
    await say(again, 'c4', 'customer 4');
    const history = (await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 0 })).messages;
    expect(history.map((m) => [m.seq, m.clientId])).toEqual([
      [1, 'c1'],
      [2, 'c2'],
      [3, 'c3'],
      [4, 't1'],
      [5, 't2'],
      [6, 'c4'],
    ]);
    await until(() => presence.some((p) => p.present && p.reason === 'resumed'));
    // The grant still works for the new connection, and the prompt that was on show is still there.
    const relayed = next(again, 'screen:signal');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(await relayed).toEqual({ kind: 'offer', data: 'v=0' });
    expect(resumed.session.consent.prompts.map((p) => p.fn)).toEqual(['file-transfer']);
    // Once B has noticed A is gone, the customer's old connection on A is not taken for a drop: it was superseded.
    await sleep(1500);
    expect(presence.filter((p) => !p.present)).toEqual([]);
    expectNoProblems(b);
  });

  it('has its timers run by the others: the technician learns the customer dropped, then the session ends', async () => {
    const [a, b] = await twoRelays({ resumeGraceMs: 800 });
    const { tech, cust } = await pairAcross(b, a);
    await grant(tech, cust, 'desktop-view');
    const dropped = next<Presence>(tech, 'participant:update', (p) => !p.present, 5000);
    const ended = next<{ by: string; reason: string }>(tech, 'session:ended', () => true, 8000);
    await a.kill();
    expect(await dropped).toEqual({ role: 'customer', present: false, reason: 'dropped' });
    expect(await ended).toEqual({ by: 'relay', reason: 'customer-timeout' });
    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'x' })).toMatchObject({ ok: false, error: { code: 'session-ended' } });
    expectNoProblems(b);
  });

  it('has its consent deadlines kept by the others: a prompt it showed still expires', async () => {
    const [a, b] = await twoRelays({ promptTimeoutMs: 600, resumeGraceMs: 20_000 });
    const { tech, cust } = await pairAcross(a, b);
    const prompt = next<{ prompt: { fn: string } | null }>(cust, 'consent:prompt', (p) => p.prompt?.fn === 'system-info');
    await ok(tech, 'consent:request', { fn: 'system-info' });
    await prompt;
    const expired = next<{ consent: ConsentState }>(cust, 'consent:update', (u) => u.consent.grants['system-info'].status === 'expired', 5000);
    await a.kill();
    await expired;
    expectNoProblems(b);
  });
});

describe('a relay process that stalls', () => {
  it('is taken for dead by the others, and once it runs again its clients reconnect and resume', async () => {
    const [a, b] = await twoRelays({ resumeGraceMs: 20_000 });
    const tech = technician(b.url, await technicianToken());
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const w = new WidgetSession({ server: a.url, storage: new MemoryStorage(), socketOptions: nodeSocketOptions(ORIGIN, { transports: ['websocket'] }) });
    try {
      const joined = next<Presence>(tech, 'participant:update', (p) => p.present);
      await w.join(code);
      await joined;
      const dropped = next<Presence>(tech, 'participant:update', (p) => !p.present, 5000);
      a.child.kill('SIGSTOP');
      try {
        expect(await dropped).toEqual({ role: 'customer', present: false, reason: 'dropped' });
      } finally {
        a.child.kill('SIGCONT');
      }
      expect(await next<Presence>(tech, 'participant:update', (p) => p.present, 8000)).toEqual({ role: 'customer', present: true, reason: 'resumed' });
      await until(() => w.state.phase === 'connected');
      // The drop is recorded once, by the process that took A for dead (not again when A let its sockets go).
      const audit = (await ok<{ entries: AuditEntry[] }>(tech, 'audit:fetch')).entries;
      expect(audit.filter((e) => e.type.startsWith('participant-')).map((e) => e.type)).toEqual(['participant-dropped', 'participant-resumed']);
      expectNoProblems(a, b);
    } finally {
      w.destroy();
    }
  });
});

describe('a relay process that shuts down (SIGTERM)', () => {
  it('tells its sockets they can resume elsewhere, and they do, with the other side told', async () => {
    const [a, b] = await twoRelays({ resumeGraceMs: 20_000 });
    const { tech, cust, sessionId, resumeToken } = await pairAcross(b, a);
    await grant(tech, cust, 'desktop-view');
    const shutdown = next<{ resumable: boolean }>(cust, 'relay:shutdown');
    const dropped = next<Presence>(tech, 'participant:update', (p) => !p.present);
    const techHeard = collect<unknown>(tech, 'relay:shutdown');
    await a.stop();
    expect(await shutdown).toEqual({ resumable: true });
    expect(await dropped).toEqual({ role: 'customer', present: false, reason: 'dropped' });
    expect(await a.exited).toBe(0);
    // Only the process that shut down told its own sockets.
    expect(techHeard).toEqual([]);
    const back = next<Presence>(tech, 'participant:update', (p) => p.present);
    const resumed = await ok<Joined>(customer(b.url), 'session:resume', { token: resumeToken, lastSeq: 0 });
    expect(resumed.session).toMatchObject({ id: sessionId, state: 'active' });
    expect(resumed.session.consent.grants['desktop-view'].status).toBe('granted');
    expect(await back).toEqual({ role: 'customer', present: true, reason: 'resumed' });
    expectNoProblems(a, b);
  });

  it('exits cleanly while Redis is down', async () => {
    const redis = testRedis()!;
    const [a] = await Promise.all([spawnRelay('A', clusterOptions())]);
    await pairAcross(a, a);
    await redis.stop();
    try {
      await a.stop();
      expect(await a.exited).toBe(0);
      expectNoProblems(a);
    } finally {
      await redis.start();
    }
  });
});

describe('consent under races between processes', () => {
  it('never lets a use through after the revocation (50 rounds of grant, gated events and revoke)', async () => {
    const [a, b] = await twoRelays({ eventsPerSecond: 100_000 });
    const { tech, cust } = await pairAcross(b, a);
    const received: number[] = [];
    cust.on('screen:signal', (s: { data: string }) => received.push(Number(s.data)));
    let index = 0;
    let usesAfterRevocation = 0;
    for (let round = 0; round < 50; round++) {
      await grant(tech, cust, 'desktop-view');
      const sent: Array<{ i: number; at: number; answer: Promise<{ ok: boolean }> }> = [];
      const firing = (async () => {
        for (let k = 0; k < 12; k++) {
          const i = ++index;
          sent.push({ i, at: Date.now(), answer: call(tech, 'screen:signal', { kind: 'ice', data: String(i) }) });
          await sleep(k % 3);
        }
      })();
      await sleep(round % 6);
      await ok(cust, 'consent:revoke', { fn: 'desktop-view' });
      const revokedAt = Date.now();
      await firing;
      const answers = await Promise.all(sent.map((s) => s.answer));
      // Once refused, never allowed again in this round; and nothing sent after the revocation was acknowledged.
      const firstRefused = answers.findIndex((r) => !r.ok);
      expect(firstRefused).toBeGreaterThanOrEqual(0);
      expect(answers.slice(firstRefused).every((r) => !r.ok)).toBe(true);
      usesAfterRevocation += sent.filter((s, k) => s.at > revokedAt && answers[k]!.ok).length;
      // The customer got exactly the uses the relay allowed, in order.
      const allowed = sent.filter((_, k) => answers[k]!.ok).map((s) => s.i);
      const thisRound = () => received.filter((i) => i > index - 12);
      await until(() => thisRound().length >= allowed.length);
      expect(thisRound()).toEqual(allowed);
    }
    expect(usesAfterRevocation).toBe(0);
    const audit = (await ok<{ entries: AuditEntry[] }>(tech, 'audit:fetch')).entries;
    expect(audit.filter((e) => e.type === 'consent-changed' && e.cause === 'revoke')).toHaveLength(50);
    expectNoProblems(a, b);
  }, 60_000);
});

describe('a Redis outage', () => {
  it('leaves the relays up and unhealthy, refuses new sessions with unavailable, then recovers by itself', async () => {
    const redis = testRedis()!;
    const [a, b] = await twoRelays();
    const { tech, cust } = await pairAcross(b, a);
    await say(cust, 'c1', 'before the outage');
    expect(await health(a)).toMatchObject({ status: 200, body: { status: 'ok', store: 'shared' } });

    await redis.stop();
    try {
      expect(await health(a)).toMatchObject({ status: 503, body: { status: 'unavailable', liveSessions: null, store: 'unavailable' } });
      expect(await health(b)).toMatchObject({ status: 503, body: { store: 'unavailable' } });
      const fresh = technician(a.url, await technicianToken('tech-2'));
      expect(await call(fresh, 'session:create')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await call(customer(a.url), 'session:join', { code: '123456' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await call(customer(b.url), 'queue:join', { name: 'Ada', description: '' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await call(cust, 'chat:send', { clientId: 'c2', text: 'during the outage' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      // Connections stay up; a drop meanwhile is recorded once Redis is back.
      cust.disconnect();
      await sleep(300);
    } finally {
      await redis.start();
    }

    await until(async () => (await health(a)).status === 200 && (await health(b)).status === 200, 10_000);
    // No persistence here: the old session went with Redis. New ones work across the processes again.
    const again = await pairAcross(a, b);
    const toTech = next<ChatMessage>(again.tech, 'chat:message');
    await say(again.cust, 'c1', 'after the outage');
    expect((await toTech).text).toBe('after the outage');
    expect(await call(tech, 'session:create')).toMatchObject({ ok: true });
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    expectNoProblems(a, b);
  }, 30_000);
});
