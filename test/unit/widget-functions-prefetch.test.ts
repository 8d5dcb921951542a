/**
 * SessionFunctions (src/widget/session/functions.ts) imports the system-information collector and the file transfers
 * when theirs is asked about or allowed, once each, so that their chunks are evaluated ahead of the technician's first
 * request or offer rather than in its task.
 */
import { describe, expect, it, vi } from 'vitest';
import type { GrantStatus } from '../../src/protocol/consent.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/protocol/functions.js';
import { SessionFunctions } from '../../src/widget/session/functions.js';
import type { PromptView, WidgetState } from '../../src/widget/session/types.js';

const imported = vi.hoisted(() => ({ sysinfo: 0, transfers: 0 }));
vi.mock('../../src/widget/functions/sysinfo.js', async (original) => {
  imported.sysinfo++;
  return original();
});
vi.mock('../../src/ui/transfers.js', async (original) => {
  imported.transfers++;
  return original();
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

function grants(live: Partial<Record<FunctionId, GrantStatus>> = {}): Record<FunctionId, GrantStatus> {
  return { ...(Object.fromEntries(FUNCTION_IDS.map((fn) => [fn, 'none'])) as Record<FunctionId, GrantStatus>), ...live };
}

const prompt = (fn: FunctionId): PromptView => ({ id: `p-${fn}`, fn, kind: 'request', requestedAt: 0, expiresAt: 60_000 });

describe('SessionFunctions ahead of a function’s first use', () => {
  it('imports the collector with the question for system information and the transfers with the grant of file transfer, once each', async () => {
    let state = { phase: 'connected', grants: grants() } as WidgetState;
    const functions = new SessionFunctions(
      {
        state: () => state,
        request: async () => ({ ok: true }) as never,
        dispatch: () => undefined,
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

    change({ grants: grants({ reboot: 'granted' }) });
    await flush();
    expect(imported).toEqual({ sysinfo: 0, transfers: 0 });

    change({ prompt: prompt('system-info') });
    await flush();
    expect(imported).toEqual({ sysinfo: 1, transfers: 0 });

    change({ prompt: undefined, grants: grants({ 'system-info': 'granted' }) });
    change({ grants: grants({ 'system-info': 'granted', 'file-transfer': 'granted' }) });
    change({ grants: grants({ 'file-transfer': 'granted' }) });
    await flush();
    expect(imported).toEqual({ sysinfo: 1, transfers: 1 });
  });
});
