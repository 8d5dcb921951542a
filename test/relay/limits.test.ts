/**
 * Per-socket limits (chat messages per minute, events per second, message size), business hours and capacity,
 * against a real relay on loopback.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage, HoursInfo, RelayError } from '../../src/protocol/index.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { answer, disconnected, recordAll } from './clients.js';
import { call, customer, flakyStore, next, ok, pair, sleep, startRelay, technician } from './support.js';

const error = (ack: unknown) => (ack as { ok: false; error: RelayError }).error;
const codeOf = (ack: unknown) => (ack === 'none' ? 'none' : error(ack).code);

async function chatFlows(from: Parameters<typeof ok>[0], to: Parameters<typeof ok>[0], text = 'still here'): Promise<void> {
  const received = next<ChatMessage>(to, 'chat:message');
  await ok(from, 'chat:send', { clientId: `ping-${Math.random().toString(36).slice(2)}`, text });
  expect((await received).text).toBe(text);
}

describe('per-socket rate limits', () => {
  it('refuses chat messages over messagesPerMinute with rate-limited, for that socket only', async () => {
    const t = await startRelay({ messagesPerMinute: 3 });
    const { tech, cust, sessionId } = await pair(t);
    for (let i = 1; i <= 3; i++) await ok(cust, 'chat:send', { clientId: `c${i}`, text: `message ${i}` });
    const cut = error(await call(cust, 'chat:send', { clientId: 'c4', text: 'one too many' }));
    expect(cut.code).toBe('rate-limited');
    expect(cut.retryAfter).toBeGreaterThan(0);
    expect(cut.retryAfter).toBeLessThanOrEqual(60_000);
    expect((await t.relay.store.messagesAfter(sessionId, 0)).map((m) => m.text)).toEqual(['message 1', 'message 2', 'message 3']);
    // other events of the same socket still work, and so does the technician's chat
    await ok(cust, 'chat:typing', { typing: true });
    await chatFlows(tech, cust);
  });

  it('refuses events of any kind over eventsPerSecond, answering the first refusal of a window only, for that socket only', async () => {
    const t = await startRelay({ eventsPerSecond: 5 });
    const { code } = await ok<{ code: string }>(technician(t.url, t.token), 'session:create');
    const cust = customer(t.url);
    const acks = await Promise.all(Array.from({ length: 8 }, () => answer(cust, 'chat:typing', { typing: true })));
    expect(acks.map(codeOf)).toEqual(['not-in-session', 'not-in-session', 'not-in-session', 'not-in-session', 'not-in-session', 'rate-limited', 'none', 'none']);
    const cut = error(acks[5]);
    expect(cut.retryAfter).toBeGreaterThan(0);
    expect(cut.retryAfter).toBeLessThanOrEqual(1_000);
    await sleep(cut.retryAfter! + 20);
    // malformed payloads count too, and are refused before they are looked at; so is the right code
    const next = await Promise.all([
      ...Array.from({ length: 5 }, () => answer(cust, 'chat:send', { nonsense: true })),
      answer(cust, 'session:join', { code }),
      answer(cust, 'session:join', { code }),
    ]);
    expect(next.map(codeOf)).toEqual(['bad-payload', 'bad-payload', 'bad-payload', 'bad-payload', 'bad-payload', 'rate-limited', 'none']);
    // another socket has its own budget
    const other = await pair(t);
    await chatFlows(other.cust, other.tech);
    // and this socket's comes back after the window
    await sleep(error(next[5]).retryAfter! + 20);
    await ok(cust, 'session:join', { code });
  });

  it('counts unknown events against eventsPerSecond too', async () => {
    const t = await startRelay({ eventsPerSecond: 5 });
    const cust = customer(t.url);
    const acks = await Promise.all(Array.from({ length: 8 }, (_, i) => answer(cust, `flood:${i}`, {})));
    expect(acks.map(codeOf)).toEqual(['bad-payload', 'bad-payload', 'bad-payload', 'bad-payload', 'bad-payload', 'rate-limited', 'none', 'none']);
  });

  it('disconnects a socket that sends a message over maxPayloadBytes, and only that socket', async () => {
    const t = await startRelay({ maxPayloadBytes: 10_000 });
    const first = await pair(t);
    const second = await pair(t);
    const gone = disconnected(first.cust);
    const stillThere = recordAll(first.tech);
    first.cust.emit('chat:send', { clientId: 'big', text: 'x'.repeat(20_000) });
    expect(await gone).toBe('transport close');
    expect(first.tech.connected && second.cust.connected && second.tech.connected).toBe(true);
    await chatFlows(second.cust, second.tech);
    // the oversized message reached nobody
    expect(stillThere.filter(([event]) => event === 'chat:message')).toEqual([]);
    expect(await t.relay.store.messagesAfter(first.sessionId, 0)).toEqual([]);
    // a message just under the limit is fine
    await chatFlows(second.tech, second.cust, 'y'.repeat(1_900));
  });
});

/**
 * A fixed-offset time zone in which it is now between 12:00 and 12:59, and today's ISO weekday there: hours built
 * around it are open or closed for certain, whatever the day and time the tests run.
 */
