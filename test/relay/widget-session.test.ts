/**
 * The widget's session logic (WidgetSession) against the real relay on loopback, with real socket.io clients on
 * both sides: the customer journey by code and through the queue, every join error, consent shown only as the
 * relay confirms it, drops and reloads, and no trace in storage afterwards.
 */
import { createServer } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ConsentState, QueueEntry, SessionView } from '../../src/protocol/index.js';
import { formatTranscript } from '../../src/widget/session/transcript-text.js';
import type { WidgetNotice, WidgetSessionOptions, WidgetState } from '../../src/widget/session/types.js';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { hashSecret } from '../../src/server/codes.js';
import { BACKEND, ORIGIN, call, collect, flakyStore, next, ok, sleep, slowStore, startRelay, technician, type TestRelay } from './support.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { nodeSocketOptions } from '../support/node-websocket.js';


const widgets: WidgetSession[] = [];

afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
});

function widget(url: string, options: Partial<WidgetSessionOptions> = {}): WidgetSession {
  const w = new WidgetSession({
    server: url,
    storage: new MemoryStorage(),
    socketOptions: nodeSocketOptions(ORIGIN, { transports: ['websocket'] }),
    ...options,
  });
  widgets.push(w);
  return w;
}

/** Resolves with the state once `predicate` holds (now or after a later change). */
function until(w: WidgetSession, predicate: (s: WidgetState) => boolean, ms = 5000): Promise<WidgetState> {
  if (predicate(w.state)) return Promise.resolve(w.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state not reached within ${ms} ms; phase ${w.state.phase}, error ${JSON.stringify(w.state.error)}`));
    }, ms);
    const off = w.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/** Records every state and notice a widget reports. */
function record(w: WidgetSession): Array<{ state: WidgetState; notice?: WidgetNotice }> {
  const seen: Array<{ state: WidgetState; notice?: WidgetNotice }> = [];
  w.subscribe((state, notice) => seen.push({ state, ...(notice ? { notice } : {}) }));
  return seen;
}

async function newCode(t: TestRelay): Promise<{ tech: Socket; code: string; sessionId: string }> {
  const tech = technician(t.url, t.token);
  const created = await ok<{ code: string; session: { id: string } }>(tech, 'session:create');
  return { tech, code: created.code, sessionId: created.session.id };
}

/** A technician with a session and a widget joined to it by code. */
async function paired(t: TestRelay, options: Partial<WidgetSessionOptions> = {}) {
  const { tech, code, sessionId } = await newCode(t);
  const storage = (options.storage as MemoryStorage | undefined) ?? new MemoryStorage();
  const w = widget(t.url, { ...options, storage });
  const joined = next<{ role: string; present: boolean }>(tech, 'participant:update', (p) => p.role === 'customer' && p.present);
  await w.join(code);
  await joined;
  return { tech, w, code, sessionId, storage };
}

/** The technician requests `fn`; resolves once the widget shows the prompt. */
async function request(tech: Socket, w: WidgetSession, fn: string) {
  const requested = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn });
  await until(w, (s) => s.prompt?.id === requested.prompt.id);
  return requested.prompt.id;
}

const messageTexts = (s: WidgetState) => s.items.flatMap((i) => (i.kind === 'message' ? [`${i.from}:${i.text}:${i.status}`] : []));
const systemLines = (s: WidgetState) => s.items.flatMap((i) => (i.kind === 'system' ? [i.fn ? `${i.event}:${i.fn}` : i.event] : []));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Cuts the customer's connection from the relay's side: `io server disconnect`, or the transport closed. */
function dropCustomers(t: TestRelay, how: 'server-disconnect' | 'transport-close'): void {
  for (const socket of t.relay.io.of('/customer').sockets.values()) {
    if (how === 'server-disconnect') socket.disconnect(true);
    else socket.conn.close();
  }
}

describe('the customer journey by code', () => {
  it('joins, chats both ways with typing, ends, and leaves a transcript but nothing in storage', async () => {
    const t = await startRelay();
    const { tech, code } = await newCode(t);
    const storage = new MemoryStorage();
    const w = widget(t.url, { storage, typingTimeoutMs: 150 });
    const phases: string[] = [];
    w.subscribe((_s, n) => {
      if (n?.type === 'state') phases.push(n.phase);
    });
    const joined = next(tech, 'participant:update');
    await w.join(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(await joined).toEqual({ role: 'customer', present: true, reason: 'joined' });
    expect(phases).toEqual(['connecting', 'connected']);
    expect(w.state.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expect(w.state.technicianPresent).toBe(true);
    expect(systemLines(w.state)).toEqual(['technician-joined']);
    expect(storage.length).toBe(1);

    // customer → technician
    const arrived = next<ChatMessage>(tech, 'chat:message');
    const clientId = w.send('My printer prints blank pages');
    expect(clientId).toMatch(/^c-[0-9a-f]{24}$/);
    expect(await arrived).toMatchObject({ from: 'customer', clientId, seq: 1, text: 'My printer prints blank pages' });
    const sent = await until(w, (s) => s.items.some((i) => i.kind === 'message' && i.status === 'sent'));
    expect(sent.items.find((i) => i.kind === 'message')).toMatchObject({ clientId, seq: 1, status: 'sent' });

    // technician → customer
    await ok(tech, 'chat:send', { clientId: 't-1', text: 'Let us have a look.' });
    await until(w, (s) => messageTexts(s).length === 2);
    expect(messageTexts(w.state)).toEqual(['customer:My printer prints blank pages:sent', 'technician:Let us have a look.:sent']);

    // typing both ways, with the fallback when the technician's `false` never comes
    const typing = next(tech, 'chat:typing');
    w.setTyping(true);
    expect(await typing).toEqual({ from: 'customer', typing: true });
    const stopped = next(tech, 'chat:typing');
    w.setTyping(false);
    expect(await stopped).toEqual({ from: 'customer', typing: false });
    await ok(tech, 'chat:typing', { typing: true });
    await until(w, (s) => s.technicianTyping);
    await until(w, (s) => !s.technicianTyping, 1000);

    // the customer ends it
    const ended = next(tech, 'session:ended');
    await w.disconnect();
    expect(await ended).toEqual({ by: 'customer', reason: 'customer-ended' });
    expect(w.state.phase).toBe('ended');
    expect(w.state.ended).toMatchObject({ by: 'customer', reason: 'customer-ended' });
    expect(storage.length).toBe(0);

    const transcript = await w.transcript();
    expect(transcript.sessionId).toBe(w.state.sessionId);
    expect(transcript.messages.map((m) => m.text)).toEqual(['My printer prints blank pages', 'Let us have a look.']);
    expect(transcript.audit.map((e) => e.type)).toEqual(['session-created', 'customer-joined', 'session-ended']);
    const text = formatTranscript(transcript, {
      title: 'Transcript',
      session: 'Session',
      technician: 'Technician',
      organisation: 'Organisation',
      generatedAt: 'Saved',
      messages: 'Chat',
      noMessages: '-',
      log: 'Log',
      noLog: '-',
      actors: { customer: 'You', technician: 'Alex Demo', relay: 'Relay' },
      describe: (e) => e.type,
    });
    expect(text).toContain('Organisation: Demo Support');
    expect(text).toMatch(/\] You: My printer prints blank pages\n/);
    expect(text).toMatch(/\] Relay: |\] You: session-ended/);
    expect(phases).toEqual(['connecting', 'connected', 'ended']);
  });

  it('shows when the technician ends the session', async () => {
    const t = await startRelay();
    const { tech, w, storage } = await paired(t);
    const seen = record(w);
    await ok(tech, 'session:end');
    await until(w, (s) => s.phase === 'ended');
    expect(w.state.ended).toMatchObject({ by: 'technician', reason: 'technician-ended' });
    expect(seen.map((r) => r.notice).filter((n) => n?.type === 'end')).toEqual([{ type: 'end', by: 'technician', reason: 'technician-ended' }]);
    expect(systemLines(w.state).at(-1)).toBe('ended');
    expect(storage.length).toBe(0);
  });
});

describe('the technician’s presence and the relay going away', () => {
  it('says when the technician is away and back', async () => {
    const t = await startRelay();
    const { tech, w, sessionId } = await paired(t);
    tech.disconnect();
    await until(w, (s) => !s.technicianPresent);
    expect(systemLines(w.state)).toEqual(['technician-joined', 'technician-away']);
    await ok(technician(t.url, t.token), 'session:attach', { sessionId });
    await until(w, (s) => s.technicianPresent);
    expect(systemLines(w.state)).toEqual(['technician-joined', 'technician-away', 'technician-back']);
    expect(w.state.phase).toBe('connected');
  });

  it.skipIf(BACKEND === 'redis')('ends with relay-shutdown when the relay shuts down, and does not try to come back', async () => {
    const t = await startRelay();
    const { w, storage } = await paired(t);
    await t.relay.close();
    const s = await until(w, (st) => st.phase === 'ended');
    expect(s.ended).toMatchObject({ by: 'relay', reason: 'relay-shutdown' });
    expect(storage.length).toBe(0);
    await sleep(100);
    expect(w.state.phase).toBe('ended');
    // What the widget saw itself makes the transcript once the relay is gone.
    const transcript = await w.transcript();
    expect(transcript.audit.map((e) => e.type)).toContain('session-ended');
  });

  it.runIf(BACKEND === 'redis')('carries on with the next relay process at the same address when the store is shared', async () => {
    const tokenSecret = 's'.repeat(40);
    const t = await startRelay({ tokenSecret });
    const { tech, w, sessionId } = await paired(t);
    await ok(tech, 'chat:send', { clientId: 't1', text: 'hello' });
    await until(w, (s) => s.items.some((i) => i.kind === 'message' && i.text === 'hello'));
    await t.relay.close();
    await until(w, (s) => s.phase === 'reconnecting');
    const next = await startRelay({ tokenSecret, redis: t.redis }, Number(new URL(t.url).port));
    const tech2 = technician(next.url, next.token);
    await ok(tech2, 'session:attach', { sessionId });
    await until(w, (s) => s.phase === 'connected', 10_000);
    w.send('still here');
    const arrived = await new Promise<ChatMessage>((resolve) => tech2.on('chat:message', resolve));
    expect(arrived).toMatchObject({ text: 'still here', seq: 2 });
  });
});

describe('errors when joining', () => {
  it('says invalid-code for a code no session has, and for one that is not digits without asking the relay', async () => {
    const t = await startRelay();
    const w = widget(t.url);
    await w.join('000000');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'invalid-code' } });
    await w.join('12ab56');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'invalid-code' } });
  });

  it('says code-expired for a code past its time', async () => {
    const t = await startRelay({ codeTtlMs: 100 });
    const { code } = await newCode(t);
    await sleep(250);
    const w = widget(t.url);
    await w.join(code);
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'code-expired' } });
  });

  it('says code-used for a code another customer already used', async () => {
    const t = await startRelay();
    const { code } = await newCode(t);
    await widget(t.url).join(code);
    const second = widget(t.url);
    await second.join(code);
    expect(second.state).toMatchObject({ phase: 'idle', error: { code: 'code-used' } });
  });

  it('says rate-limited with the time to wait after too many wrong codes', async () => {
    const t = await startRelay({ failedJoinsPerAddress: 2 });
    const w = widget(t.url);
    await w.join('111111');
    await w.join('222222');
    const before = Date.now();
    await w.join('333333');
    expect(w.state.phase).toBe('idle');
    expect(w.state.error?.code).toBe('rate-limited');
    expect(w.state.error?.retryAfter).toBeGreaterThan(0);
    expect(w.state.error?.at).toBeGreaterThanOrEqual(before);
  });

  it('says outside-hours with the hours', async () => {
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const hours = { timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today), open: '00:00', close: '23:59' };
    const t = await startRelay({ businessHours: hours });
    const { code } = await newCode(t);
    const w = widget(t.url);
    await w.join(code);
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'outside-hours', hours } });
  });

  it('says unreachable when nothing listens at the server address', async () => {
    const port = await closedPort();
    const w = widget(`http://127.0.0.1:${port}`);
    await w.join('123456');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'unreachable' } });
    await w.joinQueue('Ada', 'Printer');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'unreachable' } });
  });

  it('says forbidden-origin when the relay refuses the page’s origin', async () => {
    const t = await startRelay();
    const w = widget(t.url, { socketOptions: nodeSocketOptions('https://evil.example', { transports: ['websocket'] }) });
    await w.join('123456');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'forbidden-origin' } });
  });

  it('says no-technician when joining the queue with no technician online', async () => {
    const t = await startRelay();
    const w = widget(t.url);
    await w.joinQueue('Ada', 'Printer');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'no-technician' } });
  });
});

