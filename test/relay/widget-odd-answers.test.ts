/**
 * The widget's session (WidgetSession) against the real relay made to answer what the widget cannot take: a start
 * whose answer breaks the session's logic fails (`internal`, the connection closed) instead of connecting for good,
 * and the error is reported (throwLater, stubbed here to be seen).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { throwLater } from '../../src/widget/session/throw-later.js';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { MemoryStorage } from '../support/memory-storage.js';
import { nodeSocketOptions } from '../support/node-websocket.js';
import { ORIGIN, startRelay } from './support.js';

vi.mock('../../src/widget/session/throw-later.js', () => ({ throwLater: vi.fn() }));

const widgets: WidgetSession[] = [];

afterEach(() => {
  for (const w of widgets.splice(0)) w.destroy();
});

describe('a relay answer the widget cannot take', () => {
  it('fails a join answered `{ok: true}` and nothing else with `internal`, and closes the connection', async () => {
    const t = await startRelay();
    const customers = t.relay.io.of('/customer');
    customers.on('connection', (socket) => {
      socket.use(([event, , ack]: unknown[], go) => {
        if (event === 'session:join' && typeof ack === 'function') (ack as (answer: unknown) => void)({ ok: true });
        else go();
      });
    });
    const w = new WidgetSession({ server: t.url, storage: new MemoryStorage(), socketOptions: nodeSocketOptions(ORIGIN, { transports: ['websocket'] }) });
    widgets.push(w);
    await w.join('123456');
    expect(w.state).toMatchObject({ phase: 'idle', error: { code: 'internal' } });
    expect(throwLater).toHaveBeenCalledWith(expect.any(TypeError));
    await vi.waitUntil(() => customers.sockets.size === 0);
  });
});
