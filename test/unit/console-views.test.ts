/**
 * What the console shows, derived from its state: each function's live state as the relay reports it (with the
 * countdown of the prompt on show, or "waiting behind an earlier prompt"), when Request and the gated actions work,
 * the code's remaining lifetime, waiting times in the queue, and the chat with its system lines.
 */
import { describe, expect, it } from 'vitest';
import type { ConsoleState } from '../../src/console/session/types.js';
import {
  canChat,
  canCreate,
  canPick,
  chatItems,
  codeView,
  coolingDown,
  functionRows,
  hasLiveSession,
  inChat,
  queueRows,
  queuedMessages,
  useRows,
} from '../../src/console/session/views.js';
import { audit, consent, consentAfter, holding, message, reduce, relay, T0 } from './console-fixtures.js';

const rowOf = (s: ConsoleState, fn: string, now = T0) => functionRows(s, now).find((r) => r.fn === fn)!;

describe('function rows', () => {
  it('lists the offered functions in catalogue order, none requested, each requestable unless it needs another first', () => {
    const s = holding({ consent: consent(['system-info', 'desktop-view', 'remote-control']) });
    expect(functionRows(s, T0).map((r) => [r.fn, r.status, r.canRequest, r.needs])).toEqual([
      ['desktop-view', 'none', true, undefined],
      ['remote-control', 'none', false, 'desktop-view'],
      ['system-info', 'none', true, undefined],
    ]);
  });

  it('shows the prompt on show with its countdown, and a queued prompt as waiting for the previous answer', () => {
    const c = consentAfter(consent(), { type: 'request', fn: 'system-info', now: T0 }, { type: 'request', fn: 'reboot', now: T0 + 1 });
    const s = holding({ consent: c.state });
    expect(rowOf(s, 'system-info', T0 + 15_000)).toMatchObject({ status: 'pending', queued: false, remainingMs: 45_000, canRequest: false });
    const queued = rowOf(s, 'reboot', T0 + 15_000);
    expect(queued).toMatchObject({ status: 'pending', queued: true, canRequest: false });
    expect(queued.remainingMs).toBeUndefined();
    // Past the deadline (before the relay's expiry arrives) the countdown stops at zero.
    expect(rowOf(s, 'system-info', T0 + 90_000).remainingMs).toBe(0);
  });

  it('counts down in relay time when the local clock is off', () => {
    const c = consentAfter(consent(), { type: 'request', fn: 'system-info', now: T0 });
    const s: ConsoleState = { ...holding({ consent: c.state }), clockOffset: 10_000 };
    expect(rowOf(s, 'system-info', T0).remainingMs).toBe(50_000);
  });

  it('shows a live grant being re-confirmed', () => {
    const c = consentAfter(
      consent(),
      { type: 'request', fn: 'desktop-view', now: T0 },
      { type: 'decide', promptId: 'p1-desktop-view', allow: true, now: T0 },
      { type: 'tick', now: T0 + 30 * 60_000 },
    );
    const row = rowOf(holding({ consent: c.state }), 'desktop-view', T0 + 30 * 60_000);
    expect(row).toMatchObject({ status: 'granted', prompt: { kind: 'reconfirm' }, queued: false, remainingMs: 60_000, canRequest: false });
  });

  it('offers Request again after a denial, expiry, revocation or use, and never while away, busy or not active', () => {
    const c = consentAfter(
      consent(),
      { type: 'request', fn: 'desktop-view', now: T0 },
      { type: 'decide', promptId: 'p1-desktop-view', allow: false, now: T0 },
    );
    const s = holding({ consent: c.state });
    expect(rowOf(s, 'desktop-view')).toMatchObject({ status: 'denied', canRequest: true });
    expect(rowOf({ ...s, connection: 'reconnecting' }, 'desktop-view').canRequest).toBe(false);
    expect(rowOf({ ...s, pending: { op: 'attach' } }, 'desktop-view').canRequest).toBe(false);
    expect(rowOf({ ...s, requests: { 'desktop-view': { busy: true } } }, 'desktop-view')).toMatchObject({ busy: true, canRequest: false });
    expect(rowOf(holding({ state: 'open' }), 'desktop-view').canRequest).toBe(false);
    expect(rowOf(holding({ state: 'ended' }), 'desktop-view').canRequest).toBe(false);
  });

  it('shows the relay’s refusal of a request on its row', () => {
    const s = { ...holding(), requests: { 'file-transfer': { busy: false, error: { code: 'already-pending' as const, at: T0 } } } };
    expect(rowOf(s, 'file-transfer').error).toEqual({ code: 'already-pending', at: T0 });
  });

  it('holds Request back while the relay’s cooldown after the customer’s no runs, and says until when', () => {
    const error = { code: 'rate-limited' as const, retryAfter: 30_000, fn: 'desktop-view', at: T0 };
    const s = { ...holding(), requests: { 'desktop-view': { busy: false, error } } };
    expect(rowOf(s, 'desktop-view', T0 + 10_000)).toMatchObject({ cooldown: { until: T0 + 30_000, leftMs: 20_000 }, canRequest: false });
    expect(coolingDown(s, T0 + 10_000)).toBe(true);
    expect(rowOf(s, 'desktop-view', T0 + 30_000)).toMatchObject({ cooldown: { until: T0 + 30_000, leftMs: 0 }, canRequest: true });
    expect(coolingDown(s, T0 + 30_000)).toBe(false);
    // Other functions are not held back.
    expect(rowOf(s, 'file-transfer', T0 + 10_000)).toMatchObject({ canRequest: true });
    expect(rowOf(s, 'file-transfer', T0 + 10_000).cooldown).toBeUndefined();
  });

  it('has no rows without a session', () => {
    expect(functionRows({ ...holding(), session: undefined }, T0)).toEqual([]);
  });
});