describe('the support queue', () => {
  it('waits with its position, connects when picked, and leaves without a trace', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    await ok(tech, 'queue:list');
    const first = widget(t.url);
    const secondStorage = new MemoryStorage();
    const second = widget(t.url, { storage: secondStorage });
    await first.joinQueue('Ada', 'The printer prints blank pages');
    expect(first.state).toMatchObject({ phase: 'waiting', queue: { position: 1, total: 1 } });
    await second.joinQueue('Bob', 'No sound');
    expect(second.state).toMatchObject({ phase: 'waiting', queue: { position: 2, total: 2 } });

    // Typed while waiting: sent once a technician is there.
    first.send('Hello?');
    const list = await ok<{ entries: QueueEntry[] }>(tech, 'queue:list');
    const arrived = next<ChatMessage>(tech, 'chat:message');
    await ok<{ session: SessionView }>(tech, 'queue:pick', { sessionId: list.entries[0]!.sessionId });
    // The session's update and the technician's arrival are two events: the widget may be connected before the second.
    await until(first, (s) => s.phase === 'connected' && systemLines(s).includes('technician-joined'));
    expect(first.state.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expect(first.state.queue).toBeUndefined();
    expect((await arrived).text).toBe('Hello?');
    await until(second, (s) => s.queue?.position === 1);

    const updated = next<{ entries: QueueEntry[] }>(tech, 'queue:update', (u) => u.entries.length === 0);
    await second.leaveQueue();
    await updated;
    expect(second.state.phase).toBe('idle');
    expect(secondStorage.length).toBe(0);
  });
});

