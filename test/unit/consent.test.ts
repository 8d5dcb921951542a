/**
 * The consent state machine (SPEC §3). Every reduction in this file goes through `reduce`, which deep-freezes the
 * input state and checks afterwards that it still equals a copy taken before: the reducer must never mutate what it
 * is given, in any scenario below.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMINGS,
  activePrompt,
  initialConsent,
  isLive,
  nextDeadline,
  reduceConsent,
  type ConsentChange,
  type ConsentEvent,
  type ConsentResult,
  type ConsentState,
  type ConsentTimings,
  type Prompt,
} from '../../src/protocol/consent.js';
import type { ErrorCode } from '../../src/protocol/errors.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/protocol/functions.js';

const T0 = 1_700_000_000_000;
const PROMPT_MS = DEFAULT_TIMINGS.promptTimeoutMs;
const RECONFIRM_MS = DEFAULT_TIMINGS.reconfirmAfterMs;

// ---------------------------------------------------------------------------------------------------------------
// helpers

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** `reduceConsent` on a deep-frozen input, checking that the input is untouched afterwards. */
function reduce(state: ConsentState, event: ConsentEvent): ConsentResult {
  const before = structuredClone(state);
  const result = reduceConsent(deepFreeze(state), event);
  expect(state).toEqual(before);
  return result;
}

/** Reduces an event that must be accepted, and returns the new state. */
function ok(state: ConsentState, event: ConsentEvent): ConsentState {
  const result = reduce(state, event);
  expect(result.error).toBeUndefined();
  return result.state;
}

/** Reduces an event that must be refused with `code`, and checks that nothing changed. */
function refused(state: ConsentState, event: ConsentEvent, code: ErrorCode): ConsentResult {
  const result = reduce(state, event);
  expect(result.error).toBe(code);
  expect(result.changes).toEqual([]);
  expect(result.opened).toEqual([]);
  expect(result.state).toEqual(state);
  return result;
}

function single<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

function head(state: ConsentState): Prompt {
  const prompt = activePrompt(state);
  if (!prompt) throw new Error('expected a prompt on show');
  return prompt;
}

function request(state: ConsentState, fn: FunctionId, now: number): { state: ConsentState; prompt: Prompt } {
  const result = reduce(state, { type: 'request', fn, now });
  expect(result.error).toBeUndefined();
  return { state: result.state, prompt: single(result.opened) };
}

function decide(state: ConsentState, promptId: string, allow: boolean, now: number): ConsentState {
  return ok(state, { type: 'decide', promptId, allow, now });
}

/** The technician asks for `fns` one after another and the customer allows each as it comes up. */
function granted(fns: readonly FunctionId[], now = T0, state = initialConsent()): ConsentState {
  for (const fn of fns) {
    const asked = request(state, fn, now);
    state = decide(asked.state, asked.prompt.id, true, now);
  }
  return state;
}

function status(state: ConsentState, fn: FunctionId): string {
  return state.grants[fn].status;
}

function summary(changes: readonly ConsentChange[]): string[] {
  return changes.map((c) => `${c.fn}: ${c.from} -> ${c.to} (${c.cause})`);
}

// ---------------------------------------------------------------------------------------------------------------

describe('before the customer has agreed to anything', () => {
  it('grants nothing, shows no prompt and has no deadline', () => {
    const state = initialConsent();
    expect(state.version).toBe(0);
    expect(state.ended).toBe(false);
    expect(state.prompts).toEqual([]);
    for (const fn of FUNCTION_IDS) {
      expect(status(state, fn)).toBe('none');
      expect(isLive(state, fn)).toBe(false);
    }
    expect(activePrompt(state)).toBeUndefined();
    expect(nextDeadline(state)).toBeUndefined();
  });

  it.each(FUNCTION_IDS)('refuses the technician any use of %s', (fn) => {
    refused(initialConsent(), { type: 'use', fn, now: T0 }, 'not-granted');
  });

  it('uses a 60 second prompt timeout and re-confirms control every 30 minutes by default', () => {
    expect(DEFAULT_TIMINGS).toEqual({ promptTimeoutMs: 60_000, reconfirmAfterMs: 30 * 60_000 });
    expect(initialConsent().timings).toEqual(DEFAULT_TIMINGS);
  });

  it('offers every function unless the vendor picks a subset, always listed in catalogue order', () => {
    expect(initialConsent().offered).toEqual([...FUNCTION_IDS]);
    expect(initialConsent(['reboot', 'desktop-view']).offered).toEqual(['desktop-view', 'reboot']);
  });

  it('shares its offered list between sessions and its starting grant between functions, frozen so no session changes them for another', () => {
    const a = initialConsent(['reboot', 'desktop-view'], DEFAULT_TIMINGS, T0);
    const b = initialConsent(['desktop-view', 'reboot'], DEFAULT_TIMINGS, T0 + 1);
    expect(a.offered).toBe(b.offered);
    expect(Object.isFrozen(a.offered)).toBe(true);
    expect(() => a.offered.push('reboot')).toThrow(TypeError);
    expect(a.grants['desktop-view']).toBe(a.grants.reboot);
    expect(Object.isFrozen(a.grants.reboot)).toBe(true);
    expect(() => Object.assign(a.grants.reboot, { status: 'granted' })).toThrow(TypeError);
    expect(b.grants.reboot).toEqual({ status: 'none', version: 0, since: T0 + 1 });
  });
});