describe('gated actions', () => {
  it('enables an action only while its grant is live, and shows the relay’s refusal', () => {
    const s = holding({ consent: consent(['desktop-view', 'system-info']) });
    expect(useRows(s)).toEqual([{ event: 'sysinfo:request', fn: 'system-info', status: 'none', enabled: false, busy: false }]);

    const refused = reduce(s, { type: 'use-failed', event: 'sysinfo:request', error: { code: 'not-granted', fn: 'system-info' }, now: T0 });
    expect(useRows(refused)[0]?.refused).toEqual({ code: 'not-granted', fn: 'system-info', at: T0 });

    const granted = consentAfter(
      s.session!.consent,
      { type: 'request', fn: 'system-info', now: T0 },
      { type: 'decide', promptId: 'p1-system-info', allow: true, now: T0 },
    );
    const live = holding({ consent: granted.state });
    expect(useRows(live)[0]).toMatchObject({ status: 'granted', enabled: true });
    expect(useRows({ ...live, connection: 'reconnecting' })[0]?.enabled).toBe(false);
    expect(useRows({ ...live, uses: { 'sysinfo:request': { busy: true } } })[0]).toMatchObject({ busy: true, enabled: false });

    const used = consentAfter(granted.state, { type: 'use', fn: 'system-info', now: T0 });
    expect(useRows(holding({ consent: used.state }))[0]).toMatchObject({ status: 'used', enabled: false });
  });

  it('lists both actions when both functions are offered, and none without a session', () => {
    expect(useRows(holding()).map((r) => r.event)).toEqual(['sysinfo:request', 'reboot:request']);
    expect(useRows({ ...holding(), session: undefined })).toEqual([]);
  });
});

describe('the code', () => {
  const withCode = (state: Partial<ConsoleState> = {}): ConsoleState => ({
    ...holding({ state: 'open' }),
    code: { code: '123456', joinUrl: '?rsw-code=123456', expiresAt: T0 + 600_000 },
    ...state,
  });

  it('counts the code’s lifetime down from codeExpiresAt, in relay time', () => {
    expect(codeView(withCode(), T0 + 60_000)).toEqual({ code: '123456', joinUrl: '?rsw-code=123456', remainingMs: 540_000, expired: false });
    expect(codeView(withCode({ clockOffset: -2_000 }), T0)?.remainingMs).toBe(602_000);
    expect(codeView(withCode(), T0 + 700_000)).toMatchObject({ remainingMs: 0, expired: true });
  });

  it('is gone once the customer used it', () => {
    expect(codeView({ ...withCode(), session: holding().session }, T0)).toBeUndefined();
  });
});