describe('consent in the widget', () => {
  it('shows the prompt, and the grant only after the relay confirms the customer’s answer', async () => {
    const t = await startRelay();
    const { tech, w } = await paired(t);
    const promptId = await request(tech, w, 'desktop-view');
    expect(w.state.prompt).toMatchObject({ id: promptId, fn: 'desktop-view', kind: 'request', technician: { name: 'Alex Demo', org: 'Demo Support' } });
    expect(w.state.prompt!.expiresAt).toBeGreaterThan(Date.now());
    expect(w.state.grants['desktop-view']).toBe('pending');

    const seen = record(w);
    const confirmed = next<{ consent: ConsentState }>(tech, 'consent:update', (u) => u.consent.grants['desktop-view'].status === 'granted');
    const deciding = w.decide(promptId, true);
    // Between the click and the relay's update: not granted.
    expect(w.state.grants['desktop-view']).toBe('pending');
    await deciding;
    await confirmed;
    expect(w.state.grants['desktop-view']).toBe('granted');
    const firstGranted = seen.findIndex((r) => r.state.grants['desktop-view'] === 'granted');
    expect(firstGranted).toBeGreaterThanOrEqual(0);
    // The state that shows it granted is the one the relay's consent:update made (it carries the grant notice).
    expect(seen[firstGranted]!.notice).toEqual({ type: 'grant', fn: 'desktop-view' });
    expect(w.state.prompt).toBeUndefined();
    expect(systemLines(w.state)).toContain('granted:desktop-view');
  });

  it('shows denied when the customer says no', async () => {
    const t = await startRelay();
    const { tech, w } = await paired(t);
    const promptId = await request(tech, w, 'system-info');
    await w.decide(promptId, false);
    await until(w, (s) => s.grants['system-info'] === 'denied');
    expect(systemLines(w.state)).toContain('denied:system-info');
    expect(await call(tech, 'sysinfo:request')).toMatchObject({ ok: false, error: { code: 'not-granted' } });
  });

  it('revoke, Stop sharing and Disconnect reach the relay, and the technician sees each', async () => {
    const t = await startRelay();
    // Node has no screen capture: the picker stays open, so the desktop-view grant stays live.
    const { tech, w } = await paired(t, { displayMedia: { getDisplayMedia: () => new Promise<MediaStream>(() => undefined) } });
    for (const fn of ['desktop-view', 'file-transfer']) await w.decide(await request(tech, w, fn), true);
    await until(w, (s) => s.grants['desktop-view'] === 'granted' && s.grants['file-transfer'] === 'granted');

    const revoked = next<{ consent: ConsentState }>(tech, 'consent:update', (u) => u.consent.grants['file-transfer'].status === 'revoked');
    await w.revoke('file-transfer');
    await revoked;
    expect(w.state.grants['file-transfer']).toBe('revoked');
    expect(await call(tech, 'file:chunk', { transferId: 'f', index: 0, data: 'aGk=' })).toMatchObject({ ok: false, error: { code: 'not-granted' } });

    const stopped = next<{ consent: ConsentState }>(tech, 'consent:update', (u) => u.consent.grants['desktop-view'].status === 'revoked');
    await w.stopSharing();
    await stopped;
    expect(w.state.grants['desktop-view']).toBe('revoked');
    expect(w.state.phase).toBe('connected');
    // The chat goes on after Stop sharing.
    const chat = next<ChatMessage>(tech, 'chat:message');
    w.send('Still here');
    expect((await chat).text).toBe('Still here');

    const ended = next(tech, 'session:ended');
    await w.disconnect();
    expect(await ended).toEqual({ by: 'customer', reason: 'customer-ended' });
  });

  it('shows an expired line when the customer does not answer in time', async () => {
    const t = await startRelay({ promptTimeoutMs: 200 });
    const { tech, w } = await paired(t);
    await request(tech, w, 'reboot');
    const s = await until(w, (st) => st.grants.reboot === 'expired', 2000);
    expect(s.prompt).toBeUndefined();
    expect(systemLines(s)).toContain('expired:reboot');
  });
});