function noonZone(): { timeZone: string; today: number } {
  const now = new Date();
  const offset = 12 - now.getUTCHours();
  // POSIX-style names: Etc/GMT-3 is UTC+3.
  const timeZone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(now);
  const today = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday) + 1;
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  expect(hour).toBe(12);
  return { timeZone, today };
}

describe('business hours', () => {
  const allDays = [1, 2, 3, 4, 5, 6, 7];

  it('refuse session:join and queue:join with outside-hours and the hours on a closed day', async () => {
    const { timeZone, today } = noonZone();
    const hours: HoursInfo = { timeZone, days: allDays.filter((d) => d !== today), open: '00:00', close: '24:00' };
    const t = await startRelay({ businessHours: hours });
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const cust = customer(t.url);
    expect(await call(cust, 'session:join', { code })).toEqual({ ok: false, error: expect.objectContaining({ code: 'outside-hours', hours }) as unknown });
    expect(await call(cust, 'queue:join', { name: 'Ada', description: '' })).toMatchObject({ ok: false, error: { code: 'outside-hours', hours } });
    // nothing happened: the code is still unused, nobody is queued
    expect(await t.relay.store.queue()).toEqual([]);
    expect((await t.relay.store.liveSessions()).map((s) => s.state)).toEqual(['open']);
  });

  it('refuse joining on an open day outside the opening times', async () => {
    const { timeZone } = noonZone();
    const t = await startRelay({ businessHours: { timeZone, days: allDays, open: '18:00', close: '23:30' } });
    const { code } = await ok<{ code: string }>(technician(t.url, t.token), 'session:create');
    expect(await call(customer(t.url), 'session:join', { code })).toMatchObject({ ok: false, error: { code: 'outside-hours' } });
    const t2 = await startRelay({ businessHours: { timeZone, days: allDays, open: '00:00', close: '06:00' } });
    technician(t2.url, t2.token);
    await sleep(20);
    expect(await call(customer(t2.url), 'queue:join', { name: 'Ada', description: '' })).toMatchObject({ ok: false, error: { code: 'outside-hours' } });
  });

  it('let customers join and queue while open', async () => {
    const { timeZone, today } = noonZone();
    const t = await startRelay({ businessHours: { timeZone, days: [today], open: '06:00', close: '18:00' } });
    const { tech, cust } = await pair(t);
    await chatFlows(cust, tech);
    technician(t.url, t.token);
    await sleep(20);
    expect(await call(customer(t.url), 'queue:join', { name: 'Ada', description: 'Printer' })).toMatchObject({ ok: true, position: 1 });
  });
});

