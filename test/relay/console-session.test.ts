/**
 * The technician console's session logic (ConsoleSession) against the real relay on loopback, with real customer
 * sockets on the other side. Everything the console shows comes from these states, so each test reads the state
 * (through the same selectors the elements use) rather than the wire.
 */
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, JoinResult, Prompt, SessionView } from '../../src/protocol/index.js';
import { ConsoleSession } from '../../src/console/session/console-session.js';
import { MemoryStorage } from '../../src/console/session/storage.js';
import type { ConsoleState } from '../../src/console/session/types.js';
import { chatItems, codeView, functionRows, queueRows, shownConnection, useRows } from '../../src/console/session/views.js';
import { call, customer, flakyStore, next, ok, startRelay, type TestRelay } from './support.js';

const consoles: ConsoleSession[] = [];

afterEach(() => {
  for (const c of consoles.splice(0)) c.destroy();
});

function makeConsole(t: TestRelay, storage: Storage = new MemoryStorage()): ConsoleSession {
  const session = new ConsoleSession({
    server: t.url,
    storage,
    socketOptions: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 },
  });
  consoles.push(session);
  return session;
}

/** Resolves with the state once `predicate` holds (now or after a later change). */
function until(session: ConsoleSession, predicate: (state: ConsoleState) => boolean, ms = 5000): Promise<ConsoleState> {
  if (predicate(session.state)) return Promise.resolve(session.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`state did not come within ${ms} ms: ${JSON.stringify(session.state, null, 1).slice(0, 2000)}`));
    }, ms);
    const stop = session.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}

const row = (state: ConsoleState, fn: string) => functionRows(state, Date.now()).find((r) => r.fn === fn);
const statusOf = (state: ConsoleState, fn: string) => row(state, fn)?.status;

/** A signed-in console with a new session and a customer who joined it with the code. */
async function paired(t: TestRelay, storage?: Storage) {
  const tech = makeConsole(t, storage);
  expect(await tech.signIn(t.token)).toBe(true);
  expect(await tech.createSession()).toBe(true);
  const code = tech.state.code!.code;
  const cust = customer(t.url);
  const joined = await ok<JoinResult>(cust, 'session:join', { code });
  await until(tech, (s) => s.session?.state === 'active');
  return { tech, cust, joined };
}

/** The customer answers the prompt on show for `fn`. */
async function answer(cust: Socket, fn: string, allow: boolean): Promise<void> {
  const shown = await next<{ prompt: Prompt | null }>(cust, 'consent:prompt', (p) => p.prompt?.fn === fn);
  await ok(cust, 'consent:decide', { promptId: shown.prompt!.id, allow });
}