describe('asking the customer for a function', () => {
  it('puts the request on show as a pending prompt with a countdown', () => {
    const result = reduce(initialConsent(), { type: 'request', fn: 'desktop-view', now: T0 });
    expect(result.error).toBeUndefined();
    const prompt = single(result.opened);
    expect(prompt).toMatchObject({ fn: 'desktop-view', kind: 'request', requestedAt: T0, expiresAt: T0 + PROMPT_MS });
    expect(activePrompt(result.state)).toEqual(prompt);
    expect(status(result.state, 'desktop-view')).toBe('pending');
    expect(isLive(result.state, 'desktop-view')).toBe(false);
    expect(result.changes).toEqual([
      { fn: 'desktop-view', from: 'none', to: 'pending', cause: 'request', promptId: prompt.id, version: 1 },
    ]);
    expect(result.state.version).toBe(1);
  });

  it('does not let the technician use a function while the customer is still deciding', () => {
    const { state } = request(initialConsent(), 'file-transfer', T0);
    refused(state, { type: 'use', fn: 'file-transfer', now: T0 + 1 }, 'not-granted');
  });

  it('makes the function live once the customer allows it', () => {
    const asked = request(initialConsent(), 'file-transfer', T0);
    const result = reduce(asked.state, { type: 'decide', promptId: asked.prompt.id, allow: true, now: T0 + 5_000 });
    expect(result.error).toBeUndefined();
    expect(result.changes).toEqual([
      { fn: 'file-transfer', from: 'pending', to: 'granted', cause: 'allow', promptId: asked.prompt.id, version: 2 },
    ]);
    expect(isLive(result.state, 'file-transfer')).toBe(true);
    expect(result.state.grants['file-transfer']).toMatchObject({ status: 'granted', version: 2, since: T0 + 5_000 });
    expect(activePrompt(result.state)).toBeUndefined();
    expect(ok(result.state, { type: 'use', fn: 'file-transfer', now: T0 + 6_000 }).version).toBe(2);
  });

  it('keeps the function off when the customer denies it', () => {
    const asked = request(initialConsent(), 'system-info', T0);
    const result = reduce(asked.state, { type: 'decide', promptId: asked.prompt.id, allow: false, now: T0 + 1_000 });
    expect(summary(result.changes)).toEqual(['system-info: pending -> denied (deny)']);
    expect(isLive(result.state, 'system-info')).toBe(false);
    expect(activePrompt(result.state)).toBeUndefined();
    refused(result.state, { type: 'use', fn: 'system-info', now: T0 + 2_000 }, 'not-granted');
  });

  it('lets the technician ask again after a denial, with a fresh prompt', () => {
    const first = request(initialConsent(), 'system-info', T0);
    const denied = decide(first.state, first.prompt.id, false, T0 + 1_000);
    const second = request(denied, 'system-info', T0 + 2_000);
    expect(second.prompt.id).not.toBe(first.prompt.id);
    expect(second.prompt.expiresAt).toBe(T0 + 2_000 + PROMPT_MS);
    expect(status(second.state, 'system-info')).toBe('pending');
  });

  it('refuses a second request for a function that is already waiting for an answer', () => {
    const { state } = request(initialConsent(), 'desktop-view', T0);
    refused(state, { type: 'request', fn: 'desktop-view', now: T0 + 1 }, 'already-pending');
  });

  it('refuses a request for a function that is already live', () => {
    refused(granted(['file-transfer']), { type: 'request', fn: 'file-transfer', now: T0 + 1 }, 'already-granted');
  });

  it('refuses requests and uses of functions the vendor does not offer', () => {
    const state = initialConsent(['desktop-view', 'file-transfer']);
    for (const fn of ['remote-control', 'system-info', 'reboot'] as const) {
      refused(state, { type: 'request', fn, now: T0 }, 'function-unavailable');
      refused(state, { type: 'use', fn, now: T0 }, 'function-unavailable');
    }
    expect(request(state, 'file-transfer', T0).prompt.fn).toBe('file-transfer');
  });

  it('refuses an answer to a prompt that does not exist', () => {
    const { state } = request(initialConsent(), 'desktop-view', T0);
    refused(state, { type: 'decide', promptId: 'p999-desktop-view', allow: true, now: T0 + 1 }, 'not-found');
  });

  it('refuses a second answer to the same prompt', () => {
    const asked = request(initialConsent(), 'desktop-view', T0);
    const allowed = decide(asked.state, asked.prompt.id, true, T0 + 1);
    refused(allowed, { type: 'decide', promptId: asked.prompt.id, allow: false, now: T0 + 2 }, 'not-found');
    expect(isLive(allowed, 'desktop-view')).toBe(true);
  });

  it('gives every prompt of the session its own id', () => {
    let state = initialConsent();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const asked = request(state, 'system-info', T0 + i * 10);
      ids.add(asked.prompt.id);
      state = decide(asked.state, asked.prompt.id, i % 2 === 0, T0 + i * 10 + 1);
      if (i % 2 === 0) state = ok(state, { type: 'use', fn: 'system-info', now: T0 + i * 10 + 2 });
    }
    for (const fn of ['desktop-view', 'file-transfer', 'reboot'] as const) ids.add(request(state, fn, T0 + 100).prompt.id);
    expect(ids.size).toBe(8);
  });
});

