/**
 * A transient network drop is not an end (SPEC §3.8, §6): the customer resumes with its rotating resume token and
 * gets what it missed; the technician re-attaches with its own token; past the grace period, or after an end, neither
 * can come back. Real relay on loopback, real socket.io clients.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, ChatMessage, ConsentState, JoinResult, RelayError, SessionView } from '../../src/protocol/index.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { call, collect, connected, customer, grant, next, ok, pair, sleep, startRelay, technician } from './support.js';

type Presence = { role: 'customer' | 'technician'; present: boolean; reason: string };
type Resumed = JoinResult & { missed: ChatMessage[] };

const GRACE = { resumeGraceMs: 500 };

function refusedWith(code: string) {
  return { ok: false, error: expect.objectContaining({ code }) as RelayError };
}

/** Disconnects `socket` and resolves once the other side has been told. */
async function drop(socket: Socket, observer: Socket, role: 'customer' | 'technician'): Promise<Presence> {
  const told = next<Presence>(observer, 'participant:update', (p) => p.role === role && !p.present);
  socket.disconnect();
  return told;
}

async function say(socket: Socket, clientId: string, text: string): Promise<ChatMessage> {
  return (await ok<{ message: ChatMessage }>(socket, 'chat:send', { clientId, text })).message;
}

