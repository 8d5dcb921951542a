/**
 * The consent cooldown's arithmetic (src/server/session/cooldown.ts): which of the customer's answers start a wait,
 * how it grows, and from when it runs.
 */
import { describe, expect, it } from 'vitest';
import { initialConsent, reduceConsent, type ConsentEvent, type ConsentState } from '../../src/protocol/index.js';
import { afterChanges, cooldownMs, waitLeft, type Cooldowns } from '../../src/server/session/cooldown.js';

const BASE = 10_000;

/** Reduces `events` in turn, keeping the cooldowns as the relay does. */
function run(events: ConsentEvent[], state: ConsentState = initialConsent(undefined, { promptTimeoutMs: 60_000, reconfirmAfterMs: 30 * 60_000 })) {
  let cooldowns: Cooldowns | undefined;
  for (const event of events) {
    const result = reduceConsent(state, event);
    state = result.state;
    cooldowns = afterChanges(cooldowns, result.changes, result.state, BASE);
  }
  return { state, cooldowns };
}



describe('consent cooldown', () => {
  it('waits 10 s, 30 s, 1 min, then 2 min for every further no', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => cooldownMs(BASE, n))).toEqual([10_000, 30_000, 60_000, 120_000, 120_000, 120_000]);
  });

  it('starts a wait at a denial, counted from the denial, for that function only', () => {
    const requested = run([{ type: 'request', fn: 'desktop-view', now: 1_000 }]);
    expect(requested.cooldowns).toBeUndefined();
    const prompt = requested.state.prompts[0]!;
    const result = reduceConsent(requested.state, { type: 'decide', promptId: prompt.id, allow: false, now: 2_000 });
    const cooldowns = afterChanges(undefined, result.changes, result.state, BASE);
    expect(cooldowns).toEqual({ 'desktop-view': { count: 1, until: 12_000 } });
    expect(waitLeft(cooldowns, 'desktop-view', 5_000)).toBe(7_000);
    expect(waitLeft(cooldowns, 'desktop-view', 12_000)).toBe(0);
    expect(waitLeft(cooldowns, 'system-info', 5_000)).toBe(0);
  });

  it('counts an expiry from when it fell due, even when noticed late', () => {
    const { cooldowns } = run([
      { type: 'request', fn: 'reboot', now: 0 },
      { type: 'tick', now: 90_000 },
    ]);
    expect(cooldowns).toEqual({ reboot: { count: 1, until: 60_000 + BASE } });
  });

  it('counts the customer revoking a live grant and Stop sharing, not a use, a dependency, a hand-over or the end', () => {
    const granted = (fn: 'desktop-view' | 'system-info') => {
      const asked = reduceConsent(initialConsent(), { type: 'request', fn, now: 0 }).state;
      return reduceConsent(asked, { type: 'decide', promptId: asked.prompts[0]!.id, allow: true, now: 1 }).state;
    };
    const revoked = reduceConsent(granted('desktop-view'), { type: 'revoke', fn: 'desktop-view', now: 5 });
    expect(afterChanges(undefined, revoked.changes, revoked.state, BASE)).toEqual({ 'desktop-view': { count: 1, until: 5 + BASE } });
    const stopped = reduceConsent(granted('desktop-view'), { type: 'revoke-all', now: 5 });
    expect(afterChanges(undefined, stopped.changes, stopped.state, BASE)).toEqual({ 'desktop-view': { count: 1, until: 5 + BASE } });
    const used = reduceConsent(granted('system-info'), { type: 'use', fn: 'system-info', now: 5 });
    expect(afterChanges(undefined, used.changes, used.state, BASE)).toBeUndefined();
    for (const type of ['handoff', 'end'] as const) {
      const over = reduceConsent(granted('desktop-view'), { type, now: 5 });
      expect(afterChanges(undefined, over.changes, over.state, BASE)).toBeUndefined();
    }
    expect(afterChanges(undefined, revoked.changes, revoked.state, 0)).toBeUndefined();
  });
});