describe('a prompt the customer does not answer', () => {
  const asked = request(initialConsent(), 'desktop-view', T0);
  const expiresAt = T0 + PROMPT_MS;

  it('is still open one millisecond before it runs out', () => {
    const result = reduce(asked.state, { type: 'tick', now: expiresAt - 1 });
    expect(result.changes).toEqual([]);
    expect(result.state).toEqual(asked.state);
    expect(activePrompt(result.state)?.id).toBe(asked.prompt.id);
  });

  it('can still be allowed one millisecond before it runs out', () => {
    expect(isLive(decide(asked.state, asked.prompt.id, true, expiresAt - 1), 'desktop-view')).toBe(true);
  });

  it('expires exactly at its expiry time and counts as refused', () => {
    const result = reduce(asked.state, { type: 'tick', now: expiresAt });
    expect(result.error).toBeUndefined();
    expect(result.changes).toEqual([
      { fn: 'desktop-view', from: 'pending', to: 'expired', cause: 'expire', promptId: asked.prompt.id, version: 2 },
    ]);
    expect(result.state.grants['desktop-view']).toMatchObject({ status: 'expired', since: expiresAt });
    expect(activePrompt(result.state)).toBeUndefined();
    expect(isLive(result.state, 'desktop-view')).toBe(false);
    refused(result.state, { type: 'use', fn: 'desktop-view', now: expiresAt + 1 }, 'not-granted');
  });

  it('can no longer be answered at its expiry time', () => {
    const result = reduce(asked.state, { type: 'decide', promptId: asked.prompt.id, allow: true, now: expiresAt });
    expect(result.error).toBe('not-found');
    expect(summary(result.changes)).toEqual(['desktop-view: pending -> expired (expire)']);
    expect(isLive(result.state, 'desktop-view')).toBe(false);
  });

  it('expires even when the next thing the relay sees is the technician trying to use the function', () => {
    const result = reduce(asked.state, { type: 'use', fn: 'desktop-view', now: expiresAt + 30_000 });
    expect(result.error).toBe('not-granted');
    expect(summary(result.changes)).toEqual(['desktop-view: pending -> expired (expire)']);
    expect(result.state.grants['desktop-view'].since).toBe(expiresAt);
  });

  it('may be asked again after it expired', () => {
    const expired = ok(asked.state, { type: 'tick', now: expiresAt });
    const again = request(expired, 'desktop-view', expiresAt + 10);
    expect(again.prompt.expiresAt).toBe(expiresAt + 10 + PROMPT_MS);
  });

  it('follows the timeout the relay is configured with', () => {
    const timings: ConsentTimings = { promptTimeoutMs: 5_000, reconfirmAfterMs: RECONFIRM_MS };
    const quick = request(initialConsent(FUNCTION_IDS, timings), 'reboot', T0);
    expect(quick.prompt.expiresAt).toBe(T0 + 5_000);
    expect(status(ok(quick.state, { type: 'tick', now: T0 + 4_999 }), 'reboot')).toBe('pending');
    expect(status(ok(quick.state, { type: 'tick', now: T0 + 5_000 }), 'reboot')).toBe('expired');
  });
});

describe('several requests at once', () => {
  function threeQueued() {
    const a = request(initialConsent(), 'desktop-view', T0);
    const b = request(a.state, 'file-transfer', T0 + 1_000);
    const c = request(b.state, 'system-info', T0 + 2_000);
    return { state: c.state, first: a.prompt, second: b.prompt, third: c.prompt };
  }

  it('shows one prompt at a time and queues the others in the order they were asked', () => {
    const { state, first, second, third } = threeQueued();
    expect(state.prompts.map((p) => p.id)).toEqual([first.id, second.id, third.id]);
    expect(activePrompt(state)?.id).toBe(first.id);
    for (const fn of ['desktop-view', 'file-transfer', 'system-info'] as const) expect(status(state, fn)).toBe('pending');
  });

  it('starts no countdown for a request that is still waiting in the queue', () => {
    const { second, third, state } = threeQueued();
    expect(second.expiresAt).toBeUndefined();
    expect(third.expiresAt).toBeUndefined();
    expect(state.prompts[1]?.expiresAt).toBeUndefined();
    expect(nextDeadline(state)).toBe(T0 + PROMPT_MS);
  });

  it('never expires a queued request while an earlier one is still on show', () => {
    const { state, first, second } = threeQueued();
    // The first is answered just before it runs out; the second, asked a second later, waited longer than a timeout.
    const after = decide(state, first.id, true, T0 + PROMPT_MS - 1);
    expect(status(after, 'file-transfer')).toBe('pending');
    expect(activePrompt(after)).toMatchObject({ id: second.id, expiresAt: T0 + PROMPT_MS - 1 + PROMPT_MS });
    expect(status(ok(after, { type: 'tick', now: T0 + 2 * PROMPT_MS - 2 }), 'file-transfer')).toBe('pending');
  });

  it('shows the next request when the customer answers, with a full countdown from that moment', () => {
    const { state, first, second, third } = threeQueued();
    const answeredAt = T0 + 20_000;
    const after = decide(state, first.id, false, answeredAt);
    expect(activePrompt(after)).toEqual({ ...second, expiresAt: answeredAt + PROMPT_MS });
    expect(after.prompts[1]).toEqual(third);
    expect(nextDeadline(after)).toBe(answeredAt + PROMPT_MS);
  });

  it('starts the next countdown when the previous prompt ran out, even if the relay noticed late', () => {
    const { state, first, second, third } = threeQueued();
    const firstExpiry = T0 + PROMPT_MS;
    const late = firstExpiry + 25_000;
    const result = reduce(state, { type: 'tick', now: late });
    expect(result.changes).toEqual([
      { fn: 'desktop-view', from: 'pending', to: 'expired', cause: 'expire', promptId: first.id, version: 4 },
    ]);
    expect(activePrompt(result.state)).toEqual({ ...second, expiresAt: firstExpiry + PROMPT_MS });
    expect(result.state.prompts[1]).toEqual(third);
  });

  it('expires several queued prompts in a row when the relay noticed very late', () => {
    const { state, first, second, third } = threeQueued();
    const secondExpiry = T0 + 2 * PROMPT_MS;
    const result = reduce(state, { type: 'tick', now: secondExpiry + 1 });
    expect(result.changes.map((c) => [c.fn, c.to, c.promptId])).toEqual([
      ['desktop-view', 'expired', first.id],
      ['file-transfer', 'expired', second.id],
    ]);
    expect(result.state.grants['file-transfer'].since).toBe(secondExpiry);
    expect(activePrompt(result.state)).toEqual({ ...third, expiresAt: secondExpiry + PROMPT_MS });
    // All of that happened in one step, so it is one new version.
    expect(result.state.version).toBe(state.version + 1);
    expect(new Set(result.changes.map((c) => c.version))).toEqual(new Set([result.state.version]));
  });

  it('refuses an answer to a request that is not on show yet', () => {
    const { state, second, third } = threeQueued();
    refused(state, { type: 'decide', promptId: second.id, allow: true, now: T0 + 3_000 }, 'invalid-state');
    refused(state, { type: 'decide', promptId: third.id, allow: false, now: T0 + 3_000 }, 'invalid-state');
  });

  it('keeps the order of the queue as each prompt is answered', () => {
    const { state, first, second, third } = threeQueued();
    const s1 = decide(state, first.id, true, T0 + 10_000);
    const s2 = decide(s1, second.id, false, T0 + 20_000);
    expect(activePrompt(s2)).toEqual({ ...third, expiresAt: T0 + 20_000 + PROMPT_MS });
    const s3 = decide(s2, third.id, true, T0 + 30_000);
    expect(activePrompt(s3)).toBeUndefined();
    expect(FUNCTION_IDS.map((fn) => [fn, status(s3, fn)])).toEqual([
      ['desktop-view', 'granted'],
      ['remote-control', 'none'],
      ['file-transfer', 'denied'],
      ['system-info', 'granted'],
      ['reboot', 'none'],
    ]);
  });
});

