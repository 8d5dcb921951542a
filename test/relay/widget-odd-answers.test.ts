/**
 * The widget's session (WidgetSession) against the real relay made to answer what the widget cannot take: a start
 * whose answer breaks the session's logic fails (`internal`, the connection closed) instead of connecting for good, a
 * resume after a drop ends the session instead of reconnecting for good, one after a reload fails (the token dropped
 * and the connection closed in both, as after a refusal: widget-session.test.ts), and the error is reported
 * (throwLater, stubbed here to be seen).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { throwLater } from '../../src/widget/session/throw-later.js';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { nodeSocketOptions } from '../support/node-websocket.js';
import { next, ok, ORIGIN, startRelay, technician, type TestRelay } from './support.js';

vi.mock('../../src/widget/session/throw-later.js', () => ({ throwLater: vi.fn() }));

const widgets: WidgetSession[] = [];

function widget(t: TestRelay, storage = new MemoryStorage()): WidgetSession {
  const w = new WidgetSession({ server: t.url, storage, socketOptions: nodeSocketOptions(ORIGIN, { transports: ['websocket'] }) });
  widgets.push(w);
  return w;
}

/** The relay answers the customer's `event` with `{ok: true}` alone. */
function answerOkOnly(t: TestRelay, event: string): void {
  t.relay.io.of('/customer').on('connection', (socket) => {
    socket.use(([name, , ack]: unknown[], go) => {
      if (name === event && typeof ack === 'function') (ack as (answer: unknown) => void)({ ok: true });
      else go();
    });
  });
}

afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
});

describe('a relay answer the widget cannot take', () => {
  it('fails a join answered `{ok: true}` and nothing else with `internal`, and closes the connection', async () => {
    const t = await startRelay();
    const customers = t.relay.io.of('/customer');
    answerOkOnly(t, 'session:join');
    const w = widget(t);
    await w.join('123456');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'internal' } });
    expect(throwLater).toHaveBeenCalledWith(expect.any(TypeError));
    await vi.waitUntil(() => customers.sockets.size === 0);
  });

  it('ends a session whose resume after a drop is answered `{ok: true}` and nothing else, instead of reconnecting for good', async () => {
    const t = await startRelay();
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const storage = new MemoryStorage();
    const w = widget(t, storage);
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    expect(storage.length).toBe(1);
    answerOkOnly(t, 'session:resume');
    const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    for (const socket of t.relay.io.of('/customer').sockets.values()) socket.disconnect(true);
    await away;
    await vi.waitUntil(() => w.state.phase === 'ended', { timeout: 5_000 });
    expect(w.state.error?.code).toBe('internal');
    expect(throwLater).toHaveBeenCalledWith(expect.any(TypeError));
    // As a refusal ends it: the resume token is gone and the connection closed.
    expect(storage.length).toBe(0);
    await vi.waitUntil(() => t.relay.io.of('/customer').sockets.size === 0);
  });

  it('fails a resume after a reload answered `{ok: true}` and nothing else with `internal`: the token goes, the connection closes', async () => {
    const t = await startRelay();
    const customers = t.relay.io.of('/customer');
    const tech = technician(t.url, t.token);
    const { code } = await ok<{ code: string }>(tech, 'session:create');
    const storage = new MemoryStorage();
    const first = widget(t, storage);
    await first.join(code);
    const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    first.destroy();
    await away;
    expect(storage.length).toBe(1);
    answerOkOnly(t, 'session:resume');
    const reloaded = widget(t, storage);
    expect(await reloaded.tryResume()).toBe(false);
    expect(reloaded.state).toMatchObject({ phase: 'idle', error: { code: 'internal' } });
    expect(throwLater).toHaveBeenCalledWith(expect.any(TypeError));
    // Not an ended session's phase (which drops it too): the resume's own ending does.
    expect(storage.length).toBe(0);
    await vi.waitUntil(() => customers.sockets.size === 0);
  });
});
