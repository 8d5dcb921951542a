/**
 * The relay side of desktop view (screen state and the customer's reasons for stopping), system information (one
 * answer per request, only known keys) and reboot & reconnect (a token that works once, until it expires, keeps the
 * session through the restart and dies with the session). Real relay on loopback, real socket.io clients.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChatMessage, ConsentState, RejoinResult, RelayError, SessionView } from '../../src/protocol/index.js';
import { hashSecret } from '../../src/server/codes.js';
import type { CreateRelayOptions } from '../../src/server/index.js';
import { call, collect, customer, grant, next, ok, pair, sleep, startRelay } from './support.js';

type Presence = { role: string; present: boolean; reason: string };

async function auditOf(socket: Socket): Promise<AuditEntry[]> {
  return (await ok<{ entries: AuditEntry[] }>(socket, 'audit:fetch')).entries;
}

function refused(code: string, extra: Record<string, unknown> = {}) {
  return { ok: false, error: expect.objectContaining({ code, ...extra }) as RelayError };
}

describe('screen state', () => {
  it('is relayed to the technician and recorded with the surface, while desktop view is live', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId } = await pair(t);
    expect(await call(cust, 'screen:state', { state: 'sharing', surface: 'this-tab' })).toEqual(refused('not-granted', { fn: 'desktop-view' }));
    await grant(tech, cust, 'desktop-view');
    const seen = collect(tech, 'screen:state');
    await ok(cust, 'screen:state', { state: 'sharing', surface: 'this-tab' });
    expect((await t.relay.store.getSession(sessionId))?.screen).toBe('this-tab');
    await ok(cust, 'screen:state', { state: 'stopped' });
    expect((await t.relay.store.getSession(sessionId))?.screen).toBeUndefined();
    await sleep(30);
    expect(seen).toEqual([{ state: 'sharing', surface: 'this-tab' }, { state: 'stopped' }]);
    const entries = (await auditOf(tech)).filter((e) => e.type.startsWith('screen-'));
    expect(entries.map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['screen-started', 'customer', 'this-tab'],
      ['screen-stopped', 'customer', undefined],
    ]);
    // The technician cannot send it: it is the customer's to tell.
    expect(await call(tech, 'screen:state', { state: 'stopped' })).toEqual(refused('bad-payload'));
  });

  it('is recorded as stopped by the relay when desktop view is revoked while sharing, and refused afterwards', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await ok(cust, 'screen:state', { state: 'sharing', surface: 'monitor' });
    await ok(cust, 'consent:revoke-all');
    expect(await call(cust, 'screen:state', { state: 'stopped' })).toEqual(refused('not-granted', { fn: 'desktop-view' }));
    const entries = (await auditOf(tech)).filter((e) => e.type.startsWith('screen-'));
    expect(entries.map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['screen-started', 'customer', 'monitor'],
      ['screen-stopped', 'relay', 'revoke-all'],
    ]);
  });

  it('is recorded as stopped by the relay when the customer drops while sharing', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    await ok(cust, 'screen:state', { state: 'sharing', surface: 'window' });
    const stopped = next<AuditEntry>(tech, 'audit:entry', (e) => e.type === 'screen-stopped');
    cust.disconnect();
    expect(await stopped).toMatchObject({ actor: 'relay', detail: 'dropped' });
    expect((await t.relay.store.getSession(sessionId))?.screen).toBeUndefined();
  });

  it.each(['picker-cancelled', 'browser-stopped', 'capture-failed'] as const)(
    "tells the technician why the customer's browser stopped sharing (%s) in the audit log, and revokes remote control too",
    async (reason) => {
      const t = await startRelay();
      const { tech, cust } = await pair(t);
      await grant(tech, cust, 'desktop-view');
      await grant(tech, cust, 'remote-control');
      const entry = next<AuditEntry>(tech, 'audit:entry', (e) => e.type === 'consent-changed' && e.fn === 'desktop-view');
      const revoked = await ok<{ consent: ConsentState }>(cust, 'consent:revoke', { fn: 'desktop-view', reason });
      expect(revoked.consent.grants['remote-control'].status).toBe('revoked');
      expect(await entry).toMatchObject({ actor: 'customer', to: 'revoked', cause: 'revoke', detail: reason });
      const dependency = (await auditOf(tech)).find((e) => e.fn === 'remote-control' && e.to === 'revoked');
      expect(dependency).toMatchObject({ cause: 'dependency' });
      expect(dependency?.detail).toBeUndefined();
    },
  );

  it('refuses a reason that is not one of the known ones', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    expect(await call(cust, 'consent:revoke', { fn: 'desktop-view', reason: 'because' })).toEqual(refused('bad-payload'));
  });
});

describe('system information', () => {
  const items = [
    { key: 'timeZone', value: 'Europe/Warsaw' },
    { key: 'languages', value: 'pl-PL, en' },
  ];

  it('goes to the technician once per request, with the keys (not the values) in the audit log', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    // Nothing asked: nothing to send.
    expect(await call(cust, 'sysinfo:report', { items })).toEqual(refused('invalid-state'));
    await grant(tech, cust, 'system-info');
    const asked = next(cust, 'sysinfo:request');
    await ok(tech, 'sysinfo:request');
    expect(await asked).toEqual({});
    const report = next<{ items: unknown; at: number }>(tech, 'sysinfo:report');
    expect(await call(cust, 'sysinfo:report', { items })).toEqual({ ok: true });
    expect(await report).toEqual({ items, at: expect.any(Number) as unknown });
    // Once per request: neither a second report nor a decline now.
    expect(await call(cust, 'sysinfo:report', { items })).toEqual(refused('invalid-state'));
    expect(await call(cust, 'sysinfo:decline')).toEqual(refused('invalid-state'));
    const sent = (await auditOf(tech)).find((e) => e.type === 'sysinfo-sent');
    expect(sent).toMatchObject({ actor: 'customer', fn: 'system-info', detail: 'timeZone, languages' });
    expect(JSON.stringify(await auditOf(tech))).not.toContain('Europe/Warsaw');
  });

  it('may be declined, and the technician is told', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'system-info');
    await ok(tech, 'sysinfo:request');
    const declined = next<{ at: number }>(tech, 'sysinfo:declined');
    await ok(cust, 'sysinfo:decline');
    expect(await declined).toEqual({ at: expect.any(Number) as unknown });
    expect(await call(cust, 'sysinfo:report', { items })).toEqual(refused('invalid-state'));
    expect((await auditOf(tech)).filter((e) => e.type.startsWith('sysinfo-')).map((e) => e.type)).toEqual(['sysinfo-declined']);
  });

  it('refuses unknown keys, a key twice, empty values and an empty report, and the request stays open', async () => {
    const t = await startRelay();
    const { tech, cust } = await pair(t);
    await grant(tech, cust, 'system-info');
    await ok(tech, 'sysinfo:request');
    const seen = collect(tech, 'sysinfo:report');
    for (const bad of [
      [{ key: 'cookiesList', value: 'session=abc' }],
      [{ key: 'timeZone', value: 'UTC' }, { key: 'timeZone', value: 'UTC' }],
      [{ key: 'timeZone', value: '' }],
      [],
      [{ key: 'timeZone', value: 'UTC', extra: 1 }],
    ]) {
      expect(await call(cust, 'sysinfo:report', { items: bad }), JSON.stringify(bad)).toEqual(refused('bad-payload'));
    }
    await ok(cust, 'sysinfo:report', { items });
    await sleep(30);
    expect(seen).toHaveLength(1);
    // And it is the customer's to send: the technician cannot.
    expect(await call(tech, 'sysinfo:report', { items })).toEqual(refused('bad-payload'));
  });
});

/** A session where the technician used the reboot grant; resolves with the token the customer got. */
async function rebooting(options: CreateRelayOptions = {}) {
  const t = await startRelay(options);
  const p = await pair(t);
  await grant(p.tech, p.cust, 'reboot');
  const delivered = next<{ token: string; expiresAt: number }>(p.cust, 'reboot:request');
  const acked = await ok<{ expiresAt: number }>(p.tech, 'reboot:request');
  const { token, expiresAt } = await delivered;
  expect(acked.expiresAt).toBe(expiresAt);
  return { t, ...p, token, expiresAt };
}