describe('dropped connections', () => {
  it.each(['server-disconnect', 'transport-close'] as const)(
    'sends messages typed while the connection is down once and in order after it resumes (%s)',
    async (how) => {
      const t = await startRelay();
      const { tech, w } = await paired(t);
      const received = collect<ChatMessage>(tech, 'chat:message');
      await ok(tech, 'chat:send', { clientId: 't-1', text: 'before' });
      await until(w, (s) => messageTexts(s).length === 1);

      const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
      dropCustomers(t, how);
      await until(w, (s) => s.phase === 'reconnecting');
      expect(systemLines(w.state)).toContain('connection-lost');
      await away;
      await ok(tech, 'chat:send', { clientId: 't-2', text: 'while you were away' });
      for (const text of ['one', 'two', 'three']) w.send(text);
      expect(w.state.items.filter((i) => i.kind === 'message' && i.status === 'queued')).toHaveLength(3);

      const back = next(tech, 'participant:update', (p: { present: boolean }) => p.present);
      await until(w, (s) => s.phase === 'connected');
      await back;
      await until(w, (s) => s.items.every((i) => i.kind !== 'message' || i.status === 'sent'));
      await sleep(50);
      expect(received.map((m) => m.text)).toEqual(['one', 'two', 'three']);
      expect(received.map((m) => m.seq)).toEqual([3, 4, 5]);
      expect(messageTexts(w.state)).toEqual([
        'technician:before:sent',
        'technician:while you were away:sent',
        'customer:one:sent',
        'customer:two:sent',
        'customer:three:sent',
      ]);
      expect(systemLines(w.state)).toEqual(['technician-joined', 'connection-lost', 'connection-restored']);
    },
  );

  it('delivers a message that was on its way when the connection dropped exactly once', async () => {
    const t = await startRelay();
    const { tech, w } = await paired(t);
    const received = collect<ChatMessage>(tech, 'chat:message');
    w.send('in flight');
    dropCustomers(t, 'server-disconnect');
    w.send('after');
    await until(w, (s) => s.phase === 'connected' && s.items.every((i) => i.kind !== 'message' || i.status === 'sent'));
    const history = await ok<{ messages: ChatMessage[] }>(tech, 'chat:history', { afterSeq: 0 });
    expect(history.messages.map((m) => m.text)).toEqual(['in flight', 'after']);
    await sleep(50);
    expect(received.map((m) => m.text)).toEqual(['in flight', 'after']);
    expect(messageTexts(w.state)).toEqual(['customer:in flight:sent', 'customer:after:sent']);
  });

  it('sends a revocation made while the connection is down first thing after the resume', async () => {
    const t = await startRelay();
    const { tech, w } = await paired(t);
    await w.decide(await request(tech, w, 'desktop-view'), true);
    await until(w, (s) => s.grants['desktop-view'] === 'granted');
    dropCustomers(t, 'server-disconnect');
    await until(w, (s) => s.phase === 'reconnecting');
    await w.stopSharing();
    // Never optimistic: still shown as granted until the relay says otherwise.
    expect(w.state.grants['desktop-view']).toBe('granted');
    await until(w, (s) => s.grants['desktop-view'] === 'revoked');
    expect(await call(tech, 'screen:signal', { kind: 'offer', data: 'x' })).toMatchObject({ ok: false, error: { code: 'not-granted' } });
  });

  it('comes back after the relay refused a reconnection for a while (`unavailable`, as one shutting down does)', async () => {
    const t = await startRelay();
    const { tech, w } = await paired(t);
    let refusals = 2;
    t.relay.io.of('/customer').use((_socket, go) => {
      if (refusals-- <= 0) return go();
      go(Object.assign(new Error('unavailable'), { data: { code: 'unavailable', message: 'shutting down' } }));
    });
    // Back within the first try (0.3 to 1 s) and two more after the refusals (1 to 5 s each).
    const back = next(tech, 'participant:update', (p: { present: boolean }) => p.present, 20_000);
    dropCustomers(t, 'server-disconnect');
    await until(w, (s) => s.phase === 'reconnecting');
    await until(w, (s) => s.phase === 'connected', 20_000);
    await back;
    expect(refusals).toBe(-1);
  }, 30_000);

  it('ends, without trying again, when the relay refuses a reconnection for good (the page’s origin no longer allowed)', async () => {
    const t = await startRelay();
    const { w } = await paired(t);
    let refusals = 0;
    t.relay.io.of('/customer').use((_socket, go) => {
      refusals++;
      go(Object.assign(new Error('forbidden-origin'), { data: { code: 'forbidden-origin', message: 'origin not allowed' } }));
    });
    dropCustomers(t, 'server-disconnect');
    await until(w, (s) => s.phase === 'reconnecting');
    const s = await until(w, (st) => st.phase === 'ended', 10_000);
    expect(s.error?.code).toBe('forbidden-origin');
    // One refusal ends it: no socket keeps knocking (the next tries would come 1 to 5 s apart).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(refusals).toBe(1);
  }, 30_000);

  it('shows the end when the session ended while the connection was down', async () => {
    const t = await startRelay();
    const { tech, w, storage } = await paired(t);
    dropCustomers(t, 'server-disconnect');
    await ok(tech, 'session:end');
    const s = await until(w, (st) => st.phase === 'ended');
    expect(s.error?.code).toBe('session-ended');
    expect(storage.length).toBe(0);
  });
  it.each(['on the same connection', 'after the connection dropped meanwhile'] as const)(
    'tries a resume answered after its ack timeout again and carries on with the token that answer carried (%s)',
    async (variant) => {
      // The relay answers the first resume 1.5 s late (its store stalls), after the widget's 0.4 s ack timeout.
      const late = slowStore('messagesAfter', 1_500);
      const t = await startRelay({ store: late.store });
      const { tech, w, storage, sessionId } = await paired(t, { ackTimeoutMs: 400 });
      const [key] = [...storage.map.keys()];
      const before = storage.getItem(key!);
      late.slow();
      dropCustomers(t, 'server-disconnect');
      await late.started;
      // The relay has turned the token and is still answering; the widget's connection may drop meanwhile too, so its
      // retry comes on a new connection (recognised by its resume id).
      if (variant === 'after the connection dropped meanwhile') dropCustomers(t, 'transport-close');
      await until(w, (s) => s.phase === 'connected', 10_000);
      const stored = storage.getItem(key!);
      expect(stored).not.toBe(before);
      expect((await t.relay.store.getSession(sessionId))?.resumeHash).toBe(hashSecret(stored!));
      const heard = next<ChatMessage>(tech, 'chat:message', (m) => m.from === 'customer');
      w.send('Still here');
      expect((await heard).text).toBe('Still here');
      expect(t.relay.io.of('/customer').sockets.size).toBe(1);
    },
    20_000,
  );
});