describe('the customer resumes after a dropped connection', () => {
  it('tells the technician the customer dropped, and that it came back', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    expect(await drop(cust, tech, 'customer')).toEqual({ role: 'customer', present: false, reason: 'dropped' });
    const view = await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 0 });
    expect(view.messages).toEqual([]);
    const back = next<Presence>(tech, 'participant:update', (p) => p.present);
    const presence = next<SessionView>(tech, 'session:update', (s) => s.customerPresent);
    await ok(customer(t.url), 'session:resume', { token: resumeToken, lastSeq: 0 });
    expect(await back).toEqual({ role: 'customer', present: true, reason: 'resumed' });
    expect((await presence).state).toBe('active');
    const audit = (await ok<{ entries: AuditEntry[] }>(tech, 'audit:fetch')).entries;
    expect(audit.filter((e) => e.type.startsWith('participant-'))).toEqual([
      expect.objectContaining({ type: 'participant-dropped', actor: 'relay', detail: 'customer' }),
      expect.objectContaining({ type: 'participant-resumed', actor: 'customer', detail: 'customer' }),
    ]);
  });

  it('delivers what the technician said meanwhile, keeps the session and its grants, and rotates the token', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, sessionId, resumeToken } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const seen = next<ChatMessage>(cust, 'chat:message');
    await say(tech, 't1', 'Can you see the printer settings?');
    expect((await seen).seq).toBe(1);
    await drop(cust, tech, 'customer');

    const away = [await say(tech, 't2', 'Are you still there?'), await say(tech, 't3', 'I will wait a moment.')];
    expect(away.map((m) => m.seq)).toEqual([2, 3]);

    const again = customer(t.url);
    const resumed = await ok<Resumed>(again, 'session:resume', { token: resumeToken, lastSeq: 1 });
    expect(resumed.missed).toEqual(away);
    expect(resumed.session.id).toBe(sessionId);
    expect(resumed.session.state).toBe('active');
    expect(resumed.session.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expect(resumed.session.consent.grants['desktop-view'].status).toBe('granted');
    expect(resumed.resumeGraceMs).toBe(500);
    expect(resumed.resumeToken).not.toBe(resumeToken);
    expect(resumed.resumeToken).toMatch(/^[\w-]{20,100}$/);

    // The grant is still live, and relayed uses reach the new connection.
    const relayed = next(again, 'screen:signal');
    await ok(tech, 'screen:signal', { kind: 'offer', data: 'v=0' });
    expect(await relayed).toEqual({ kind: 'offer', data: 'v=0' });
    // The new connection is the customer now: it chats and decides.
    const toTech = next<ChatMessage>(tech, 'chat:message');
    await say(again, 'c1', 'Back again');
    expect(await toTech).toMatchObject({ from: 'customer', seq: 4, text: 'Back again' });

    // The new token works; once it has been used, the old one is spent.
    const third = customer(t.url);
    const again2 = await ok<Resumed>(third, 'session:resume', { token: resumed.resumeToken, lastSeq: 4 });
    expect(again2.missed).toEqual([]);
    expect(await call(customer(t.url), 'session:resume', { token: resumeToken, lastSeq: 0 })).toEqual(refusedWith('resume-expired'));
    await ok<Resumed>(customer(t.url), 'session:resume', { token: again2.resumeToken, lastSeq: 4 });
    expect(await call(customer(t.url), 'session:resume', { token: resumed.resumeToken, lastSeq: 0 })).toEqual(refusedWith('resume-expired'));
  });

  it('shows the prompt that was on show again after resuming', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    const requested = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'file-transfer' });
    await drop(cust, tech, 'customer');
    const again = customer(t.url);
    await connected(again);
    const prompt = next<{ prompt: { id: string } | null }>(again, 'consent:prompt');
    await ok(again, 'session:resume', { token: resumeToken, lastSeq: 0 });
    expect((await prompt).prompt?.id).toBe(requested.prompt.id);
    const allowed = await ok<{ consent: ConsentState }>(again, 'consent:decide', { promptId: requested.prompt.id, allow: true });
    expect(allowed.consent.grants['file-transfer'].status).toBe('granted');
  });

  it('refuses to resume after the grace period, and the technician learns the customer timed out', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const ended = next<{ by: string; reason: string }>(tech, 'session:ended', () => true, 2000);
    const droppedAt = Date.now();
    await drop(cust, tech, 'customer');
    expect(await ended).toEqual({ by: 'relay', reason: 'customer-timeout' });
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(450);
    expect(await call(customer(t.url), 'session:resume', { token: resumeToken, lastSeq: 0 })).toEqual(refusedWith('resume-expired'));
    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'x' })).toEqual(refusedWith('session-ended'));
  });

  it('refuses to resume a session that was ended while the customer was away, saying it ended', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    await drop(cust, tech, 'customer');
    await ok(tech, 'session:end');
    const refused = await call(customer(t.url), 'session:resume', { token: resumeToken, lastSeq: 0 });
    expect(refused).toEqual(refusedWith('session-ended'));
    expect(!refused.ok && refused.error.detail).toBe('technician-ended');
  });

  it('refuses to resume after the customer itself ended the session', async () => {
    const t = await startRelay(GRACE);
    const { cust, resumeToken } = await pair(t);
    await ok(cust, 'session:end');
    expect(await call(customer(t.url), 'session:resume', { token: resumeToken, lastSeq: 0 })).toEqual(refusedWith('session-ended'));
  });

  it('refuses a token it never issued', async () => {
    const t = await startRelay(GRACE);
    await pair(t);
    expect(await call(customer(t.url), 'session:resume', { token: 'A'.repeat(43), lastSeq: 0 })).toEqual(refusedWith('resume-expired'));
  });

  it('never stores a message twice when it is resent with the same client id after resuming, and delivers it again', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    const received = collect<ChatMessage>(tech, 'chat:message');
    const first = await say(cust, 'c-42', 'My screen went black');
    await drop(cust, tech, 'customer');
    const again = customer(t.url);
    await ok(again, 'session:resume', { token: resumeToken, lastSeq: 0 });
    // The widget did not see the acknowledgement, so it sends the message again; it is stored once, and delivered
    // again (the first delivery may be what went missing; clients merge by id).
    const redelivered = next<ChatMessage>(tech, 'chat:message', (m) => m.clientId === 'c-42' && received.length === 2);
    const resent = await ok<{ message: ChatMessage; duplicate: boolean }>(again, 'chat:send', { clientId: 'c-42', text: 'My screen went black' });
    expect(resent.duplicate).toBe(true);
    expect(resent.message).toEqual(first);
    expect(await redelivered).toEqual(first);
    const later = next<ChatMessage>(tech, 'chat:message', (m) => m.clientId === 'c-43');
    await say(again, 'c-43', 'Still black');
    await later;
    expect(received.map((m) => [m.clientId, m.seq])).toEqual([
      ['c-42', 1],
      ['c-42', 1],
      ['c-43', 2],
    ]);
    expect((await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 0 })).messages.map((m) => m.clientId)).toEqual(['c-42', 'c-43']);
    // The same client id from the other side is a different message.
    const techMessage = await ok<{ message: ChatMessage; duplicate: boolean }>(tech, 'chat:send', { clientId: 'c-42', text: 'Try this' });
    expect(techMessage.duplicate).toBe(false);
    expect(techMessage.message.seq).toBe(3);
  });

  it('replays chat history after a sequence number in order and without gaps', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    for (let i = 1; i <= 6; i++) await say(i % 2 ? tech : cust, `m${i}`, `message ${i}`);
    await drop(cust, tech, 'customer');
    for (let i = 7; i <= 9; i++) await say(tech, `m${i}`, `message ${i}`);
    const again = customer(t.url);
    const resumed = await ok<Resumed>(again, 'session:resume', { token: resumeToken, lastSeq: 4 });
    expect(resumed.missed.map((m) => m.seq)).toEqual([5, 6, 7, 8, 9]);
    const all = await ok<{ messages: ChatMessage[] }>(again, 'chat:history', { afterSeq: 0 });
    expect(all.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.messages.map((m) => m.text)).toEqual(Array.from({ length: 9 }, (_, i) => `message ${i + 1}`));
    expect(all.messages.map((m) => m.from)).toEqual(['technician', 'customer', 'technician', 'customer', 'technician', 'customer', 'technician', 'technician', 'technician']);
    const tail = await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 7 });
    expect(tail.messages).toEqual(all.messages.slice(7));
    expect((await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 9 })).messages).toEqual([]);
    expect((await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 100 })).messages).toEqual([]);
  });

  it('lets a second connection with the valid token take over from the first, which is disconnected', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, resumeToken } = await pair(t);
    const presence = collect<Presence>(tech, 'participant:update');
    const kicked = new Promise<string>((resolve) => cust.once('disconnect', (reason) => resolve(reason)));
    const second = customer(t.url);
    const resumed = await ok<Resumed>(second, 'session:resume', { token: resumeToken, lastSeq: 0 });
    expect(await kicked).toBe('io server disconnect');
    // The superseded connection going away is not a drop of the customer.
    const arrived = next<ChatMessage>(tech, 'chat:message');
    await say(second, 'c1', 'I moved to my laptop');
    await arrived;
    await sleep(20);
    // (The customer's join may be announced after pair() returned; only what came after matters here.)
    expect(presence.filter((p) => p.reason !== 'joined')).toEqual([{ role: 'customer', present: true, reason: 'resumed' }]);
    expect((await ok<{ session: SessionView }>(tech, 'session:attach', { sessionId: resumed.session.id })).session.customerPresent).toBe(true);
  });
  it('refuses a resume of another session from a connection that holds a live one, without spending its token', async () => {
    const t = await startRelay(GRACE);
    const a = await pair(t);
    const colleague = await issueTechnicianToken(t.relay.options.tokenSecret, { id: 'other-technician', name: 'Bo Colleague', org: 'Demo Support' });
    const b = await pair({ ...t, token: colleague });
    await drop(b.cust, b.tech, 'customer');
    expect(await call(a.cust, 'session:resume', { token: b.resumeToken, lastSeq: 0 })).toEqual(refusedWith('invalid-state'));
    // Session A stays this connection's: its drop is recorded, so A's grace period runs as for any drop.
    expect((await ok<{ message: ChatMessage }>(a.cust, 'chat:send', { clientId: 'a1', text: 'still here' })).message.seq).toBe(1);
    await drop(a.cust, a.tech, 'customer');
    expect((await t.relay.store.getSession(a.sessionId))?.customerPresent).toBe(false);
    // B's token still resumes B, from a connection of its own.
    const resumed = await ok<Resumed>(customer(t.url), 'session:resume', { token: b.resumeToken, lastSeq: 0 });
    expect(resumed.session.id).toBe(b.sessionId);
  });
});

