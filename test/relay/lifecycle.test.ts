/**
 * How sessions end (SPEC §3.8, §6): by either side, for good, revoking everything; and when the relay shuts down,
 * with every participant told before it goes. Real relay on loopback, real socket.io clients.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ConsentChange, ConsentState, RelayError, SessionView } from '../../src/protocol/index.js';
import { createRelay } from '../../src/server/index.js';
import { BACKEND, call, connected, customer, grant, next, ok, pair, redisSettings, startRelay, technician } from './support.js';

type ConsentUpdate = { consent: ConsentState; changes: ConsentChange[] };

function refusedWith(code: string) {
  return { ok: false, error: expect.objectContaining({ code }) as RelayError };
}

/** Records, in order of arrival, the named events and the disconnect of `socket`. */
function timeline(socket: Socket, events: string[]): { seen: string[]; gone: Promise<string> } {
  const seen: string[] = [];
  for (const event of events) socket.on(event, (payload: unknown) => seen.push(`${event} ${JSON.stringify(payload)}`));
  const gone = new Promise<string>((resolve) =>
    socket.once('disconnect', (reason) => {
      seen.push('disconnect');
      resolve(reason);
    }),
  );
  return { seen, gone };
}

describe('ending a session', () => {
  it('tells the customer the technician ended it and revokes every grant', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId, code } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await grant(tech, cust, 'remote-control');
    await grant(tech, cust, 'file-transfer');
    const pending = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'system-info' });

    const ended = next<{ by: string; reason: string }>(cust, 'session:ended');
    const revoked = next<ConsentUpdate>(cust, 'consent:update', (u) => u.consent.ended);
    const view = next<SessionView>(cust, 'session:update', (s) => s.state === 'ended');
    const closed = next<{ prompt: unknown }>(cust, 'consent:prompt', (p) => p.prompt === null);
    expect(await call(tech, 'session:end')).toEqual({ ok: true });
    expect(await ended).toEqual({ by: 'technician', reason: 'technician-ended' });

    const { consent, changes } = await revoked;
    expect(Object.entries(consent.grants).filter(([, g]) => g.status === 'granted')).toEqual([]);
    expect(consent.prompts).toEqual([]);
    expect(changes.map((c) => [c.fn, c.to, c.cause])).toEqual([
      ['desktop-view', 'revoked', 'end'],
      ['remote-control', 'revoked', 'dependency'],
      ['file-transfer', 'revoked', 'end'],
      ['system-info', 'denied', 'end'],
    ]);
    expect(await view).toMatchObject({ id: sessionId, state: 'ended', endedBy: 'technician', endReason: 'technician-ended' });
    await closed;

    // Ended for good: nothing works any more, on either side, and the code is burnt.
    expect(await call(cust, 'consent:decide', { promptId: pending.prompt.id, allow: true })).toEqual(refusedWith('session-ended'));
    expect(await call(tech, 'control:event', { type: 'pointer', x: 0, y: 0 })).toEqual(refusedWith('session-ended'));
    expect(await call(tech, 'consent:request', { fn: 'desktop-view' })).toEqual(refusedWith('session-ended'));
    expect(await call(cust, 'chat:send', { clientId: 'c1', text: 'hello?' })).toEqual(refusedWith('session-ended'));
    expect(await call(tech, 'session:end')).toEqual(refusedWith('session-ended'));
    expect(await call(tech, 'session:attach', { sessionId })).toEqual(refusedWith('session-ended'));
    expect(await call(customer(t.url), 'session:join', { code })).toEqual(refusedWith('code-used'));

    // The end is in the audit log, both sides can still read it.
    const audit = (await ok<{ entries: AuditEntry[] }>(cust, 'audit:fetch')).entries;
    expect(audit.at(-1)).toMatchObject({ type: 'session-ended', actor: 'technician', detail: 'technician-ended' });
    expect((await ok<{ entries: AuditEntry[] }>(tech, 'audit:fetch')).entries).toEqual(audit);
  });

  it('lets the technician start a new session once the old one has ended, but not while it is live', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    expect(await call(tech, 'session:create')).toEqual(refusedWith('invalid-state'));
    // Not even right after creating, before anyone joined.
    const solo = technician(t.url, t.token);
    await ok(solo, 'session:create');
    expect(await call(solo, 'session:create')).toEqual(refusedWith('invalid-state'));

    const ended = next(tech, 'session:ended');
    await ok(cust, 'session:end');
    await ended;
    const fresh = await ok<{ session: SessionView; code: string }>(tech, 'session:create');
    expect(fresh.session.state).toBe('open');
    expect(fresh.code).toMatch(/^\d{6}$/);
  });

  it('ends an unused session when its code expires, and the code no longer works', async () => {
    const t = await startRelay({ codeTtlMs: 150 });
    const tech = technician(t.url, t.token);
    const created = await ok<{ code: string; session: SessionView }>(tech, 'session:create');
    expect(await next(tech, 'session:ended', () => true, 2000)).toEqual({ by: 'relay', reason: 'code-expired' });
    expect(await call(customer(t.url), 'session:join', { code: created.code })).toEqual(refusedWith('code-expired'));
  });
});