describe('a page reload', () => {
  it('resumes with the token in the same storage, with the chat so far, and carries on', async () => {
    const t = await startRelay();
    const { tech, w, storage } = await paired(t);
    w.send('Hello');
    await ok(tech, 'chat:send', { clientId: 't-1', text: 'Hi, Alex here' });
    await until(w, (s) => messageTexts(s).length === 2 && s.items.every((i) => i.kind !== 'message' || i.status === 'sent'));
    const tokenBefore = [...storage.map.values()][0];
    const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    w.destroy(); // the page goes away; storage stays
    await away;
    expect(storage.length).toBe(1);

    const reloaded = widget(t.url, { storage });
    const back = next(tech, 'participant:update', (p: { present: boolean }) => p.present);
    expect(await reloaded.tryResume()).toBe(true);
    await back;
    expect(reloaded.state.phase).toBe('connected');
    expect(reloaded.state.technician).toEqual({ name: 'Alex Demo', org: 'Demo Support' });
    expect(messageTexts(reloaded.state)).toEqual(['customer:Hello:sent', 'technician:Hi, Alex here:sent']);
    expect([...storage.map.values()][0]).not.toBe(tokenBefore);

    const arrived = next<ChatMessage>(tech, 'chat:message');
    reloaded.send('Back after the reload');
    expect(await arrived).toMatchObject({ seq: 3, text: 'Back after the reload' });
  });

  it('has nothing to resume without a token, or after the session ended, and then leaves storage empty', async () => {
    const t = await startRelay();
    expect(await widget(t.url).tryResume()).toBe(false);

    const { tech, w, storage } = await paired(t);
    w.destroy();
    await ok(tech, 'session:end');
    const reloaded = widget(t.url, { storage });
    expect(await reloaded.tryResume()).toBe(false);
    expect(reloaded.state).toMatchObject({ phase: 'idle', error: { code: 'session-ended' } });
    expect(storage.length).toBe(0);
  });
});