describe('one-shot and ongoing functions', () => {
  it.each(['system-info', 'reboot'] as const)('uses up a %s grant with its first use', (fn) => {
    const state = granted([fn]);
    const result = reduce(state, { type: 'use', fn, now: T0 + 1_000 });
    expect(result.error).toBeUndefined();
    expect(result.changes).toEqual([{ fn, from: 'granted', to: 'used', cause: 'use', version: state.version + 1 }]);
    expect(isLive(result.state, fn)).toBe(false);
    refused(result.state, { type: 'use', fn, now: T0 + 2_000 }, 'not-granted');
  });

  it('lets the technician ask for a used-up one-shot function again, for one more use', () => {
    const used = ok(granted(['system-info']), { type: 'use', fn: 'system-info', now: T0 + 1_000 });
    const again = granted(['system-info'], T0 + 2_000, used);
    expect(isLive(again, 'system-info')).toBe(true);
    const usedAgain = ok(again, { type: 'use', fn: 'system-info', now: T0 + 3_000 });
    refused(usedAgain, { type: 'use', fn: 'system-info', now: T0 + 4_000 }, 'not-granted');
  });

  it.each(['desktop-view', 'remote-control', 'file-transfer'] as const)(
    'lets the technician use a %s grant again and again without changing the state',
    (fn) => {
      const state = granted(fn === 'remote-control' ? ['desktop-view', fn] : [fn]);
      let current = state;
      for (let i = 1; i <= 50; i++) {
        const result = reduce(current, { type: 'use', fn, now: T0 + i });
        expect(result.error).toBeUndefined();
        expect(result.changes).toEqual([]);
        current = result.state;
      }
      expect(current).toEqual(state);
      expect(isLive(current, fn)).toBe(true);
    },
  );

  it('does not ask the customer to re-confirm file transfer or one-shot grants', () => {
    const state = granted(['file-transfer', 'system-info', 'reboot']);
    for (const fn of ['file-transfer', 'system-info', 'reboot'] as const) {
      expect(state.grants[fn].reconfirmAt).toBeUndefined();
    }
    expect(nextDeadline(state)).toBeUndefined();
    const muchLater = reduce(state, { type: 'tick', now: T0 + 100 * RECONFIRM_MS });
    expect(muchLater.opened).toEqual([]);
    expect(muchLater.state).toEqual(state);
  });
});

describe('the customer stopping a function', () => {
  it('revokes a live grant so the next use is refused', () => {
    const state = granted(['file-transfer']);
    const result = reduce(state, { type: 'revoke', fn: 'file-transfer', now: T0 + 1_000 });
    expect(result.error).toBeUndefined();
    expect(result.changes).toEqual([
      { fn: 'file-transfer', from: 'granted', to: 'revoked', cause: 'revoke', version: state.version + 1 },
    ]);
    expect(isLive(result.state, 'file-transfer')).toBe(false);
    refused(result.state, { type: 'use', fn: 'file-transfer', now: T0 + 1_001 }, 'not-granted');
  });

  it('can revoke a one-shot grant before the technician uses it', () => {
    const revoked = ok(granted(['reboot']), { type: 'revoke', fn: 'reboot', now: T0 + 1 });
    expect(status(revoked, 'reboot')).toBe('revoked');
    refused(revoked, { type: 'use', fn: 'reboot', now: T0 + 2 }, 'not-granted');
  });

  it('changes nothing when stopping a function that is not live', () => {
    const state = granted(['file-transfer']);
    for (const fn of ['desktop-view', 'system-info'] as const) {
      const result = reduce(state, { type: 'revoke', fn, now: T0 + 1 });
      expect(result.changes).toEqual([]);
      expect(result.state).toEqual(state);
    }
  });

  it('lets the technician ask again after a revocation', () => {
    const revoked = ok(granted(['file-transfer']), { type: 'revoke', fn: 'file-transfer', now: T0 + 1 });
    expect(isLive(granted(['file-transfer'], T0 + 2, revoked), 'file-transfer')).toBe(true);
  });
});

