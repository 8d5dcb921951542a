/**
 * A rating at the end, messages left while nobody can chat, and the native agent declaring itself (issue 17), on the
 * real relay with this run's store (memory, or Redis in the relay-redis project).
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, LeftMessage, SessionView } from '../../src/protocol/index.js';
import type { MessageLeftEvent, SessionRatedEvent } from '../../src/server/relay-events.js';
import { call, collect, customer, next, ok, pair, startRelay, technician } from './support.js';

const LEFT = { name: 'Ada Lovelace', contact: { kind: 'email', value: 'ada@example.com' }, text: 'Please call me back about the printer.' };

describe('rating a session', () => {
  it('takes one rating from the customer after the end, audits it and tells the console and relay.events', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId } = await pair(t);
    const heard: SessionRatedEvent[] = [];
    t.relay.events.on('rated', (e) => heard.push(e));

    expect(await call(cust, 'session:rate', { score: 5 })).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    await ok(tech, 'session:end');
    const audited = next<AuditEntry>(tech, 'audit:entry', (e) => e.type === 'session-rated');
    const updated = next<SessionView>(tech, 'session:update', (s) => s.rating !== undefined);
    await ok(cust, 'session:rate', { score: 4, comment: '  Quick and kind.  ' });
    expect(await audited).toMatchObject({ actor: 'customer', type: 'session-rated', detail: '4', comment: 'Quick and kind.' });
    expect((await updated).rating).toEqual({ score: 4, comment: 'Quick and kind.' });
    expect(heard).toEqual([
      { sessionId, score: 4, comment: 'Quick and kind.', at: expect.any(Number) as unknown, technician: { id: 'dev-technician', name: 'Alex Demo', org: 'Demo Support' } },
    ]);

    expect(await call(cust, 'session:rate', { score: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-state', detail: 'already rated' } });
    const audit = await ok<{ entries: AuditEntry[] }>(cust, 'audit:fetch');
    expect(audit.entries.filter((e) => e.type === 'session-rated')).toHaveLength(1);
  });

  it('refuses a rating from a socket without a session, and one that is not 1 to 5', async () => {
    const t = await startRelay();
    const stranger = customer(t.url);
    expect(await call(stranger, 'session:rate', { score: 3 })).toMatchObject({ ok: false, error: { code: 'not-in-session' } });
    expect(await call(stranger, 'session:rate', { score: 6 })).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    // Only customers rate.
    const tech = technician(t.url, t.token);
    expect(await call(tech, 'session:rate', { score: 3 })).toMatchObject({ ok: false });
  });
});

describe('leaving a message', () => {
  it('keeps the message for the console, tells technicians online and relay.events', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    await ok(tech, 'inbox:list');
    const heard: MessageLeftEvent[] = [];
    t.relay.events.on('message-left', (e) => heard.push(e));
    const announced = next<LeftMessage>(tech, 'inbox:new');

    const cust = customer(t.url);
    const left = await ok<{ id: string }>(cust, 'message:leave', { ...LEFT, lang: 'pl' });
    const expected = { id: left.id, name: 'Ada Lovelace', contact: { kind: 'email', value: 'ada@example.com' }, text: LEFT.text, lang: 'pl', at: expect.any(Number) as unknown };
    expect(await announced).toEqual(expected);
    expect(heard).toEqual([expected]);

    await ok(customer(t.url), 'message:leave', { ...LEFT, name: 'Grace', contact: { kind: 'phone', value: '+48 600 700 800' } });
    const listed = await ok<{ messages: LeftMessage[] }>(tech, 'inbox:list');
    expect(listed.messages.map((m) => [m.name, m.contact.value])).toEqual([
      ['Grace', '+48 600 700 800'],
      ['Ada Lovelace', 'ada@example.com'],
    ]);
  });

  it('refuses an address or number that cannot reach anybody, with the field named', async () => {
    const t = await startRelay();
    const cust = customer(t.url);
    const refused = await call(cust, 'message:leave', { ...LEFT, contact: { kind: 'email', value: 'ada@example' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-payload', detail: expect.stringContaining('contact.value') as unknown } });
    expect(await call(cust, 'message:leave', { ...LEFT, contact: { kind: 'phone', value: '12' } })).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    const tech = technician(t.url, t.token);
    expect((await ok<{ messages: LeftMessage[] }>(tech, 'inbox:list')).messages).toEqual([]);
  });

  it('takes a few messages per address and hour, then answers rate-limited with the wait', async () => {
    const t = await startRelay({ leftMessagesPerHour: 2 });
    const cust = customer(t.url);
    await ok(cust, 'message:leave', LEFT);
    await ok(customer(t.url), 'message:leave', LEFT);
    const third = await call(cust, 'message:leave', LEFT);
    expect(third).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(!third.ok && third.error.retryAfter).toBeGreaterThan(59 * 60_000);
  });

  it('keeps only the newest messages, as many as maxLeftMessages', async () => {
    const t = await startRelay({ maxLeftMessages: 2, leftMessagesPerHour: 10 });
    const cust = customer(t.url);
    for (const name of ['one', 'two', 'three']) await ok(cust, 'message:leave', { ...LEFT, name });
    const listed = await ok<{ messages: LeftMessage[] }>(technician(t.url, t.token), 'inbox:list');
    expect(listed.messages.map((m) => m.name)).toEqual(['three', 'two']);
  });
});

describe('the native agent declaring itself', () => {
  it('shows both sides the agent, audits its coming and going, and only for live sessions', async () => {
    const t = await startRelay();
    const { tech, cust, sessionId } = await pair(t);
    const views = collect<SessionView>(cust, 'session:update');
    const audit = collect<AuditEntry>(tech, 'audit:entry');

    expect(await t.relay.declareAgent(sessionId, { name: 'Acme Assist 4.2' })).toBe(true);
    await next<SessionView>(tech, 'session:update', (s) => s.agent?.name === 'Acme Assist 4.2');
    expect(await t.relay.declareAgent(sessionId, { name: 'Acme Assist 4.2' })).toBe(true);
    expect(await t.relay.declareAgent(sessionId, undefined)).toBe(true);
    await next<SessionView>(tech, 'session:update', (s) => s.agent === undefined);
    expect(views.map((v) => v.agent?.name ?? null)).toEqual(['Acme Assist 4.2', null]);
    expect(audit.filter((e) => e.type.startsWith('agent-')).map((e) => [e.type, e.detail ?? null])).toEqual([
      ['agent-connected', 'Acme Assist 4.2'],
      ['agent-disconnected', null],
    ]);

    await expect(t.relay.declareAgent(sessionId, { name: 'bad\nname' })).rejects.toThrow(TypeError);
    expect(await t.relay.declareAgent('no-such-session', { name: 'Acme' })).toBe(false);
    await ok(tech, 'session:end');
    expect(await t.relay.declareAgent(sessionId, { name: 'Acme' })).toBe(false);
  });
});