describe('reset', () => {
  it('returns to idle, ends the session at the relay and leaves storage empty', async () => {
    const t = await startRelay();
    const { tech, w, storage } = await paired(t);
    expect(storage.length).toBe(1);
    const ended = next(tech, 'session:ended');
    w.reset();
    expect(w.state.phase).toBe('idle');
    expect(w.state.items).toEqual([]);
    expect(storage.length).toBe(0);
    expect(await ended).toEqual({ by: 'customer', reason: 'customer-ended' });
  });

  it('after the end, clears everything before the customer joins again', async () => {
    const t = await startRelay();
    const { tech, w, storage } = await paired(t);
    await ok(tech, 'session:end');
    await until(w, (s) => s.phase === 'ended');
    w.reset();
    expect(storage.length).toBe(0);
    const { code } = await newCode(t);
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    expect(systemLines(w.state)).toEqual(['technician-joined']);
  });
});

describe('when the relay cannot deliver or take a message just now', () => {
  it('sends a message answered unavailable again by itself, without a failure on show', async () => {
    const flaky = flakyStore('appendMessage');
    const t = await startRelay({ store: flaky.store });
    const { tech, w } = await paired(t);
    flaky.fail(2);
    const toTechnician = next<ChatMessage>(tech, 'chat:message');
    const clientId = w.send('Through the outage');
    expect(await toTechnician).toMatchObject({ text: 'Through the outage', clientId });
    const state = await until(w, (s) => s.items.some((i) => i.kind === 'message' && i.clientId === clientId && i.status === 'sent'));
    expect(flaky.failed).toBe(2);
    expect(messageTexts(state)).toEqual(['customer:Through the outage:sent']);
  });

  it('tries a resume after a reload again by itself while the relay answers unavailable, and resumes', async () => {
    const flaky = flakyStore('findResumeToken');
    const t = await startRelay({ store: flaky.store });
    const { tech, w, storage } = await paired(t);
    const dropped = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    w.destroy();
    await dropped;
    flaky.fail(2);
    const reloaded = widget(t.url, { storage });
    expect(await reloaded.tryResume()).toBe(true);
    expect(flaky.failed).toBe(2);
    expect(reloaded.state.phase).toBe('connected');
  });

  for (const reload of [false, true]) {
    it(`after a resume answered later than its ack timeout${reload ? ' and a reload' : ''}, resumes on the next try with the token that answer carried`, async () => {
      const late = slowStore('messagesAfter', 1_500);
      const t = await startRelay({ store: late.store });
      const { tech, w, storage, sessionId } = await paired(t);
      const dropped = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
      w.destroy();
      await dropped;
      const [key] = [...storage.map.keys()];
      const before = storage.getItem(key!);
      late.slow();
      const first = widget(t.url, { storage, ackTimeoutMs: 400 });
      // The relay turned the token, but its answer comes too late: the try fails, the token stays.
      expect(await first.tryResume()).toBe(false);
      expect(first.state.error?.code).toBe('unreachable');
      expect(storage.getItem(key!)).toBe(before);
      // The customer tries again (a new connection, the same token and resume id), or the page is loaded again (a new
      // widget, the same tab's storage): the session, with the new token.
      if (reload) first.destroy();
      const again = reload ? widget(t.url, { storage }) : first;
      expect(await again.tryResume()).toBe(true);
      const stored = storage.getItem(key!);
      expect(stored).not.toBe(before);
      expect((await t.relay.store.getSession(sessionId))?.resumeHash).toBe(hashSecret(stored!));
      expect(again.state.phase).toBe('connected');
      // The new token starts without a resume id; nothing else is kept.
      expect([...storage.map.keys()]).toEqual([key]);
    });
  }

  it('fetches a message whose broadcast never came once a later one shows the gap in seq', async () => {
    const t = await startRelay();
    const { tech, w, sessionId } = await paired(t);
    // Stored, but never broadcast (as when a relay process dies between the two).
    await t.relay.store.appendMessage(sessionId, { clientId: 't-lost', from: 'technician', text: 'Lost on the way', at: Date.now() });
    await ok(tech, 'chat:send', { clientId: 't-next', text: 'The next one' });
    const state = await until(w, (s) => s.items.filter((i) => i.kind === 'message').length === 2);
    expect(messageTexts(state)).toEqual(['technician:Lost on the way:sent', 'technician:The next one:sent']);
  });
});