describe('remote control needs the screen to be shared', () => {
  it('refuses a remote-control request unless desktop-view is live', () => {
    refused(initialConsent(), { type: 'request', fn: 'remote-control', now: T0 }, 'requires-function');
    const pendingView = request(initialConsent(), 'desktop-view', T0).state;
    refused(pendingView, { type: 'request', fn: 'remote-control', now: T0 + 1 }, 'requires-function');
    const revokedView = ok(granted(['desktop-view']), { type: 'revoke', fn: 'desktop-view', now: T0 + 1 });
    refused(revokedView, { type: 'request', fn: 'remote-control', now: T0 + 2 }, 'requires-function');
  });

  it('can be asked for and granted while desktop-view is live', () => {
    const state = granted(['desktop-view', 'remote-control']);
    expect(isLive(state, 'desktop-view')).toBe(true);
    expect(isLive(state, 'remote-control')).toBe(true);
  });

  it('is revoked together with desktop-view, in the same step', () => {
    const state = granted(['desktop-view', 'remote-control', 'file-transfer']);
    const result = reduce(state, { type: 'revoke', fn: 'desktop-view', now: T0 + 1_000 });
    const version = state.version + 1;
    expect(result.changes).toEqual([
      { fn: 'desktop-view', from: 'granted', to: 'revoked', cause: 'revoke', version },
      { fn: 'remote-control', from: 'granted', to: 'revoked', cause: 'dependency', version },
    ]);
    expect(isLive(result.state, 'remote-control')).toBe(false);
    expect(isLive(result.state, 'file-transfer')).toBe(true);
    refused(result.state, { type: 'use', fn: 'remote-control', now: T0 + 1_001 }, 'not-granted');
  });

  it('can be stopped on its own while the screen stays shared', () => {
    const result = reduce(granted(['desktop-view', 'remote-control']), { type: 'revoke', fn: 'remote-control', now: T0 + 1 });
    expect(summary(result.changes)).toEqual(['remote-control: granted -> revoked (revoke)']);
    expect(isLive(result.state, 'desktop-view')).toBe(true);
  });

  it('withdraws a waiting remote-control request when desktop-view is revoked, and moves the queue on', () => {
    const rc = request(granted(['desktop-view']), 'remote-control', T0 + 1_000);
    const ft = request(rc.state, 'file-transfer', T0 + 2_000);
    const revokedAt = T0 + 10_000;
    const result = reduce(ft.state, { type: 'revoke', fn: 'desktop-view', now: revokedAt });
    expect(summary(result.changes)).toEqual([
      'desktop-view: granted -> revoked (revoke)',
      'remote-control: pending -> denied (dependency)',
    ]);
    expect(result.state.prompts).toEqual([{ ...ft.prompt, expiresAt: revokedAt + PROMPT_MS }]);
    refused(result.state, { type: 'decide', promptId: rc.prompt.id, allow: true, now: revokedAt + 1 }, 'not-found');
  });
});

describe('re-confirming long-lived control', () => {
  const grantedAt = T0 + 5_000;
  const viewing = granted(['desktop-view'], grantedAt);
  const dueAt = grantedAt + RECONFIRM_MS;

  it('schedules a re-confirmation of desktop-view and remote-control when they are granted', () => {
    const state = granted(['desktop-view', 'remote-control'], grantedAt);
    expect(state.grants['desktop-view'].reconfirmAt).toBe(dueAt);
    expect(state.grants['remote-control'].reconfirmAt).toBe(dueAt);
    expect(nextDeadline(viewing)).toBe(dueAt);
  });

  it('asks nothing before the re-confirmation is due', () => {
    const result = reduce(viewing, { type: 'tick', now: dueAt - 1 });
    expect(result.opened).toEqual([]);
    expect(result.state).toEqual(viewing);
  });

  it('shows a re-confirmation prompt when it is due, and the grant stays live meanwhile', () => {
    const result = reduce(viewing, { type: 'tick', now: dueAt });
    const prompt = single(result.opened);
    expect(prompt).toMatchObject({ fn: 'desktop-view', kind: 'reconfirm', requestedAt: dueAt, expiresAt: dueAt + PROMPT_MS });
    expect(activePrompt(result.state)).toEqual(prompt);
    expect(result.changes).toEqual([]);
    expect(result.state.version).toBe(viewing.version + 1);
    expect(isLive(result.state, 'desktop-view')).toBe(true);
    expect(ok(result.state, { type: 'use', fn: 'desktop-view', now: dueAt + 1 }).version).toBe(result.state.version);
    expect(nextDeadline(result.state)).toBe(dueAt + PROMPT_MS);
  });

  it('opens the re-confirmation only once', () => {
    const asked = ok(viewing, { type: 'tick', now: dueAt });
    const again = reduce(asked, { type: 'tick', now: dueAt + 1_000 });
    expect(again.opened).toEqual([]);
    expect(again.state).toEqual(asked);
  });

  it('keeps the grant for another period when the customer confirms', () => {
    const asked = reduce(viewing, { type: 'tick', now: dueAt });
    const prompt = single(asked.opened);
    const confirmedAt = dueAt + 10_000;
    const result = reduce(asked.state, { type: 'decide', promptId: prompt.id, allow: true, now: confirmedAt });
    expect(result.changes).toEqual([
      { fn: 'desktop-view', from: 'granted', to: 'granted', cause: 'reconfirm-allow', promptId: prompt.id, version: asked.state.version + 1 },
    ]);
    expect(result.state.grants['desktop-view'].reconfirmAt).toBe(confirmedAt + RECONFIRM_MS);
    expect(activePrompt(result.state)).toBeUndefined();
    expect(nextDeadline(result.state)).toBe(confirmedAt + RECONFIRM_MS);
    expect(isLive(result.state, 'desktop-view')).toBe(true);
  });

  it('revokes the grant, and remote control with it, when the customer declines', () => {
    const state = granted(['desktop-view', 'remote-control'], grantedAt);
    const asked = reduce(state, { type: 'tick', now: dueAt });
    expect(asked.opened.map((p) => [p.fn, p.kind])).toEqual([
      ['desktop-view', 'reconfirm'],
      ['remote-control', 'reconfirm'],
    ]);
    const viewPrompt = head(asked.state);
    const result = reduce(asked.state, { type: 'decide', promptId: viewPrompt.id, allow: false, now: dueAt + 1_000 });
    expect(summary(result.changes)).toEqual([
      'desktop-view: granted -> revoked (reconfirm-deny)',
      'remote-control: granted -> revoked (dependency)',
    ]);
    // The remote-control re-confirmation has nothing left to confirm.
    expect(result.state.prompts).toEqual([]);
    expect(nextDeadline(result.state)).toBeUndefined();
  });

  it('revokes the grant when the customer lets the re-confirmation run out', () => {
    const asked = reduce(viewing, { type: 'tick', now: dueAt });
    const prompt = single(asked.opened);
    expect(status(ok(asked.state, { type: 'tick', now: dueAt + PROMPT_MS - 1 }), 'desktop-view')).toBe('granted');
    const result = reduce(asked.state, { type: 'tick', now: dueAt + PROMPT_MS });
    expect(result.changes).toEqual([
      { fn: 'desktop-view', from: 'granted', to: 'revoked', cause: 'reconfirm-expire', promptId: prompt.id, version: asked.state.version + 1 },
    ]);
    expect(isLive(result.state, 'desktop-view')).toBe(false);
    refused(result.state, { type: 'use', fn: 'desktop-view', now: dueAt + PROMPT_MS }, 'not-granted');
  });

  it('re-confirms remote control on its own and keeps the screen shared when only control is declined', () => {
    const withControl = granted(['remote-control'], dueAt - 60_000, viewing);
    const controlDue = dueAt - 60_000 + RECONFIRM_MS;
    const viewAsked = ok(withControl, { type: 'tick', now: dueAt });
    const viewConfirmed = decide(viewAsked, head(viewAsked).id, true, dueAt + 1_000);
    const controlAsked = reduce(viewConfirmed, { type: 'tick', now: controlDue });
    const prompt = single(controlAsked.opened);
    expect(prompt.fn).toBe('remote-control');
    const result = reduce(controlAsked.state, { type: 'decide', promptId: prompt.id, allow: false, now: controlDue + 1 });
    expect(summary(result.changes)).toEqual(['remote-control: granted -> revoked (reconfirm-deny)']);
    expect(isLive(result.state, 'desktop-view')).toBe(true);
  });

  it('waits behind a request that is already on show', () => {
    const ft = request(viewing, 'file-transfer', dueAt - 1_000);
    const result = reduce(ft.state, { type: 'tick', now: dueAt });
    const reconfirm = single(result.opened);
    expect(result.state.prompts.map((p) => p.id)).toEqual([ft.prompt.id, reconfirm.id]);
    expect(reconfirm.expiresAt).toBeUndefined();
    // The grant stays live while the re-confirmation waits its turn.
    expect(isLive(result.state, 'desktop-view')).toBe(true);
    const answeredAt = dueAt + 5_000;
    const next = decide(result.state, ft.prompt.id, true, answeredAt);
    expect(activePrompt(next)).toEqual({ ...reconfirm, expiresAt: answeredAt + PROMPT_MS });
  });

  it('is asked for when it was due, even if the relay only notices later', () => {
    // Nothing reached the relay for a while; the first event after the due time is a tick a little late.
    const result = reduce(viewing, { type: 'tick', now: dueAt + 20_000 });
    const prompt = single(result.opened);
    expect(prompt).toMatchObject({ kind: 'reconfirm', requestedAt: dueAt, expiresAt: dueAt + PROMPT_MS });
  });

  it('no longer lets the technician use a grant whose re-confirmation ran out while the relay was not looking', () => {
    // The relay's timer never fired (e.g. the process that held it went away); a remote-control use arrives an hour
    // after the re-confirmation was due. The customer was never asked again, so the grant must not still be live.
    const state = granted(['desktop-view', 'remote-control'], grantedAt);
    const result = reduce(state, { type: 'use', fn: 'remote-control', now: dueAt + 60 * 60_000 });
    expect(result.error).toBe('not-granted');
    expect(isLive(result.state, 'desktop-view')).toBe(false);
    expect(isLive(result.state, 'remote-control')).toBe(false);
    expect(result.state.grants['desktop-view'].since).toBe(dueAt + PROMPT_MS);
    expect(result.state.prompts).toEqual([]);
  });
});

