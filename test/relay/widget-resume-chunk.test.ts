/**
 * The widget's resume logic is a chunk of its own (src/widget/session/resume.ts, imported when a session has to come
 * back): a connection that drops loads it then, and when that import fails the session still comes back once the
 * chunk can be loaded (tried again after a pause), against the real relay on loopback.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WidgetSession } from '../../src/widget/session/widget-session.js';
import type { WidgetState } from '../../src/widget/session/types.js';
import { ORIGIN, next, ok, startRelay, technician, type TestRelay } from './support.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { REBOOT_KEY } from '../../src/widget/session/resume-store.js';
import { nodeSocketOptions } from '../support/node-websocket.js';

/** How many times the chunk was asked for, and how many of those imports are to fail still. */
const chunk = { imports: 0, failures: 0 };

const widgets: WidgetSession[] = [];
let Session: typeof WidgetSession;

beforeEach(async () => {
  // Each test with modules of its own, so that its first import of the chunk is a fresh one (a loaded one is kept).
  vi.resetModules();
  chunk.imports = 0;
  vi.doMock(import('../../src/widget/session/resume.js'), async (importOriginal) => {
    chunk.imports++;
    if (chunk.failures > 0) {
      chunk.failures--;
      throw new Error('chunk could not be loaded');
    }
    return importOriginal();
  });
  ({ WidgetSession: Session } = await import('../../src/widget/session/widget-session.js'));
});

afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
});

function widget(t: TestRelay, storage: MemoryStorage, rebootStorage = new MemoryStorage()): WidgetSession {
  const w = new Session({ server: t.url, storage, rebootStorage, socketOptions: nodeSocketOptions(ORIGIN, { transports: ['websocket'] }) });
  widgets.push(w);
  return w;
}

function until(w: WidgetSession, predicate: (s: WidgetState) => boolean, ms = 10_000): Promise<WidgetState> {
  if (predicate(w.state)) return Promise.resolve(w.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`state not reached within ${ms} ms; phase ${w.state.phase}`)), ms);
    const off = w.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

describe("the resume logic's chunk", () => {
  it('is not loaded by a join, and a drop whose imports of it fail at first (at the drop and at the reconnect) still resumes', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const w = widget(t, new MemoryStorage());
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    expect(chunk.imports).toBe(0);

    // The import at the drop fails, and the one when the socket is back: tried again after a pause, it works.
    chunk.failures = 2;
    const back = next(tech, 'participant:update', (p: { present: boolean }) => p.present);
    for (const socket of t.relay.io.of('/customer').sockets.values()) socket.disconnect(true);
    await until(w, (s) => s.phase === 'reconnecting');
    await until(w, (s) => s.phase === 'connected');
    await back;
    expect(chunk.failures).toBe(0);
    expect(chunk.imports).toBe(3);
    const arrived = next<{ text: string }>(tech, 'chat:message');
    w.send('still here');
    expect(await arrived).toMatchObject({ text: 'still here' });
  });

  it('is not needed to keep the reboot token: a restart asked for while it cannot be loaded still leaves the way back', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const rebootStorage = new MemoryStorage();
    const w = widget(t, new MemoryStorage(), rebootStorage);
    await w.join(code);
    chunk.failures = 100;
    const { prompt } = await ok<{ prompt: { id: string } }>(tech, 'consent:request', { fn: 'reboot' });
    await until(w, (s) => s.prompt?.id === prompt.id);
    await w.decide(prompt.id, true);
    await until(w, (s) => s.grants.reboot === 'granted');
    const { expiresAt } = await ok<{ expiresAt: number }>(tech, 'reboot:request', {});
    await until(w, (s) => s.reboot !== undefined);
    expect(JSON.parse(rebootStorage.getItem(REBOOT_KEY) ?? 'null')).toMatchObject({ server: t.url.replace(/\/+$/, ''), expiresAt });
    expect(chunk.imports).toBe(0);
  });

  it('after a reload whose import of it fails: the session is not lost, the token stays, and the next try resumes', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const storage = new MemoryStorage();
    const before = widget(t, storage);
    await before.join(code);
    const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    before.destroy(); // the page goes away; storage stays
    await away;

    chunk.failures = 1;
    const reloaded = widget(t, storage);
    expect(await reloaded.tryResume()).toBe(false);
    expect(reloaded.state).toMatchObject({ phase: 'idle', error: { code: 'unreachable' } });
    expect(storage.length).toBe(1);

    const back = next(tech, 'participant:update', (p: { present: boolean }) => p.present);
    expect(await reloaded.tryResume()).toBe(true);
    await back;
    expect(reloaded.state.phase).toBe('connected');
    expect(chunk.imports).toBe(2);
  });
});
