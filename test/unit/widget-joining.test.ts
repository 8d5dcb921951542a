/**
 * How a widget session starts (src/widget/session/joining.ts), with a stand-in for the session's context: a start
 * whose work throws (the relay's answer was more than the reducer could take) fails like any other failure, with the
 * socket closed, instead of leaving the widget connecting for good, and the error is reported.
 */
import { describe, expect, it, vi } from 'vitest';
import { joinWith, start, type JoiningContext } from '../../src/widget/session/joining.js';
import { throwLater } from '../../src/widget/session/throw-later.js';
import type { RelaySocket } from '../../src/widget/session/ws-socket.js';

vi.mock('../../src/widget/session/throw-later.js', () => ({ throwLater: vi.fn() }));

function context(): JoiningContext & { close: ReturnType<typeof vi.fn>; dispatch: ReturnType<typeof vi.fn> } {
  const socket = { connected: true } as unknown as RelaySocket;
  return {
    state: () => ({ phase: 'idle' }),
    dispatch: vi.fn(),
    link: { openConnected: () => Promise.resolve(socket) },
    online: () => false,
    store: {},
    functions: {},
    close: vi.fn(),
    destroyed: () => false,
  } as never;
}

describe('a start', () => {
  it('fails with `internal`, closes the socket and reports the error when its work throws', async () => {
    const ctx = context();
    const failed = vi.fn();
    const err = new TypeError('no session in the answer');
    expect(await start(ctx, () => Promise.reject(err), failed)).toBe(false);
    expect(failed).toHaveBeenCalledWith({ code: 'internal', message: 'internal' });
    expect(ctx.close).toHaveBeenCalledOnce();
    expect(throwLater).toHaveBeenCalledWith(err);
    expect(ctx.busy).toBe(false);
  });

  it('resolves to what its work brought otherwise, closing nothing', async () => {
    const ctx = context();
    const failed = vi.fn();
    expect(await start(ctx, () => Promise.resolve(true), failed)).toBe(true);
    expect(failed).not.toHaveBeenCalled();
    expect(ctx.close).not.toHaveBeenCalled();
  });
});

describe('a join', () => {
  it('keeps no resume token when the session cannot take the relay’s answer (a reload must not resume it)', async () => {
    const ctx = context();
    const set = vi.fn();
    const socket = { connected: true } as unknown as RelaySocket;
    Object.assign(ctx, {
      store: { set },
      functions: { configure: vi.fn() },
      link: { openConnected: () => Promise.resolve(socket), socket, request: () => Promise.resolve({ ok: true, resumeToken: 'r1', session: null }) },
    });
    ctx.dispatch.mockImplementation((e: { type: string }) => {
      if (e.type === 'joined') throw new TypeError('no session in the answer');
    });
    await joinWith(ctx, 'session:join', { code: '123456' });
    expect(set).not.toHaveBeenCalled();
    expect(ctx.dispatch).toHaveBeenLastCalledWith({ type: 'join-failed', error: { code: 'internal', message: 'internal' } });
    expect(ctx.close).toHaveBeenCalledOnce();
  });
});