describe('a hand-off to another technician', () => {
  it('ends every live grant and withdraws every waiting request, with cause handed-off, and the session goes on', () => {
    const viewing = granted(['desktop-view', 'file-transfer']);
    const asked = request(viewing, 'reboot', T0 + 1_000);
    const result = reduce(asked.state, { type: 'handoff', now: T0 + 2_000 });
    expect(summary(result.changes)).toEqual([
      'desktop-view: granted -> revoked (handed-off)',
      'file-transfer: granted -> revoked (handed-off)',
      'reboot: pending -> denied (handed-off)',
    ]);
    for (const fn of FUNCTION_IDS) expect(isLive(result.state, fn)).toBe(false);
    expect(result.state.prompts).toEqual([]);
    expect(result.state.ended).toBe(false);
    expect(isLive(granted(['desktop-view'], T0 + 3_000, result.state), 'desktop-view')).toBe(true);
  });
});

describe('"Stop sharing" (revoke all)', () => {
  it('revokes every live grant at once', () => {
    const state = granted(['desktop-view', 'remote-control', 'file-transfer', 'system-info']);
    const result = reduce(state, { type: 'revoke-all', now: T0 + 1_000 });
    expect(result.error).toBeUndefined();
    expect(result.changes.map((c) => [c.fn, c.from, c.to])).toEqual([
      ['desktop-view', 'granted', 'revoked'],
      ['remote-control', 'granted', 'revoked'],
      ['file-transfer', 'granted', 'revoked'],
      ['system-info', 'granted', 'revoked'],
    ]);
    for (const change of result.changes) expect(['revoke-all', 'dependency']).toContain(change.cause);
    expect(result.changes.find((c) => c.fn === 'file-transfer')?.cause).toBe('revoke-all');
    for (const fn of FUNCTION_IDS) expect(isLive(result.state, fn)).toBe(false);
    expect(new Set(result.changes.map((c) => c.version))).toEqual(new Set([state.version + 1]));
  });

  it('cancels every waiting prompt, including re-confirmations', () => {
    const viewing = granted(['desktop-view']);
    const reconfirming = ok(viewing, { type: 'tick', now: T0 + RECONFIRM_MS });
    const a = request(reconfirming, 'file-transfer', T0 + RECONFIRM_MS + 1);
    const b = request(a.state, 'reboot', T0 + RECONFIRM_MS + 2);
    const result = reduce(b.state, { type: 'revoke-all', now: T0 + RECONFIRM_MS + 3 });
    expect(summary(result.changes)).toEqual([
      'desktop-view: granted -> revoked (revoke-all)',
      'file-transfer: pending -> denied (revoke-all)',
      'reboot: pending -> denied (revoke-all)',
    ]);
    expect(result.state.prompts).toEqual([]);
    expect(activePrompt(result.state)).toBeUndefined();
    expect(nextDeadline(result.state)).toBeUndefined();
  });

  it('keeps the session going so the technician can ask again', () => {
    const stopped = ok(granted(['desktop-view']), { type: 'revoke-all', now: T0 + 1 });
    expect(stopped.ended).toBe(false);
    expect(isLive(granted(['desktop-view'], T0 + 2, stopped), 'desktop-view')).toBe(true);
  });

  it('changes nothing when nothing is shared', () => {
    const state = initialConsent();
    const result = reduce(state, { type: 'revoke-all', now: T0 });
    expect(result.error).toBeUndefined();
    expect(result.changes).toEqual([]);
    expect(result.state).toEqual(state);
  });
});