describe('the technician re-attaches after a dropped connection', () => {
  it('restores the session for the same technician within the grace period, with history and audit', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, sessionId } = await pair(t);
    await grant(tech, cust, 'file-transfer');
    await say(cust, 'c1', 'Hello?');
    expect(await drop(tech, cust, 'technician')).toEqual({ role: 'technician', present: false, reason: 'dropped' });
    await say(cust, 'c2', 'Are you there?');

    const back = next<Presence>(cust, 'participant:update', (p) => p.present);
    const tech2 = technician(t.url, t.token);
    const attached = await ok<{ session: SessionView; messages: ChatMessage[]; audit: AuditEntry[] }>(tech2, 'session:attach', { sessionId });
    expect(await back).toEqual({ role: 'technician', present: true, reason: 'resumed' });
    expect(attached.session).toMatchObject({ id: sessionId, state: 'active', technicianPresent: true, customerPresent: true });
    expect(attached.session.consent.grants['file-transfer'].status).toBe('granted');
    expect(attached.messages.map((m) => m.clientId)).toEqual(['c1', 'c2']);
    expect(attached.audit.map((e) => e.type)).toEqual([
      'session-created',
      'customer-joined',
      'consent-requested',
      'consent-changed',
      'participant-dropped',
      'participant-resumed',
    ]);
    // The re-attached socket is the technician now.
    const offer = { transferId: 'f1', name: 'hi.txt', size: 2, type: 'text/plain', sha256: 'a'.repeat(64) };
    const relayed = next(cust, 'file:offer');
    await ok(tech2, 'file:offer', offer);
    expect(await relayed).toEqual({ ...offer, from: 'technician' });
    // And the session does not time out once the grace period is over.
    await sleep(600);
    expect((await ok<{ session: SessionView }>(tech2, 'session:attach', { sessionId })).session.state).toBe('active');
  });

  it('does not let another technician attach to the session', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, sessionId } = await pair(t);
    await drop(tech, cust, 'technician');
    const otherToken = await issueTechnicianToken(t.relay.options.tokenSecret, { id: 'tech-2', name: 'Sam Other', org: 'Demo Support' });
    const other = technician(t.url, otherToken);
    expect(await call(other, 'session:attach', { sessionId })).toEqual(refusedWith('not-found'));
    // Nor with the other technician's identity while the first is present.
    const tech2 = technician(t.url, t.token);
    await ok(tech2, 'session:attach', { sessionId });
    expect(await call(technician(t.url, otherToken), 'session:attach', { sessionId })).toEqual(refusedWith('not-found'));
    expect(await call(other, 'session:attach', { sessionId: 'no-such-session' })).toEqual(refusedWith('not-found'));
  });

  it('ends the session with technician-timeout when the technician does not come back in time', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, sessionId } = await pair(t);
    await grant(tech, cust, 'desktop-view');
    const ended = next<{ by: string; reason: string }>(cust, 'session:ended', () => true, 2000);
    const revoked = next<{ consent: ConsentState }>(cust, 'consent:update', (u) => u.consent.ended);
    await drop(tech, cust, 'technician');
    expect(await ended).toEqual({ by: 'relay', reason: 'technician-timeout' });
    expect((await revoked).consent.grants['desktop-view'].status).toBe('revoked');
    expect(await call(technician(t.url, t.token), 'session:attach', { sessionId })).toEqual(refusedWith('session-ended'));
  });

  it('refuses to attach to a session that has ended', async () => {
    const t = await startRelay(GRACE);
    const { tech, cust, sessionId } = await pair(t);
    await drop(tech, cust, 'technician');
    await ok(cust, 'session:end');
    expect(await call(technician(t.url, t.token), 'session:attach', { sessionId })).toEqual(refusedWith('session-ended'));
  });
});