describe('reboot and reconnect', () => {
  it('gives only the customer a token, valid for rebootTokenTtlMs, and records it (without the token)', async () => {
    const before = Date.now();
    const { t, tech, sessionId, token, expiresAt } = await rebooting({ rebootTokenTtlMs: 60_000 });
    expect(token).toMatch(/^[\w-]{20,100}$/);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    const record = await t.relay.store.getSession(sessionId);
    expect(record).toMatchObject({ rebootHash: hashSecret(token), rebootExpiresAt: expiresAt });
    const audit = await auditOf(tech);
    expect(audit.find((e) => e.type === 'reboot-token-issued')).toMatchObject({ actor: 'relay', fn: 'reboot' });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('rejoins once after the restart: whole transcript, a fresh resume token, and the technician hears "restarted"', async () => {
    const { t, tech, cust, sessionId, token } = await rebooting();
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'restarting now' });
    await ok(tech, 'chat:send', { clientId: 't1', text: 'see you' });
    const dropped = next<Presence>(tech, 'participant:update', (p) => !p.present);
    cust.disconnect();
    await dropped;

    const back = customer(t.url);
    const restarted = next<Presence>(tech, 'participant:update', (p) => p.present);
    const result = await ok<RejoinResult>(back, 'session:rejoin', { token });
    expect(await restarted).toEqual({ role: 'customer', present: true, reason: 'restarted' });
    expect(result.session).toMatchObject({ id: sessionId, state: 'active', customerPresent: true });
    expect(result.messages.map((m: ChatMessage) => m.text)).toEqual(['restarting now', 'see you']);
    expect(result.resumeToken).toMatch(/^[\w-]{20,100}$/);
    expect(result.resumeToken).not.toBe(token);
    expect(result.rtc).toEqual({ iceServers: [] });
    expect(result.limits).toEqual({ maxFileBytes: 25 * 1024 * 1024 });
    expect((await auditOf(tech)).at(-1)).toMatchObject({ type: 'rejoined-after-restart', actor: 'customer' });

    // The rejoined socket is the customer now: it chats, and its fresh resume token resumes.
    const toTech = next<ChatMessage>(tech, 'chat:message');
    await ok(back, 'chat:send', { clientId: 'c2', text: 'back again' });
    expect((await toTech).text).toBe('back again');
    // Once: the token is spent.
    expect(await call(customer(t.url), 'session:rejoin', { token })).toEqual(refused('resume-expired'));
    expect((await t.relay.store.getSession(sessionId))?.rebootHash).toBeUndefined();
    back.disconnect();
    const resumed = await ok<{ session: SessionView }>(customer(t.url), 'session:resume', { token: result.resumeToken, lastSeq: 3 });
    expect(resumed.session.id).toBe(sessionId);
  });

  it('keeps the session through a drop longer than the grace period while the token is valid', async () => {
    const { t, tech, cust, token } = await rebooting({ resumeGraceMs: 150, rebootTokenTtlMs: 1500 });
    const ended = collect(tech, 'session:ended');
    cust.disconnect();
    await sleep(500);
    expect(ended).toEqual([]);
    const result = await ok<RejoinResult>(customer(t.url), 'session:rejoin', { token });
    expect(result.session.state).toBe('active');
  });

  it('ends the session when the customer stays away past the token and the grace period', async () => {
    const { t, tech, cust, token } = await rebooting({ resumeGraceMs: 100, rebootTokenTtlMs: 400 });
    const ended = next<{ by: string; reason: string }>(tech, 'session:ended', undefined, 2000);
    const started = Date.now();
    cust.disconnect();
    expect(await ended).toEqual({ by: 'relay', reason: 'customer-timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await call(customer(t.url), 'session:rejoin', { token })).toEqual(refused('resume-expired'));
  });

  it('does not rejoin with an expired token, even while the session goes on', async () => {
    const { t, cust, token } = await rebooting({ rebootTokenTtlMs: 100 });
    await sleep(150);
    expect(await call(customer(t.url), 'session:rejoin', { token })).toEqual(refused('resume-expired'));
    // The customer who never left is still in the session.
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'still here' });
  });

  it.each([
    ['the customer disconnects', 'cust', 'customer-ended'],
    ['the technician ends the session', 'tech', 'technician-ended'],
  ] as const)('deletes the token when %s, and records that', async (_label, who, reason) => {
    const { t, tech, cust, token, sessionId } = await rebooting();
    const ended = next(tech, 'session:ended');
    await ok(who === 'cust' ? cust : tech, 'session:end');
    await ended;
    expect(await t.relay.store.takeRebootToken(hashSecret(token), Date.now())).toBeUndefined();
    expect((await t.relay.store.getSession(sessionId))?.rebootHash).toBeUndefined();
    expect(await call(customer(t.url), 'session:rejoin', { token })).toEqual(refused('resume-expired'));
    const audit = await auditOf(tech);
    expect(audit.slice(-2).map((e) => [e.type, e.detail])).toEqual([
      ['reboot-token-revoked', reason],
      ['session-ended', reason],
    ]);
  });

  it('replaces an earlier token with a new one', async () => {
    const { t, tech, cust, token } = await rebooting();
    await grant(tech, cust, 'reboot');
    const second = next<{ token: string }>(cust, 'reboot:request');
    await ok(tech, 'reboot:request');
    const { token: newer } = await second;
    expect(await call(customer(t.url), 'session:rejoin', { token })).toEqual(refused('resume-expired'));
    await ok(customer(t.url), 'session:rejoin', { token: newer });
  });

  it('refuses a rejoin from a socket already in a live session, without spending the token', async () => {
    const { t, cust, token } = await rebooting();
    expect(await call(cust, 'session:rejoin', { token })).toEqual(refused('invalid-state'));
    await ok(customer(t.url), 'session:rejoin', { token });
  });

  it('disconnects the old customer connection when the rejoin takes over', async () => {
    const { t, cust, token } = await rebooting();
    const gone = new Promise<string>((resolve) => cust.once('disconnect', resolve));
    await ok(customer(t.url), 'session:rejoin', { token });
    expect(await gone).toBe('io server disconnect');
  });
});