describe('graceful shutdown', () => {
  // With a shared store (Redis) the sessions outlive the process; see the last tests.
  const resumable = BACKEND === 'redis';

  it.skipIf(resumable)('ends live sessions and tells both sides before disconnecting them', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const events = ['session:ended', 'relay:shutdown'];
    const custTimeline = timeline(cust, events);
    const techTimeline = timeline(tech, events);
    const revoked = next<ConsentUpdate>(cust, 'consent:update', (u) => u.consent.ended);

    await t.relay.close();
    expect(await custTimeline.gone).toBe('io server disconnect');
    expect(await techTimeline.gone).toBe('io server disconnect');
    const expected = [
      'session:ended {"by":"relay","reason":"relay-shutdown"}',
      'relay:shutdown {"resumable":false}',
      'disconnect',
    ];
    expect(custTimeline.seen).toEqual(expected);
    expect(techTimeline.seen).toEqual(expected);
    expect((await revoked).consent.grants['desktop-view'].status).toBe('revoked');
  });

  it('tells a technician without a session and a customer waiting in the queue too', async () => {
    const t = await startRelay();
    const idle = technician(t.url, t.token);
    await connected(idle);
    const waiting = customer(t.url);
    await ok(waiting, 'queue:join', { name: 'Ada', description: '' });
    const idleTimeline = timeline(idle, ['session:ended', 'relay:shutdown']);
    const waitingTimeline = timeline(waiting, ['session:ended', 'relay:shutdown']);
    await t.relay.close();
    await Promise.all([idleTimeline.gone, waitingTimeline.gone]);
    expect(idleTimeline.seen).toEqual([`relay:shutdown {"resumable":${resumable}}`, 'disconnect']);
    expect(waitingTimeline.seen).toEqual([
      ...(resumable ? [] : ['session:ended {"by":"relay","reason":"relay-shutdown"}']),
      `relay:shutdown {"resumable":${resumable}}`,
      'disconnect',
    ]);
  });

  it('accepts no new connections while shutting down and is safe to close twice', async () => {
    const t = await startRelay();
    await pair(t);
    const closing = t.relay.close();
    expect(t.relay.close()).toBe(closing);
    await closing;
    const res = await fetch(`${t.url}/healthz`).catch((err: unknown) => err);
    expect(res).toBeInstanceOf(Error);
  });

  it('can be closed right after it started, without an error left behind', async () => {
    const failures: unknown[] = [];
    const onRejection = (err: unknown) => failures.push(err);
    process.on('unhandledRejection', onRejection);
    try {
      for (let i = 0; i < 5; i++) {
        const relay = await createRelay({ logger: 'silent', ...(resumable ? { redis: redisSettings() } : {}) });
        await relay.listen(0);
        await relay.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(failures).toEqual([]);
  });

  it.runIf(resumable)('keeps sessions and grants, and both sides carry on with another relay process', async () => {
    const tokenSecret = 's'.repeat(40);
    const t = await startRelay({ tokenSecret, resumeGraceMs: 5000 });
    const other = await startRelay({ tokenSecret, redis: t.redis });
    const { tech, cust, sessionId, resumeToken } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'before' });
    const custTimeline = timeline(cust, ['session:ended', 'relay:shutdown']);
    const techTimeline = timeline(tech, ['session:ended', 'relay:shutdown']);

    await t.relay.close();
    expect(await custTimeline.gone).toBe('io server disconnect');
    expect(await techTimeline.gone).toBe('io server disconnect');
    expect(custTimeline.seen).toEqual(['relay:shutdown {"resumable":true}', 'disconnect']);
    expect(techTimeline.seen).toEqual(['relay:shutdown {"resumable":true}', 'disconnect']);
    // The departing process recorded both as dropped; the session lives on.
    const kept = await other.relay.store.getSession(sessionId);
    expect(kept).toMatchObject({ state: 'active', customerPresent: false, technicianPresent: false });
    expect(kept?.consent.grants['desktop-view'].status).toBe('granted');

    const tech2 = technician(other.url, other.token);
    const attached = await ok<{ session: SessionView }>(tech2, 'session:attach', { sessionId });
    expect(attached.session.consent.grants['desktop-view'].status).toBe('granted');
    const back = next<{ role: string; present: boolean }>(tech2, 'participant:update', (p) => p.role === 'customer' && p.present);
    const cust2 = customer(other.url);
    const resumed = await ok<{ session: SessionView; missed: Array<{ text: string }> }>(cust2, 'session:resume', { token: resumeToken, lastSeq: 0 });
    await back;
    expect(resumed.missed.map((m) => m.text)).toEqual(['before']);
    const relayed = next(cust2, 'screen:signal');
    await ok(tech2, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(await relayed).toEqual({ kind: 'offer', data: 'v=0' });
  });
});