describe('the technician console against the real relay', () => {
  it('refuses a bad token with a clear unauthorized state and keeps nothing', async () => {
    const t = await startRelay();
    const storage = new MemoryStorage();
    const tech = makeConsole(t, storage);
    expect(await tech.signIn('not-a-token')).toBe(false);
    expect(tech.state.connection).toBe('signed-out');
    expect(tech.state.error).toMatchObject({ op: 'sign-in', code: 'unauthorized' });
    expect(storage.length).toBe(0);

    // A good token afterwards signs in and clears the error.
    expect(await tech.signIn(t.token)).toBe(true);
    expect(tech.state.connection).toBe('connected');
    expect(tech.state.error).toBeUndefined();
    expect(tech.state.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
  });

  it('creates a session, pairs with the customer, chats both ways and shows a grant once the customer allows it', async () => {
    const t = await startRelay({ joinUrl: 'https://help.example.com/support' });
    const tech = makeConsole(t);
    await tech.signIn(t.token);
    expect(await tech.createSession(['desktop-view', 'remote-control', 'system-info'])).toBe(true);

    const code = codeView(tech.state, Date.now())!;
    expect(code.code).toMatch(/^\d{6}$/);
    expect(code.joinUrl).toBe(`https://help.example.com/support?rsw-code=${code.code}`);
    expect(code.remainingMs).toBeGreaterThan(9 * 60_000);
    expect(code.remainingMs).toBeLessThanOrEqual(10 * 60_000);
    expect(tech.state.session?.state).toBe('open');
    expect(tech.state.audit.map((e) => e.type)).toEqual(['session-created']);

    const cust = customer(t.url);
    await ok(cust, 'session:join', { code: code.code });
    let state = await until(tech, (s) => s.session?.state === 'active' && s.notice?.kind === 'customer-joined');
    expect(codeView(state, Date.now())).toBeUndefined();
    expect(state.session?.customerPresent).toBe(true);

    // technician → customer
    const toCustomer = next<ChatMessage>(cust, 'chat:message');
    const clientId = tech.send('Hello, I am Alex');
    expect((await toCustomer).text).toBe('Hello, I am Alex');
    state = await until(tech, (s) => s.messages.some((m) => m.clientId === clientId && m.status === 'sent'));
    expect(state.messages.find((m) => m.clientId === clientId)).toMatchObject({ seq: 1, from: 'technician' });

    // customer typing, then customer → technician
    await ok(cust, 'chat:typing', { typing: true });
    await until(tech, (s) => s.customerTyping);
    await ok(cust, 'chat:send', { clientId: 'c1', text: '<b>not bold</b>' });
    state = await until(tech, (s) => s.messages.some((m) => m.from === 'customer'));
    expect(state.customerTyping).toBe(false);
    expect(state.messages.map((m) => [m.seq, m.from, m.text])).toEqual([
      [1, 'technician', 'Hello, I am Alex'],
      [2, 'customer', '<b>not bold</b>'],
    ]);

    // technician typing reaches the customer
    const typing = next<{ from: string; typing: boolean }>(cust, 'chat:typing');
    tech.setTyping(true);
    expect(await typing).toEqual({ from: 'technician', typing: true });

    // request → pending with a countdown → the customer allows → granted, as the relay says
    expect(row(tech.state, 'remote-control')).toMatchObject({ canRequest: false, needs: 'desktop-view' });
    const shown = next<{ prompt: Prompt | null }>(cust, 'consent:prompt', (p) => p.prompt !== null);
    expect(await tech.request('desktop-view')).toBe(true);
    const pending = row(tech.state, 'desktop-view')!;
    expect(pending.status).toBe('pending');
    expect(pending.queued).toBe(false);
    expect(pending.remainingMs).toBeGreaterThan(50_000);
    expect(pending.canRequest).toBe(false);
    await ok(cust, 'consent:decide', { promptId: (await shown).prompt!.id, allow: true });
    state = await until(tech, (s) => statusOf(s, 'desktop-view') === 'granted');
    expect(row(state, 'desktop-view')).toMatchObject({ canRequest: false, queued: false });
    expect(row(state, 'remote-control')).toMatchObject({ status: 'none', canRequest: true });
    expect(chatItems(state).filter((i) => i.kind === 'system').map((i) => (i.kind === 'system' ? i.entry.type : ''))).toEqual([
      'customer-joined',
      'consent-requested',
      'consent-changed',
    ]);

    // Asking again for a live grant is refused by the relay, and the refusal is shown on the row.
    expect(await tech.request('desktop-view')).toBe(false);
    expect(row(tech.state, 'desktop-view')?.error).toMatchObject({ code: 'already-granted' });

    // One session at a time: creating another is refused and the live one stays on show.
    const sessionId = tech.state.session?.id;
    expect(await tech.createSession()).toBe(false);
    expect(tech.state.error).toMatchObject({ op: 'create', code: 'invalid-state' });
    expect(tech.state.session?.id).toBe(sessionId);
    expect(tech.state.messages).toHaveLength(2);
  });

  it('tells the technician when the customer stops sharing', async () => {
    const t = await startRelay();
    const { tech, cust } = await paired(t);
    await Promise.all([tech.request('desktop-view'), answer(cust, 'desktop-view', true)]);
    await until(tech, (s) => statusOf(s, 'desktop-view') === 'granted');
    await Promise.all([tech.request('file-transfer'), answer(cust, 'file-transfer', true)]);
    await until(tech, (s) => statusOf(s, 'file-transfer') === 'granted');

    await ok(cust, 'consent:revoke-all');
    const state = await until(tech, (s) => s.notice?.kind === 'stopped-sharing');
    expect(state.notice?.fns).toEqual(['desktop-view', 'file-transfer']);
    expect(statusOf(state, 'desktop-view')).toBe('revoked');
    expect(statusOf(state, 'file-transfer')).toBe('revoked');
    // The chat goes on.
    expect(state.session?.state).toBe('active');
    expect(row(state, 'desktop-view')?.canRequest).toBe(true);
  });

  it('shows an unanswered request as waiting behind the one on show, then as expired', async () => {
    const t = await startRelay({ promptTimeoutMs: 300 });
    const { tech } = await paired(t);
    await tech.request('system-info');
    await tech.request('reboot');
    let state = tech.state;
    expect(row(state, 'system-info')).toMatchObject({ status: 'pending', queued: false });
    expect(row(state, 'system-info')?.remainingMs).toBeGreaterThan(0);
    expect(row(state, 'reboot')).toMatchObject({ status: 'pending', queued: true });
    expect(row(state, 'reboot')?.remainingMs).toBeUndefined();

    state = await until(tech, (s) => statusOf(s, 'system-info') === 'expired');
    // The next prompt is on show now, with its own countdown.
    expect(row(state, 'reboot')).toMatchObject({ status: 'pending', queued: false });
    state = await until(tech, (s) => statusOf(s, 'reboot') === 'expired');
    expect(row(state, 'system-info')?.canRequest).toBe(true);
    expect(state.audit.filter((e) => e.to === 'expired').map((e) => [e.fn, e.actor])).toEqual([
      ['system-info', 'relay'],
      ['reboot', 'relay'],
    ]);
  });

  it('shows the relay refusing system information before the customer granted it, and allows it once granted', async () => {
    const t = await startRelay();
    const { tech, cust } = await paired(t);
    expect(useRows(tech.state).find((r) => r.event === 'sysinfo:request')).toMatchObject({ enabled: false, status: 'none' });

    expect(await tech.use('sysinfo:request')).toBe(false);
    let use = useRows(tech.state).find((r) => r.event === 'sysinfo:request')!;
    expect(use.refused).toMatchObject({ code: 'not-granted', fn: 'system-info' });
    await until(tech, (s) => s.audit.some((e) => e.type === 'use-refused'));

    const received = next(cust, 'sysinfo:request');
    await Promise.all([tech.request('system-info'), answer(cust, 'system-info', true)]);
    const granted = await until(tech, (s) => statusOf(s, 'system-info') === 'granted');
    use = useRows(granted).find((r) => r.event === 'sysinfo:request')!;
    expect(use).toMatchObject({ enabled: true });
    expect(use.refused).toBeUndefined();

    expect(await tech.use('sysinfo:request')).toBe(true);
    await received;
    const used = await until(tech, (s) => statusOf(s, 'system-info') === 'used');
    expect(useRows(used).find((r) => r.event === 'sysinfo:request')).toMatchObject({ enabled: false });
    expect(used.uses['sysinfo:request']?.usedAt).toBeGreaterThan(0);
    // Used up: the relay refuses a second use.
    expect(await tech.use('sysinfo:request')).toBe(false);
    expect(useRows(tech.state).find((r) => r.event === 'sysinfo:request')?.refused?.code).toBe('not-granted');
  });

  it('re-attaches after a console reload with the chat history and the audit log', async () => {
    const t = await startRelay();
    const storage = new MemoryStorage();
    const { tech, cust } = await paired(t, storage);
    tech.send('First from the technician');
    await until(tech, (s) => s.messages.some((m) => m.status === 'sent'));
    await ok(cust, 'chat:send', { clientId: 'c1', text: 'Reply from the customer' });
    await until(tech, (s) => s.messages.length === 2);
    const before = tech.state;

    // The page reloads: the old console goes away, a new one starts with the same tab storage.
    const dropped = next(cust, 'participant:update', (p: { reason: string }) => p.reason === 'dropped');
    tech.destroy();
    await dropped;
    const back = next(cust, 'participant:update', (p: { reason: string }) => p.reason === 'resumed');
    const reloaded = makeConsole(t, storage);
    expect(reloaded.canRestore).toBe(true);
    expect(await reloaded.restore()).toBe(true);
    const state = await until(reloaded, (s) => s.session?.state === 'active' && !s.pending);
    await back;
    expect(state.session?.id).toBe(before.session?.id);
    expect(state.messages.map((m) => [m.from, m.text, m.status])).toEqual([
      ['technician', 'First from the technician', 'sent'],
      ['customer', 'Reply from the customer', 'sent'],
    ]);
    expect(state.audit.map((e) => e.type)).toEqual([
      'session-created',
      'customer-joined',
      'participant-dropped',
      'participant-resumed',
    ]);

    // …and the chat goes on from there.
    const toCustomer = next<ChatMessage>(cust, 'chat:message');
    reloaded.send('Back again');
    expect(await toCustomer).toMatchObject({ text: 'Back again', seq: 3 });
  });

  it('keeps the code across a reload while the customer has not used it', async () => {
    const t = await startRelay();
    const storage = new MemoryStorage();
    const first = makeConsole(t, storage);
    await first.signIn(t.token);
    await first.createSession();
    const code = first.state.code!;
    first.destroy();

    const reloaded = makeConsole(t, storage);
    await reloaded.restore();
    const state = await until(reloaded, (s) => s.session?.state === 'open' && !s.pending);
    expect(codeView(state, Date.now())).toMatchObject({ code: code.code, joinUrl: code.joinUrl });
    const cust = customer(t.url);
    await ok(cust, 'session:join', { code: code.code });
    await until(reloaded, (s) => s.session?.state === 'active');
  });

  it('queues messages while the connection is down and sends them once, in order, when it is back', async () => {
    const t = await startRelay();
    const { tech, cust } = await paired(t);
    const received: ChatMessage[] = [];
    cust.on('chat:message', (m: ChatMessage) => received.push(m));

    // Close the technician's connection under it, as a network loss would (socket.io reconnects by itself).
    for (const socket of t.relay.io.of('/technician').sockets.values()) socket.conn.close();
    await until(tech, (s) => s.connection === 'reconnecting');
    const ids = [tech.send('one'), tech.send('two'), tech.send('three')];
    expect(tech.state.messages.filter((m) => ids.includes(m.clientId)).map((m) => m.status)).toEqual(['queued', 'queued', 'queued']);

    const state = await until(tech, (s) => s.messages.filter((m) => m.status === 'sent').length === 3, 8000);
    expect(state.connection).toBe('connected');
    expect(state.messages.map((m) => [m.text, m.seq])).toEqual([
      ['one', 1],
      ['two', 2],
      ['three', 3],
    ]);
    await until(tech, () => received.length === 3);
    expect(received.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    const history = await ok<{ messages: ChatMessage[] }>(cust, 'chat:history', { afterSeq: 0 });
    expect(history.messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('tells the technician when the customer drops, comes back, and disconnects', async () => {
    const t = await startRelay();
    const { tech, cust, joined } = await paired(t);
    cust.disconnect();
    let state = await until(tech, (s) => s.notice?.kind === 'customer-dropped');
    expect(state.session?.customerPresent).toBe(false);

    const again = customer(t.url);
    const resumed = await ok<JoinResult>(again, 'session:resume', { token: joined.resumeToken, lastSeq: 0 });
    expect(resumed.session.id).toBe(tech.state.session?.id);
    state = await until(tech, (s) => s.notice?.kind === 'customer-resumed');
    expect(state.session?.customerPresent).toBe(true);

    await ok(again, 'session:end');
    state = await until(tech, (s) => s.notice?.kind === 'customer-ended');
    expect(state.ended).toMatchObject({ by: 'customer', reason: 'customer-ended' });
    expect(state.session?.state).toBe('ended');
    expect(functionRows(state, Date.now()).every((r) => !r.canRequest)).toBe(true);
  });

  it('ends the session: the customer sees the end, and the console forgets the session', async () => {
    const t = await startRelay();
    const storage = new MemoryStorage();
    const { tech, cust } = await paired(t, storage);
    const sessionId = tech.state.session!.id;
    const ended = next(cust, 'session:ended');
    expect(await tech.end()).toBe(true);
    expect(await ended).toEqual({ by: 'technician', reason: 'technician-ended' });
    expect(tech.state.ended).toMatchObject({ by: 'technician', reason: 'technician-ended' });
    expect(tech.state.pending).toBeUndefined();
    expect(storage.getItem('remote-support-console:session')).toBeNull();

    // Nothing to re-attach to after a reload; a new session can be created at once.
    tech.closeSession();
    expect(tech.state.session).toBeUndefined();
    const other = makeConsole(t, storage);
    await other.restore();
    await until(other, (s) => s.connection === 'connected');
    expect(other.state.session).toBeUndefined();
    expect(await call(cust, 'chat:send', { clientId: 'late', text: 'hello?' })).toMatchObject({ ok: false, error: { code: 'session-ended' } });
    expect(await tech.createSession()).toBe(true);
    expect(tech.state.session?.id).not.toBe(sessionId);
  });

  it('shows the support queue and takes a customer from it', async () => {
    const t = await startRelay();
    const tech = makeConsole(t);
    await tech.signIn(t.token);
    const cust = customer(t.url);
    const queued = await ok<JoinResult & { position: number }>(cust, 'queue:join', { name: 'Ada', description: 'Printer offline' });
    let state = await until(tech, (s) => s.queue.length === 1);
    const [entry] = queueRows(state, Date.now());
    expect(entry).toMatchObject({ sessionId: queued.session.id, name: 'Ada', description: 'Printer offline', position: 1, picking: false });
    expect(entry!.waitingMs).toBeGreaterThanOrEqual(0);

    const active = next<SessionView>(cust, 'session:update', (s) => s.state === 'active');
    expect(await tech.pick(queued.session.id)).toBe(true);
    expect((await active).technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    state = await until(tech, (s) => s.queue.length === 0);
    expect(state.session).toMatchObject({ id: queued.session.id, state: 'active', customer: { name: 'Ada', description: 'Printer offline' } });
    expect(state.audit.map((e) => e.type)).toEqual(['customer-queued', 'technician-joined']);

    // A second pick of the same entry (e.g. by a colleague) is refused and shown.
    const colleague = makeConsole(t);
    await colleague.signIn(t.token);
    expect(await colleague.pick(queued.session.id)).toBe(false);
    expect(colleague.state.error).toMatchObject({ op: 'pick', code: 'not-found' });
  });

  it('fetches a message whose broadcast never came once a later one shows the gap in seq', async () => {
    const t = await startRelay();
    const { tech, cust } = await paired(t);
    const sessionId = tech.state.session!.id;
    // Stored, but never broadcast (as when a relay process dies between the two).
    await t.relay.store.appendMessage(sessionId, { clientId: 'c-lost', from: 'customer', text: 'Lost on the way', at: Date.now() });
    await ok(cust, 'chat:send', { clientId: 'c-next', text: 'The next one' });
    const state = await until(tech, (s) => s.messages.length === 2);
    expect(state.messages.map((m) => [m.from, m.text, m.seq])).toEqual([
      ['customer', 'Lost on the way', 1],
      ['customer', 'The next one', 2],
    ]);
  });

  describe('when the relay cannot answer just now (its store is unavailable)', () => {
    it('tries the attach again by itself, showing reconnecting until the session is held again', async () => {
      const flaky = flakyStore('getSession');
      const t = await startRelay({ store: flaky.store });
      const storage = new MemoryStorage();
      const { tech, cust } = await paired(t, storage);
      tech.destroy();
      flaky.fail(2);
      const reloaded = makeConsole(t, storage);
      const shown: string[] = [];
      reloaded.subscribe((s) => shown.push(shownConnection(s)));
      expect(await reloaded.restore()).toBe(true);
      await until(reloaded, (s) => s.error?.op === 'attach' && s.error.code === 'unavailable');
      expect(shownConnection(reloaded.state)).toBe('reconnecting');
      const state = await until(reloaded, (s) => s.session?.state === 'active' && !s.pending, 8000);
      expect(flaky.failed).toBe(2);
      expect(shownConnection(state)).toBe('connected');
      expect(shown).toContain('reconnecting');
      const toCustomer = next<ChatMessage>(cust, 'chat:message');
      reloaded.send('Back after the outage');
      expect(await toCustomer).toMatchObject({ text: 'Back after the outage' });
    });

    it('sends a message answered unavailable again by itself, without a failure on show', async () => {
      const flaky = flakyStore('appendMessage');
      const t = await startRelay({ store: flaky.store });
      const { tech, cust } = await paired(t);
      flaky.fail(2);
      const toCustomer = next<ChatMessage>(cust, 'chat:message');
      const clientId = tech.send('Through the outage');
      expect(await toCustomer).toMatchObject({ text: 'Through the outage', clientId });
      const state = await until(tech, (s) => s.messages.some((m) => m.clientId === clientId && m.status === 'sent'));
      expect(flaky.failed).toBe(2);
      expect(state.messages.filter((m) => m.status === 'failed')).toEqual([]);
    });
  });
});