describe('capacity', () => {
  it('refuses a second session:create with capacity when maxSessions is 1', async () => {
    const t = await startRelay({ maxSessions: 1 });
    await ok(technician(t.url, t.token), 'session:create');
    const second = technician(t.url, t.token);
    expect(await call(second, 'session:create')).toMatchObject({ ok: false, error: { code: 'capacity' } });
    expect(await call(customer(t.url), 'queue:join', { name: 'Ada', description: '' })).toMatchObject({ ok: false, error: { code: 'capacity' } });
    expect(await t.relay.store.countLive()).toBe(1);
  });

  it('keeps one technician from filling maxSessions by creating and dropping: beyond sessionsPerTechnicianPerHour it is refused rate-limited', async () => {
    const t = await startRelay({ sessionsPerTechnicianPerHour: 3 });
    for (let i = 0; i < 3; i++) {
      const tech = technician(t.url, t.token);
      await ok(tech, 'session:create');
      tech.disconnect();
    }
    const refused = error(await call(technician(t.url, t.token), 'session:create'));
    expect(refused.code).toBe('rate-limited');
    expect(refused.retryAfter).toBeGreaterThan(59 * 60_000);
    expect(refused.retryAfter).toBeLessThanOrEqual(60 * 60_000);
    // a colleague (another token sub) still creates sessions, and customers still get in line
    const colleague = await issueTechnicianToken(t.relay.options.tokenSecret, { id: 'colleague', name: 'Kim', org: 'Demo Support' });
    await ok(technician(t.url, colleague), 'session:create');
    await ok(customer(t.url), 'queue:join', { name: 'Ada', description: '' });
    expect(await t.relay.store.countLive()).toBe(5);
  });

  it('counts only sessions no customer joined: a technician whose customers join creates more than sessionsPerTechnicianPerHour', async () => {
    const t = await startRelay({ sessionsPerTechnicianPerHour: 2 });
    for (let i = 0; i < 4; i++) {
      const tech = technician(t.url, t.token);
      const { code } = await ok<{ code: string }>(tech, 'session:create');
      await ok(customer(t.url), 'session:join', { code });
      await ok(tech, 'session:end');
    }
    for (let i = 0; i < 2; i++) await ok(technician(t.url, t.token), 'session:create');
    expect(codeOf(await call(technician(t.url, t.token), 'session:create'))).toBe('rate-limited');
  });

  it('lets a technician at the limit create again once a customer joins a session it left open, refusals in between taking nothing', async () => {
    const t = await startRelay({ sessionsPerTechnicianPerHour: 1 });
    const { code } = await ok<{ code: string }>(technician(t.url, t.token), 'session:create');
    for (let i = 0; i < 2; i++) expect(codeOf(await call(technician(t.url, t.token), 'session:create'))).toBe('rate-limited');
    await ok(customer(t.url), 'session:join', { code });
    await ok(technician(t.url, t.token), 'session:create');
    expect(codeOf(await call(technician(t.url, t.token), 'session:create'))).toBe('rate-limited');
  });

  it('gives the session back to the technician when storing it fails (answered unavailable)', async () => {
    const flaky = flakyStore('insertSession');
    const t = await startRelay({ sessionsPerTechnicianPerHour: 1, store: flaky.store });
    flaky.fail(1);
    expect(codeOf(await call(technician(t.url, t.token), 'session:create'))).toBe('unavailable');
    await ok(technician(t.url, t.token), 'session:create');
  });

  it('frees the place when the session ends', async () => {
    const t = await startRelay({ maxSessions: 1 });
    const first = technician(t.url, t.token);
    await ok(first, 'session:create');
    await ok(first, 'session:end');
    await ok(technician(t.url, t.token), 'session:create');
  });

  it('answers queue:join with no-technician when no technician is connected', async () => {
    const t = await startRelay();
    const cust = customer(t.url);
    expect(await call(cust, 'queue:join', { name: 'Ada', description: 'Printer' })).toMatchObject({ ok: false, error: { code: 'no-technician' } });
    expect(await t.relay.store.countLive()).toBe(0);
    // once one connects, the same customer can queue
    // (its first answer means the relay has counted it as connected)
    await ok(technician(t.url, t.token), 'queue:list');
    await ok(cust, 'queue:join', { name: 'Ada', description: 'Printer' });
  });

  it('answers queue:join with no-technician again after the last technician left', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    await ok(tech, 'queue:list');
    tech.disconnect();
    await sleep(30);
    expect(await call(customer(t.url), 'queue:join', { name: 'Ada', description: '' })).toMatchObject({ ok: false, error: { code: 'no-technician' } });
  });
});
