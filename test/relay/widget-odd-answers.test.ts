/**
 * The widget's session (WidgetSession) against the real relay made to answer what the widget cannot take: a start
 * whose answer breaks the session's logic fails (`internal`, the connection closed) instead of connecting for good, a
 * resume after a drop ends the session instead of reconnecting for good, and the error is reported (throwLater,
 * stubbed here to be seen).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { throwLater } from '../../src/widget/session/throw-later.js';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { nodeSocketOptions } from '../support/node-websocket.js';
import { next, ok, ORIGIN, startRelay, technician, type TestRelay } from './support.js';

vi.mock('../../src/widget/session/throw-later.js', () => ({ throwLater: vi.fn() }));

const widgets: WidgetSession[] = [];

function widget(t: TestRelay): WidgetSession {
  const w = new WidgetSession({ server: t.url, storage: new MemoryStorage(), socketOptions: nodeSocketOptions(ORIGIN, { transports: ['websocket'] }) });
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
    const w = widget(t);
    await w.join(code);
    expect(w.state.phase).toBe('connected');
    answerOkOnly(t, 'session:resume');
    const away = next(tech, 'participant:update', (p: { present: boolean }) => !p.present);
    for (const socket of t.relay.io.of('/customer').sockets.values()) socket.disconnect(true);
    await away;
    await vi.waitUntil(() => w.state.phase === 'ended', { timeout: 5_000 });
    expect(w.state.error?.code).toBe('internal');
    expect(throwLater).toHaveBeenCalledWith(expect.any(TypeError));
  });
});
