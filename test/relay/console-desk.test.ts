/**
 * The console's desk (several sessions at once, each on a console of its own) and the hand-off between two
 * technicians' desks, against the real relay on loopback with real customer sockets (memory or Redis store).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinResult } from '../../src/protocol/index.js';
import { ConsoleDesk } from '../../src/console/session/desk.js';
import type { DeskEntry } from '../../src/console/session/desk-list.js';
import { MemoryStorage } from '../../src/console/session/storage.js';
import { issueTechnicianToken } from '../../src/server/index.js';
import { customer, next, ok, startRelay, type TestRelay } from './support.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ALEX = { id: 'alex', name: 'Alex Demo', org: 'Demo Support' };
const SAM = { id: 'sam', name: 'Sam Field', org: 'Demo Support' };
const LEFT = { name: 'Grace', contact: { kind: 'phone', value: '+48 600 700 800' }, text: 'Call me <b>tomorrow</b>' };

const desks: ConsoleDesk[] = [];
afterEach(() => {
  for (const d of desks.splice(0)) d.destroy();
});

function makeDesk(t: TestRelay, storage: Storage = new MemoryStorage()): ConsoleDesk {
  const desk = new ConsoleDesk({ server: t.url, storage, socketOptions: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 } });
  desks.push(desk);
  return desk;
}

/** Resolves once `predicate` holds for the desk's entries (now or after a later change). */
function until(desk: ConsoleDesk, predicate: (entries: DeskEntry[]) => boolean, ms = 5000): Promise<DeskEntry[]> {
  if (predicate(desk.entries)) return Promise.resolve(desk.entries);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`desk did not get there within ${ms} ms: ${JSON.stringify(desk.entries)}`));
    }, ms);
    const stop = desk.subscribe(() => {
      if (!predicate(desk.entries)) return;
      clearTimeout(timer);
      stop();
      resolve(desk.entries);
    });
  });
}

/** The console on show creates a session and a customer joins it with the code. */
async function serve(t: TestRelay, desk: ConsoleDesk) {
  expect(await desk.selected.createSession()).toBe(true);
  const cust = customer(t.url);
  await ok<JoinResult>(cust, 'session:join', { code: desk.state.code!.code });
  const key = desk.selectedKey;
  await until(desk, (es) => es.find((e) => e.key === key)?.state === 'active');
  return { cust, key, sessionId: desk.state.session!.id };
}

