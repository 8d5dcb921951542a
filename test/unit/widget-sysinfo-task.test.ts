/**
 * SessionFunctions (src/widget/session/functions.ts) draws the system-information preview in a task after the one
 * that collected it: at a phone's speed the two together made a long task (> 50 ms).
 */
import { describe, expect, it, vi } from 'vitest';
import type { GrantStatus } from '../../src/protocol/consent.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/protocol/functions.js';
import type { SysinfoItem } from '../../src/protocol/index.js';
import { SessionFunctions } from '../../src/widget/session/functions.js';
import type { WidgetState } from '../../src/widget/session/types.js';
import type { RelaySocket } from '../../src/widget/session/ws-socket.js';

/** The collector's answer, released by the test in a task of its choosing. */
const collector = vi.hoisted(() => {
  const state: { release(items: unknown[]): void } = { release: () => undefined };
  return state;
});
vi.mock('../../src/widget/functions/sysinfo.js', () => ({
  collectSysinfo: () => new Promise((resolve) => (collector.release = resolve)),
}));

const task = () => new Promise((resolve) => setTimeout(resolve, 0));

function grants(live: Partial<Record<FunctionId, GrantStatus>> = {}): Record<FunctionId, GrantStatus> {
  return { ...(Object.fromEntries(FUNCTION_IDS.map((fn) => [fn, 'none'])) as Record<FunctionId, GrantStatus>), ...live };
}

describe('SessionFunctions: system information', () => {
  it('draws what would be sent in a task after the one the collector finished in', async () => {
    const state = { phase: 'connected', grants: grants({ 'system-info': 'granted' }) } as WidgetState;
    const dispatched: unknown[] = [];
    /** The task (numbered below) each dispatch came in. */
    const dispatchedIn: number[] = [];
    let taskNo = 0;
    let releasedIn = 0;
    const functions = new SessionFunctions(
      {
        state: () => state,
        request: async () => ({ ok: true }) as never,
        dispatch: (e) => {
          dispatched.push(e);
          dispatchedIn.push(taskNo);
        },
        revoke: () => undefined,
        keepReboot: () => undefined,
      },
      {},
    );
    const handlers = new Map<string, (payload: unknown) => void>();
    functions.listen({ on: (event: string, handle: (payload: unknown) => void) => handlers.set(event, handle) } as unknown as RelaySocket, () => true);
    handlers.get('sysinfo:request')!({});
    for (let i = 0; i < 5; i++) await task();
    expect(dispatched).toEqual([]);

    // Numbers the tasks from here on (a timer re-armed in each) and releases the collector's answer in the second.
    const items: SysinfoItem[] = [{ key: 'cookies', value: 'enabled' }];
    const tick = () => {
      taskNo++;
      if (taskNo === 2) {
        collector.release(items);
        releasedIn = taskNo;
      }
      if (taskNo < 10) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    for (let i = 0; i < 12; i++) await task();
    expect(dispatched).toEqual([{ type: 'sysinfo', items }]);
    expect(releasedIn).toBe(2);
    expect(dispatchedIn[0]).toBeGreaterThan(releasedIn);
  });
});
