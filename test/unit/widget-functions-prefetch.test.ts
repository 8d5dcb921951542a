/**
 * SessionFunctions (src/widget/session/functions.ts) imports the system-information collector and the file transfers
 * when theirs is asked about or allowed, once each, so that their chunks are evaluated ahead of the technician's first
 * request or offer rather than in its task. An import that fails ahead (offline) is not tried again at every later
 * change of the state, only when the function is used; one that fails at its use shows the file not sent and is
 * tried again at the next use.
 *
 * The imports are counted at `functionChunks` (a module's mock factory runs once however often it is imported, so it
 * cannot tell a second import from the first).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GrantStatus } from '../../src/protocol/consent.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/protocol/functions.js';
import { functionChunks, SessionFunctions } from '../../src/widget/session/functions.js';
import type { PromptView, WidgetState } from '../../src/widget/session/types.js';

type Chunk = keyof typeof functionChunks;
const originals = { ...functionChunks };
const imported = { 'system-info': 0, 'file-transfer': 0 };
/** While true, a chunk's import fails as it does offline. */
const offline = { 'system-info': false, 'file-transfer': false };
for (const fn of Object.keys(originals) as Chunk[]) {
  (functionChunks as Record<Chunk, () => Promise<unknown>>)[fn] = () => {
    imported[fn]++;
    return offline[fn] ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : originals[fn]();
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

function grants(live: Partial<Record<FunctionId, GrantStatus>> = {}): Record<FunctionId, GrantStatus> {
  return { ...(Object.fromEntries(FUNCTION_IDS.map((fn) => [fn, 'none'])) as Record<FunctionId, GrantStatus>), ...live };
}

const prompt = (fn: FunctionId): PromptView => ({ id: `p-${fn}`, fn, kind: 'request', requestedAt: 0, expiresAt: 60_000 });

function session() {
  let state = { phase: 'connected', grants: grants() } as WidgetState;
  const requests: string[] = [];
  const functions = new SessionFunctions(
    {
      state: () => state,
      request: async (name) => {
        requests.push(name);
        return { ok: true } as never;
      },
      dispatch: (action) => {
        if (action.type === 'transfers') state = { ...state, transfers: action.transfers };
      },
      revoke: () => undefined,
      keepReboot: () => undefined,
    },
    {},
  );
  const change = (next: Partial<WidgetState>) => {
    const previous = state;
    state = { ...state, ...next };
    functions.afterChange(previous, state);
  };
  return { functions, change, requests, state: () => state };
}

afterEach(() => {
  imported['system-info'] = imported['file-transfer'] = 0;
  offline['system-info'] = offline['file-transfer'] = false;
});

describe('SessionFunctions ahead of a function’s first use', () => {
  it('imports the collector with the question for system information and the transfers with the grant of file transfer, once each', async () => {
    const { change } = session();
    change({ grants: grants({ reboot: 'granted' }) });
    await flush();
    expect(imported).toEqual({ 'system-info': 0, 'file-transfer': 0 });

    change({ prompt: prompt('system-info') });
    await flush();
    expect(imported).toEqual({ 'system-info': 1, 'file-transfer': 0 });

    change({ prompt: undefined, grants: grants({ 'system-info': 'granted' }) });
    change({ grants: grants({ 'system-info': 'granted', 'file-transfer': 'granted' }) });
    change({ grants: grants({ 'file-transfer': 'granted' }) });
    change({ prompt: prompt('file-transfer') });
    await flush();
    expect(imported).toEqual({ 'system-info': 1, 'file-transfer': 1 });
  });

  it('does not import a chunk that failed ahead again at later changes, only when the function is used', async () => {
    const { functions, change, requests } = session();
    offline['file-transfer'] = true;
    offline['system-info'] = true;
    change({ prompt: prompt('file-transfer') });
    await flush();
    expect(imported).toEqual({ 'system-info': 0, 'file-transfer': 1 });

    // The question stays, the customer allows, other functions come and go: no request per change while offline.
    change({ technicianPresent: true });
    change({ prompt: undefined, grants: grants({ 'file-transfer': 'granted' }) });
    change({ prompt: prompt('system-info'), grants: grants({ 'file-transfer': 'granted' }) });
    change({ prompt: undefined, grants: grants({ 'file-transfer': 'granted', 'system-info': 'granted' }) });
    change({ grants: grants({ 'file-transfer': 'granted', 'system-info': 'granted', reboot: 'granted' }) });
    await flush();
    expect(imported).toEqual({ 'system-info': 1, 'file-transfer': 1 });

    // Back online, the customer sends a file: the transfers are imported for it, and it is offered.
    offline['file-transfer'] = false;
    functions.sendFiles([new File(['hello'], 'hello.txt', { type: 'text/plain' })]);
    await vi.waitFor(() => expect(requests).toContain('file:offer'));
    expect(imported).toEqual({ 'system-info': 1, 'file-transfer': 2 });
  });
});

describe('SessionFunctions when the transfers’ chunk cannot be loaded at first use', () => {
  it('shows the file not sent, and loads the chunk again for the next file', async () => {
    const { functions, change, requests, state } = session();
    offline['file-transfer'] = true;
    change({ grants: grants({ 'file-transfer': 'granted' }) });
    functions.sendFiles([new File(['hello'], 'hello.txt', { type: 'text/plain' })]);
    await vi.waitFor(() => expect(state().transfers?.length).toBe(1));
    expect(state().transfers?.[0]).toMatchObject({ direction: 'out', name: 'hello.txt', size: 5, status: 'failed', reason: 'unreachable' });
    expect(requests).not.toContain('file:offer');

    // Back online: the next file loads the chunk (not the first failure kept) and is offered.
    offline['file-transfer'] = false;
    functions.sendFiles([new File(['again'], 'again.txt', { type: 'text/plain' })]);
    await vi.waitFor(() => expect(requests).toContain('file:offer'));
    expect(imported['file-transfer']).toBe(3);
  });
});