describe('ending the session', () => {
  function busy() {
    const state = granted(['desktop-view', 'remote-control', 'reboot']);
    const asked = request(state, 'file-transfer', T0 + 1_000);
    return { state: request(asked.state, 'system-info', T0 + 2_000).state, prompt: asked.prompt };
  }

  it('revokes every grant, cancels every prompt and leaves nothing scheduled', () => {
    const { state } = busy();
    const result = reduce(state, { type: 'end', now: T0 + 3_000 });
    expect(result.error).toBeUndefined();
    expect(result.changes.map((c) => [c.fn, c.from, c.to])).toEqual([
      ['desktop-view', 'granted', 'revoked'],
      ['remote-control', 'granted', 'revoked'],
      ['reboot', 'granted', 'revoked'],
      ['file-transfer', 'pending', 'denied'],
      ['system-info', 'pending', 'denied'],
    ]);
    expect(result.state.ended).toBe(true);
    expect(result.state.prompts).toEqual([]);
    expect(activePrompt(result.state)).toBeUndefined();
    expect(nextDeadline(result.state)).toBeUndefined();
    for (const fn of FUNCTION_IDS) expect(isLive(result.state, fn)).toBe(false);
  });

  it('refuses every later event with session-ended and changes nothing', () => {
    const { state, prompt } = busy();
    const ended = ok(state, { type: 'end', now: T0 + 3_000 });
    const later = T0 + 3_000 + 10 * RECONFIRM_MS;
    const events: ConsentEvent[] = [
      { type: 'request', fn: 'desktop-view', now: later },
      { type: 'request', fn: 'file-transfer', now: later },
      { type: 'decide', promptId: prompt.id, allow: true, now: later },
      { type: 'use', fn: 'desktop-view', now: later },
      { type: 'use', fn: 'reboot', now: later },
      { type: 'revoke', fn: 'desktop-view', now: later },
      { type: 'revoke-all', now: later },
      { type: 'end', now: later },
    ];
    for (const event of events) refused(ended, event, 'session-ended');
    const tick = reduce(ended, { type: 'tick', now: later });
    expect(tick.error).toBeUndefined();
    expect(tick.state).toEqual(ended);
  });

  it('counts as a new version even when nothing was shared', () => {
    const state = initialConsent();
    const ended = ok(state, { type: 'end', now: T0 });
    expect(ended.ended).toBe(true);
    expect(ended.version).toBe(state.version + 1);
  });
});

describe('nextDeadline (when the relay must tick next)', () => {
  it('reports when the prompt on show runs out', () => {
    const a = request(initialConsent(), 'file-transfer', T0);
    const b = request(a.state, 'reboot', T0 + 10_000);
    expect(nextDeadline(b.state)).toBe(T0 + PROMPT_MS);
  });

  it('reports the earliest re-confirmation due', () => {
    const state = granted(['remote-control'], T0 + 7_000, granted(['desktop-view'], T0 + 3_000));
    expect(nextDeadline(state)).toBe(T0 + 3_000 + RECONFIRM_MS);
  });

  it('reports whichever comes first, a prompt expiry or a re-confirmation', () => {
    const viewing = granted(['desktop-view'], T0);
    expect(nextDeadline(request(viewing, 'reboot', T0 + 1_000).state)).toBe(T0 + 1_000 + PROMPT_MS);
    const lateAsk = T0 + RECONFIRM_MS - 1_000;
    expect(nextDeadline(request(viewing, 'reboot', lateAsk).state)).toBe(T0 + RECONFIRM_MS);
  });

  it('no longer reports a re-confirmation that is already being asked', () => {
    const viewing = granted(['desktop-view'], T0);
    const a = request(viewing, 'reboot', T0 + RECONFIRM_MS - 1_000);
    const asked = ok(a.state, { type: 'tick', now: T0 + RECONFIRM_MS });
    // The reconfirm prompt waits behind the reboot request; only the reboot prompt's expiry is next.
    expect(nextDeadline(asked)).toBe(T0 + RECONFIRM_MS - 1_000 + PROMPT_MS);
  });
});

describe('versions', () => {
  it('grow by exactly one per step that changes something, and every change carries the new version', () => {
    let state = initialConsent();
    const steps: ConsentEvent[] = [
      { type: 'request', fn: 'desktop-view', now: T0 },
      { type: 'request', fn: 'file-transfer', now: T0 + 1 },
      { type: 'use', fn: 'file-transfer', now: T0 + 2 },
      { type: 'tick', now: T0 + 3 },
      { type: 'revoke-all', now: T0 + 4 },
      { type: 'end', now: T0 + 5 },
    ];
    const versions = [state.version];
    for (const event of steps) {
      const result = reduce(state, event);
      const changed = JSON.stringify({ ...result.state, version: 0 }) !== JSON.stringify({ ...state, version: 0 });
      expect(result.state.version).toBe(state.version + (changed ? 1 : 0));
      for (const change of result.changes) expect(change.version).toBe(result.state.version);
      state = result.state;
      versions.push(state.version);
    }
    expect(versions).toEqual([0, 1, 2, 2, 2, 3, 4]);
  });

  it('stamp each grant with the version and time of its last change', () => {
    const asked = request(initialConsent(), 'file-transfer', T0);
    expect(asked.state.grants['file-transfer']).toEqual({ status: 'pending', version: 1, since: T0 });
    expect(asked.state.grants['reboot']).toEqual({ status: 'none', version: 0, since: 0 });
    const allowed = decide(asked.state, asked.prompt.id, true, T0 + 9);
    expect(allowed.grants['file-transfer']).toEqual({ status: 'granted', version: 2, since: T0 + 9 });
  });
});

