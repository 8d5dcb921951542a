/**
 * Handing a session to another technician of the same organisation (issue 17), on the real relay with this run's
 * store (memory, or Redis in the relay-redis project): who may receive it, what the customer is told, what happens to
 * the grants (they end: the customer agreed to them for the technician they saw), the audit log and relay.events.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ConsentState, SessionView } from '../../src/protocol/index.js';
import type { SessionHandedOffEvent } from '../../src/server/relay-events.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { call, connected, customer, grant, next, ok, sleep, startRelay, technician, type TestRelay } from './support.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ALEX = { id: 'alex', name: 'Alex Demo', org: 'Demo Support' };
const SAM = { id: 'sam', name: 'Sam Field', org: 'Demo Support' };
const OTHER = { id: 'olga', name: 'Olga Other', org: 'Other Support' };

async function relayWithTeam(options: Parameters<typeof startRelay>[0] = {}) {
  const t = await startRelay({ tokenSecret: SECRET, ...options });
  const login = async (who: typeof ALEX) => {
    const socket = technician(t.url, await issueTechnicianToken(SECRET, who));
    await connected(socket);
    return socket;
  };
  return { t, login };
}

async function sessionOf(t: TestRelay, tech: ReturnType<typeof technician>) {
  const created = await ok<{ code: string; session: { id: string } }>(tech, 'session:create');
  const cust = customer(t.url);
  await ok(cust, 'session:join', { code: created.code });
  return { cust, sessionId: created.session.id };
}

describe('handing a session to a colleague', () => {
  it('lists the colleagues of the same organisation online, not the caller and not other organisations', async () => {
    const { login } = await relayWithTeam();
    const alex = await login(ALEX);
    await login(SAM);
    await login(SAM); // a second tab: listed once
    await login(OTHER);
    const listed = await ok<{ technicians: unknown[] }>(alex, 'technicians:list');
    expect(listed.technicians).toEqual([{ id: 'sam', name: 'Sam Field' }]);
  });

  it('hands the session over: grants end, the customer hears the new name, the colleague attaches, all audited', async () => {
    const { t, login } = await relayWithTeam();
    const alex = await login(ALEX);
    const sam = await login(SAM);
    const { cust, sessionId } = await sessionOf(t, alex);
    await grant(alex, cust, 'desktop-view');
    const heard: SessionHandedOffEvent[] = [];
    t.relay.events.on('handed-off', (e) => heard.push(e));

    const handed = next<{ session: SessionView; from: { name: string } }>(sam, 'session:handed');
    const toCustomer = next<SessionView>(cust, 'session:update', (s) => s.technician?.name === 'Sam Field');
    const told = next<{ role: string; reason: string }>(cust, 'participant:update', (p) => p.reason === 'handed-off');
    const ended = next<{ consent: ConsentState }>(cust, 'consent:update', (u) => u.consent.grants['desktop-view'].status === 'revoked');
    expect(await ok(alex, 'session:handoff', { technicianId: 'sam' })).toMatchObject({ technician: { id: 'sam', name: 'Sam Field' } });

    expect((await ended).consent.grants['desktop-view']).toMatchObject({ status: 'revoked' });
    expect((await toCustomer).technician).toEqual({ name: 'Sam Field', org: 'Demo Support' });
    expect(await told).toEqual({ role: 'technician', present: false, reason: 'handed-off' });
    const offer = await handed;
    expect(offer.session.id).toBe(sessionId);
    expect(offer.from).toEqual({ name: 'Alex Demo' });
    expect(heard).toEqual([{ sessionId, from: ALEX, to: SAM, at: expect.any(Number) as unknown }]);

    // Alex no longer holds the session; the old grant is no use to anybody.
    expect(await call(alex, 'chat:send', { clientId: 'c1', text: 'still here?' })).toMatchObject({ ok: false, error: { code: 'not-in-session' } });
    expect(await call(alex, 'sysinfo:request')).toMatchObject({ ok: false });

    const joined = next<{ reason: string }>(cust, 'participant:update', (p) => p.reason === 'joined');
    const attached = await ok<{ session: SessionView; audit: AuditEntry[] }>(sam, 'session:attach', { sessionId });
    expect(attached.session.technician).toEqual({ name: 'Sam Field', org: 'Demo Support' });
    expect(attached.session.consent.grants['desktop-view'].status).toBe('revoked');
    expect(await joined).toMatchObject({ role: 'technician', present: true, reason: 'joined' });
    const audit = (await ok<{ entries: AuditEntry[] }>(sam, 'audit:fetch')).entries;
    expect(audit.find((e) => e.type === 'session-handed-off')).toMatchObject({ actor: 'technician', from: 'Alex Demo', to: 'Sam Field', detail: 'Demo Support' });
    expect(audit.find((e) => e.type === 'consent-changed' && e.cause === 'handed-off')).toMatchObject({ actor: 'technician', fn: 'desktop-view', from: 'granted', to: 'revoked' });
    expect(audit.at(-1)).toMatchObject({ type: 'technician-joined', detail: 'Sam Field (Demo Support)' });

    // Sam asks again, and chats.
    await grant(sam, cust, 'system-info');
    await ok(sam, 'chat:send', { clientId: 's1', text: 'Sam here, taking over.' });
    // Alex may start another session on the same connection.
    await ok(alex, 'session:create');
  });

  it('refuses a technician of another organisation with other-organisation, and changes nothing', async () => {
    const { t, login } = await relayWithTeam();
    const alex = await login(ALEX);
    await login(OTHER);
    const { cust, sessionId } = await sessionOf(t, alex);
    await grant(alex, cust, 'desktop-view');
    expect(await call(alex, 'session:handoff', { technicianId: 'olga' })).toMatchObject({ ok: false, error: { code: 'other-organisation' } });
    const audit = (await ok<{ entries: AuditEntry[] }>(alex, 'audit:fetch')).entries;
    expect(audit.some((e) => e.type === 'session-handed-off')).toBe(false);
    const still = await ok<{ session: SessionView }>(alex, 'session:attach', { sessionId });
    expect(still.session.consent.grants['desktop-view'].status).toBe('granted');
    expect(still.session.technician?.name).toBe('Alex Demo');
  });

  it('refuses an unknown or offline technician with not-found, itself, and a caller without a live session', async () => {
    const { t, login } = await relayWithTeam();
    const alex = await login(ALEX);
    const sam = await login(SAM);
    expect(await call(alex, 'session:handoff', { technicianId: 'sam' })).toMatchObject({ ok: false, error: { code: 'not-in-session' } });
    await sessionOf(t, alex);
    expect(await call(alex, 'session:handoff', { technicianId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call(alex, 'session:handoff', { technicianId: 'alex' })).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    sam.disconnect();
    await sleep(100);
    expect(await call(alex, 'session:handoff', { technicianId: 'sam' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call(alex, 'session:handoff', { technicianId: '' })).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    // A customer cannot hand anything over.
    expect(await call(customer(t.url), 'session:handoff', { technicianId: 'sam' })).toMatchObject({ ok: false });
  });

  it('ends the session when the colleague never attaches within the grace period', async () => {
    const { t, login } = await relayWithTeam({ resumeGraceMs: 300 });
    const alex = await login(ALEX);
    await login(SAM);
    const { cust } = await sessionOf(t, alex);
    const ended = next<{ by: string; reason: string }>(cust, 'session:ended');
    await ok(alex, 'session:handoff', { technicianId: 'sam' });
    expect(await ended).toEqual({ by: 'relay', reason: 'technician-timeout' });
  });
});
