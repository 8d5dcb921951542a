/**
 * What a widget session (src/widget/session/widget-session.ts) leaves behind, over its own WebSocket client with a
 * fake WebSocket and fake timers: no timer runs and no `offline` listener stays on the window once the session is
 * destroyed or reset, whatever it was doing (typing, a message on its way, a drop and the way back).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketClass } from '../../src/widget/session/ws-socket.js';
import { WidgetSession } from '../../src/widget/session/widget-session.js';
import { FakeWebSocket } from '../support/fake-websocket.js';
import { view } from './console-fixtures.js';

const flush = () => vi.advanceTimersByTimeAsync(0);
const last = () => FakeWebSocket.made.at(-1)!;
const listening = new Set<unknown>();

/** A session joined over a fake WebSocket: the relay's side answered by hand. */
async function joined(): Promise<WidgetSession> {
  const w = new WidgetSession({
    server: 'https://relay.example',
    storage: null,
    rebootStorage: null,
    socketOptions: { WebSocket: FakeWebSocket as unknown as WebSocketClass, transports: ['websocket'] },
  });
  const joining = w.join('123456');
  await flush();
  last().handshake(25_000, 20_000);
  last().receive('40/customer,{"sid":"s"}');
  await flush();
  expect(last().sent.at(-1)).toBe('42/customer,0["session:join",{"code":"123456"}]');
  last().receive(`43/customer,0${JSON.stringify([{ ok: true, resumeToken: 'r1', session: view() }])}`);
  await joining;
  expect(w.state.phase).toBe('connected');
  return w;
}

/** Typing both ways and a message on its way. */
async function busy(w: WidgetSession): Promise<void> {
  w.setTyping(true);
  last().receive('42/customer,["chat:typing",{"from":"technician","typing":true}]');
  w.send('hello');
  await flush();
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.made = [];
  listening.clear();
  vi.stubGlobal('addEventListener', (_type: string, listener: unknown) => listening.add(listener));
  vi.stubGlobal('removeEventListener', (_type: string, listener: unknown) => listening.delete(listener));
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('a widget session', () => {
  it('leaves no timer and no window listener once destroyed while busy', async () => {
    const w = await joined();
    await busy(w);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    expect(listening.size).toBe(1);
    w.destroy();
    expect(vi.getTimerCount()).toBe(0);
    expect(listening.size).toBe(0);
  });

  it('leaves none once destroyed while reconnecting after a drop', async () => {
    const w = await joined();
    await busy(w);
    last().drop();
    await flush();
    expect(w.state.phase).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1_000);
    w.destroy();
    expect(vi.getTimerCount()).toBe(0);
    expect(listening.size).toBe(0);
  });

  it('leaves none once reset and the relay took the end', async () => {
    const w = await joined();
    await busy(w);
    w.reset();
    const end = last().sent.findLast((f) => f.includes('"session:end"'))!;
    const id = /^42\/customer,(\d+)/.exec(end)![1];
    last().receive(`43/customer,${id}[{"ok":true}]`);
    await flush();
    expect(vi.getTimerCount()).toBe(0);
    expect(listening.size).toBe(0);
    expect(last().closed).toBe(true);
  });
});