describe('the reducer is pure', () => {
  it('never mutates the state it is given, whatever the event', () => {
    const a = request(granted(['desktop-view', 'remote-control', 'system-info']), 'file-transfer', T0 + 1);
    const base = request(a.state, 'reboot', T0 + 2).state;
    const events: ConsentEvent[] = [
      { type: 'request', fn: 'desktop-view', now: T0 + 3 },
      { type: 'decide', promptId: a.prompt.id, allow: true, now: T0 + 3 },
      { type: 'decide', promptId: a.prompt.id, allow: false, now: T0 + 3 },
      { type: 'tick', now: T0 + RECONFIRM_MS * 3 },
      { type: 'revoke', fn: 'desktop-view', now: T0 + 3 },
      { type: 'revoke-all', now: T0 + 3 },
      { type: 'use', fn: 'system-info', now: T0 + 3 },
      { type: 'use', fn: 'remote-control', now: T0 + RECONFIRM_MS },
      { type: 'end', now: T0 + 3 },
    ];
    for (const event of events) {
      const frozen = deepFreeze(structuredClone(base));
      expect(() => reduceConsent(frozen, event)).not.toThrow();
      expect(frozen).toEqual(base);
    }
  });

  it('gives the same answer for the same input', () => {
    const state = granted(['desktop-view', 'remote-control']);
    const event: ConsentEvent = { type: 'tick', now: T0 + RECONFIRM_MS + PROMPT_MS / 2 };
    expect(reduceConsent(state, event)).toEqual(reduceConsent(state, event));
  });
});

describe('invariants over long random sessions', () => {
  /** Small deterministic PRNG (mulberry32), so a failure is reproducible from its seed. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function checkInvariants(state: ConsentState): void {
    const fns = state.prompts.map((p) => p.fn);
    expect(new Set(fns).size).toBe(fns.length); // at most one prompt per function
    state.prompts.forEach((p, i) => {
      if (i === 0) expect(p.expiresAt).toBeDefined();
      else expect(p.expiresAt).toBeUndefined();
      if (p.kind === 'request') expect(status(state, p.fn)).toBe('pending');
      else expect(status(state, p.fn)).toBe('granted');
    });
    for (const fn of FUNCTION_IDS) {
      const grant = state.grants[fn];
      expect(grant.version).toBeLessThanOrEqual(state.version);
      if (grant.status === 'pending') expect(fns).toContain(fn);
      if (!state.offered.includes(fn)) expect(grant.status).toBe('none');
      if (isLive(state, 'remote-control')) expect(isLive(state, 'desktop-view')).toBe(true);
    }
    if (state.ended) {
      expect(state.prompts).toEqual([]);
      for (const fn of FUNCTION_IDS) expect(['none', 'denied', 'expired', 'revoked', 'used']).toContain(status(state, fn));
    }
  }

  /** What the customer and technician can observe, without version numbers and prompt ids. */
  function observable(state: ConsentState) {
    return {
      ended: state.ended,
      grants: FUNCTION_IDS.map((fn) => {
        const { status: s, since, reconfirmAt } = state.grants[fn];
        return { fn, status: s, since, reconfirmAt };
      }),
      prompts: state.prompts.map(({ fn, kind, requestedAt, expiresAt }) => ({ fn, kind, requestedAt, expiresAt })),
    };
  }

  /** The same event, as if the relay had ticked exactly at every deadline before it. */
  function withTimelyTicks(state: ConsentState, event: ConsentEvent): ConsentResult {
    for (let deadline = nextDeadline(state); deadline !== undefined && deadline <= event.now; deadline = nextDeadline(state)) {
      state = reduceConsent(state, { type: 'tick', now: deadline }).state;
    }
    return reduceConsent(state, event);
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('hold for random session #%i', (seed) => {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const timings: ConsentTimings = { promptTimeoutMs: 1_000, reconfirmAfterMs: 5_000 };
    const offered = seed % 2 === 0 ? FUNCTION_IDS : FUNCTION_IDS.filter(() => random() < 0.7);
    let state = initialConsent(offered, timings, T0);
    let now = T0;
    for (let i = 0; i < 400; i++) {
      now += Math.floor(random() * (random() < 0.1 ? 8_000 : 600));
      const fn = pick(FUNCTION_IDS);
      const roll = random();
      const deadline = nextDeadline(state);
      let event: ConsentEvent;
      if (roll < 0.25) event = { type: 'request', fn, now };
      else if (roll < 0.5) {
        const prompt = random() < 0.85 ? activePrompt(state) : pick(state.prompts);
        event = { type: 'decide', promptId: prompt?.id ?? 'nope', allow: random() < 0.7, now };
      } else if (roll < 0.65) event = { type: 'use', fn, now };
      else if (roll < 0.75) event = { type: 'revoke', fn, now };
      else if (roll < 0.78) event = { type: 'revoke-all', now };
      else if (roll < 0.995 || i < 300) event = { type: 'tick', now: deadline !== undefined && random() < 0.5 ? deadline : now };
      else event = { type: 'end', now };
      now = Math.max(now, event.now);

      const result = reduce(state, event);
      const changed = JSON.stringify({ ...result.state, version: 0 }) !== JSON.stringify({ ...state, version: 0 });
      expect(result.state.version).toBe(state.version + (changed ? 1 : 0));
      for (const change of result.changes) {
        expect(change.version).toBe(result.state.version);
        expect(result.state.offered).toContain(change.fn);
      }
      if (event.type === 'tick' && deadline !== undefined && event.now === deadline) {
        // Ticking at the reported deadline always does something, so the relay never spins on a stale timer.
        expect(changed).toBe(true);
      }
      if (state.ended && event.type !== 'tick') expect(result.error).toBe('session-ended');
      // Late or on time, the relay reaches the same consent state.
      const timely = withTimelyTicks(state, event);
      expect(observable(result.state)).toEqual(observable(timely.state));
      expect(result.error).toBe(timely.error);
      checkInvariants(result.state);
      state = result.state;
    }
  });
});