describe('the queue', () => {
  it('shows how long each customer has waited and which pick is on its way', () => {
    const s: ConsoleState = {
      ...holding(),
      session: undefined,
      queue: [
        { sessionId: 'a', name: 'Ada', description: '', joinedAt: T0, position: 1 },
        { sessionId: 'b', name: 'Bob', description: '', joinedAt: T0 + 90_000, position: 2 },
      ],
      pending: { op: 'pick', sessionId: 'b' },
    };
    expect(queueRows(s, T0 + 120_000).map((r) => [r.name, r.waitingMs, r.picking])).toEqual([
      ['Ada', 120_000, false],
      ['Bob', 30_000, true],
    ]);
  });

  it('allows picking and creating only when signed in, without a live session and nothing under way', () => {
    const free: ConsoleState = { ...holding(), session: undefined };
    expect(canPick(free)).toBe(true);
    expect(canCreate(free)).toBe(true);
    expect(canPick(holding())).toBe(false);
    expect(canPick(holding({ state: 'ended' }))).toBe(true);
    expect(canPick({ ...free, pending: { op: 'pick', sessionId: 'x' } })).toBe(false);
    expect(canPick({ ...free, connection: 'reconnecting' })).toBe(false);
    expect(hasLiveSession(holding({ state: 'open' }))).toBe(true);
  });
});

describe('the chat', () => {
  it('lets the technician write in an active session, also while reconnecting (messages queue)', () => {
    expect(canChat(holding())).toBe(true);
    expect(canChat({ ...holding(), connection: 'reconnecting' })).toBe(true);
    expect(canChat({ ...holding(), connection: 'signed-out' })).toBe(false);
    expect(canChat(holding({ state: 'open' }))).toBe(false);
    expect(canChat(holding({ state: 'ended' }))).toBe(false);
  });

  it('interleaves messages and system lines in relay time, with unsent messages last', () => {
    const s = [
      relay('audit:entry', audit(1, { type: 'session-created', at: T0 })),
      relay('audit:entry', audit(2, { type: 'customer-joined', at: T0 + 500 })),
      relay('chat:message', message(1, { at: T0 + 1000 })),
      relay('audit:entry', audit(3, { type: 'consent-requested', fn: 'desktop-view', at: T0 + 1500 })),
      relay('chat:message', message(2, { at: T0 + 2000 })),
      relay('audit:entry', audit(4, { type: 'function-used', fn: 'reboot', at: T0 + 2500 })),
      relay('audit:entry', audit(5, { type: 'session-ended', at: T0 + 3000 })),
    ].reduce(reduce, holding());
    const withUnsent = reduce(s, { type: 'chat-add', clientId: 't9', text: 'late', queued: true, now: T0 - 100_000 });
    expect(chatItems(withUnsent).map((i) => (i.kind === 'system' ? i.entry.type : `${i.text}`))).toEqual([
      'customer-joined',
      'message 1',
      'consent-requested',
      'message 2',
      'session-ended',
      'late',
    ]);
    expect(queuedMessages(withUnsent)).toEqual(['t9']);
  });

  it('keeps technical entries and the end’s revocations out of the chat (the audit log has them)', () => {
    expect(inChat(audit(1, { type: 'use-refused' }))).toBe(false);
    expect(inChat(audit(1, { type: 'consent-changed', cause: 'end' }))).toBe(false);
    expect(inChat(audit(1, { type: 'consent-changed', cause: 'revoke-all' }))).toBe(true);
    expect(inChat(audit(1, { type: 'participant-dropped' }))).toBe(true);
  });
});