describe('the desk', () => {
  it('holds several sessions, each going on while another is on show, with unread counts and live grants', async () => {
    const t = await startRelay({ tokenSecret: SECRET });
    const storage = new MemoryStorage();
    const desk = makeDesk(t, storage);
    expect(await desk.signIn(await issueTechnicianToken(SECRET, ALEX))).toBe(true);
    const first = await serve(t, desk);
    const prompt = next<{ prompt: { id: string } | null }>(first.cust, 'consent:prompt', (p) => p.prompt !== null);
    expect(await desk.selected.request('file-transfer')).toBe(true);
    await ok(first.cust, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: true });
    await until(desk, (es) => es[0]!.grants.includes('file-transfer'));

    const secondKey = desk.open()!;
    expect(desk.selectedKey).toBe(secondKey);
    await until(desk, (es) => es.length === 2);
    await new Promise<void>((resolve) => {
      const check = () => desk.selected.state.connection === 'connected' && resolve();
      desk.subscribe(check);
      check();
    });
    const second = await serve(t, desk);
    expect(second.sessionId).not.toBe(first.sessionId);

    // The first customer writes while the second session is on show.
    await ok(first.cust, 'chat:send', { clientId: 'c1', text: 'Are you still there?' });
    await ok(first.cust, 'chat:send', { clientId: 'c2', text: 'Hello?' });
    let entries = await until(desk, (es) => es[0]!.unread === 2);
    expect(entries[0]).toMatchObject({ key: 'main', selected: false, state: 'active', grants: ['file-transfer'] });
    expect(entries[1]).toMatchObject({ key: secondKey, selected: true, unread: 0, grants: [] });

    // Switching shows the first session as it went on: its chat and grants are all there.
    desk.select('main');
    entries = desk.entries;
    expect(entries[0]).toMatchObject({ selected: true, unread: 0 });
    expect(desk.state.messages.map((m) => m.text)).toEqual(['Are you still there?', 'Hello?']);
    expect(desk.state.session?.consent.grants['file-transfer'].status).toBe('granted');

    // A live session's console cannot be closed; a reload re-attaches both sessions from storage.
    expect(desk.close(secondKey)).toBe(false);
    desk.destroy();
    const again = makeDesk(t, storage);
    expect(await again.restore()).toBe(true);
    const restored = await until(again, (es) => es.length === 2 && es.every((e) => e.state === 'active'));
    expect(restored.map((e) => e.sessionId)).toEqual([first.sessionId, second.sessionId]);
  });

  it('lists the messages customers left after sign-in, newest first, and adds a new one as it comes', async () => {
    const t = await startRelay({ tokenSecret: SECRET });
    await ok(customer(t.url), 'message:leave', { ...LEFT, name: 'Ada', contact: { kind: 'email', value: 'ada@example.com' } });
    const desk = makeDesk(t);
    expect(await desk.signIn(await issueTechnicianToken(SECRET, ALEX))).toBe(true);
    await until(desk, () => desk.state.inbox.length === 1);
    await ok(customer(t.url), 'message:leave', LEFT);
    await until(desk, () => desk.state.inbox.length === 2);
    expect(desk.state.inbox.map((m) => [m.name, m.contact.value, m.text])).toEqual([
      ['Grace', '+48 600 700 800', 'Call me <b>tomorrow</b>'],
      ['Ada', 'ada@example.com', LEFT.text],
    ]);
  });
});

describe('handing a session between two desks', () => {
  it('moves the session to the colleague’s desk, which takes it on a free console; the grants end', async () => {
    const t = await startRelay({ tokenSecret: SECRET });
    const alex = makeDesk(t);
    const sam = makeDesk(t);
    expect(await alex.signIn(await issueTechnicianToken(SECRET, ALEX))).toBe(true);
    expect(await sam.signIn(await issueTechnicianToken(SECRET, SAM))).toBe(true);
    // Sam is busy with a customer of his own: the handed session goes to a new console of his desk.
    await serve(t, sam);
    const { cust, sessionId } = await serve(t, alex);
    const prompt = next<{ prompt: { id: string } | null }>(cust, 'consent:prompt', (p) => p.prompt !== null);
    expect(await alex.selected.request('system-info')).toBe(true);
    await ok(cust, 'consent:decide', { promptId: (await prompt).prompt!.id, allow: true });
    await until(alex, (es) => es[0]!.grants.length === 1);

    expect(await alex.selected.listColleagues()).toBe(true);
    expect(alex.state.colleagues).toEqual([{ id: 'sam', name: 'Sam Field' }]);
    expect(await alex.selected.handOff('sam')).toBe(true);
    expect(alex.state.session).toBeUndefined();
    expect(alex.state.notice).toMatchObject({ kind: 'handed-off', name: 'Sam Field' });

    const entries = await until(sam, (es) => es.some((e) => e.sessionId === sessionId && e.state === 'active' && e.handedBy !== undefined));
    expect(entries).toHaveLength(2);
    expect(entries.find((e) => e.sessionId === sessionId)).toMatchObject({ handedBy: 'Alex Demo', grants: [], selected: false });
    // Sam chats with the customer from the new console.
    const heard = next<{ text: string }>(cust, 'chat:message');
    sam.select(entries.find((e) => e.sessionId === sessionId)!.key);
    sam.selected.send('Sam here, I take over.');
    expect((await heard).text).toBe('Sam here, I take over.');
  });
});
