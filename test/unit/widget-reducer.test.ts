/**
 * The widget's state reducer (src/widget/session/reducer.ts): the customer journey's phases, errors, system lines,
 * consent shown only as the relay confirms it, and a chat log without duplicates. Every reduction goes through
 * `run`, which deep-freezes its input, so the reducer can never mutate the state it is given.
 */
import { describe, expect, it } from 'vitest';
import {
  initialConsent,
  reduceConsent,
  relayError,
  type AuditEntry,
  type ChatMessage,
  type ConsentEvent,
  type ConsentResult,
  type ConsentState,
  type JoinResult,
  type SessionView,
} from '../../src/protocol/index.js';
import {
  initialWidgetState,
  lastContiguousSeq,
  reduceWidget,
  type Reduction,
  type RelayEvent,
  type WidgetEvent,
} from '../../src/widget/session/reducer.js';
import type { MessageItem, WidgetNotice, WidgetState } from '../../src/widget/session/types.js';

const T0 = 1_700_000_000_000;
const TECH = { name: 'Alex Demo', org: 'Demo Support' };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function run(state: WidgetState, ...events: WidgetEvent[]): Reduction {
  let s = state;
  const notices: WidgetNotice[] = [];
  for (const e of events) {
    const r = reduceWidget(deepFreeze(structuredClone(s)), e);
    notices.push(...r.notices);
    s = r.state;
  }
  return { state: s, notices };
}

const at = (state: WidgetState, ...events: WidgetEvent[]) => run(state, ...events).state;

function relay<E extends RelayEvent['name']>(name: E, payload: Extract<RelayEvent, { name: E }>['payload'], now = T0): WidgetEvent {
  return { type: 'relay', name, payload, now } as WidgetEvent;
}

/** The relay's consent state after `events` (through the real consent reducer). */
function consentAfter(...events: ConsentEvent[]): { consent: ConsentState; results: ConsentResult[] } {
  let consent = initialConsent(undefined, undefined, T0);
  const results: ConsentResult[] = [];
  for (const e of events) {
    const r = reduceConsent(consent, e);
    results.push(r);
    consent = r.state;
  }
  return { consent, results };
}

function view(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 's-1',
    state: 'active',
    createdAt: T0,
    technician: TECH,
    customerPresent: true,
    technicianPresent: true,
    consent: initialConsent(undefined, undefined, T0),
    ...overrides,
  };
}

function joinResult(session = view()): JoinResult {
  return { session, resumeToken: 'r'.repeat(43), resumeGraceMs: 120_000, rtc: { iceServers: [] }, limits: { maxFileBytes: 25 * 1024 * 1024 } };
}

function message(seq: number, from: 'customer' | 'technician' = 'technician', clientId = `${from[0]}-${seq}`): ChatMessage {
  return { id: `m${seq}`, seq, clientId, from, text: `message ${seq}`, at: T0 + seq * 1000 };
}

const connected = () => at(initialWidgetState(), { type: 'connecting', now: T0 }, { type: 'joined', result: joinResult(), now: T0 });
const messages = (s: WidgetState) => s.items.filter((i): i is MessageItem => i.kind === 'message');
const systemLines = (s: WidgetState) => s.items.flatMap((i) => (i.kind === 'system' ? [i.fn ? `${i.event}:${i.fn}` : i.event] : []));

describe('the customer journey', () => {
  it('starts idle, with nothing granted', () => {
    const s = initialWidgetState();
    expect(s.phase).toBe('idle');
    expect(s.items).toEqual([]);
    expect(Object.values(s.grants).every((g) => g === 'none')).toBe(true);
    expect(s.consentVersion).toBe(0);
  });

  it('goes idle → connecting → connected when a code is accepted, and says the technician joined', () => {
    const { state, notices } = run(initialWidgetState(), { type: 'connecting', now: T0 }, { type: 'joined', result: joinResult(), now: T0 + 5 });
    expect(state.phase).toBe('connected');
    expect(state.sessionId).toBe('s-1');
    expect(state.technician).toEqual(TECH);
    expect(state.technicianPresent).toBe(true);
    expect(systemLines(state)).toEqual(['technician-joined']);
    expect(notices).toEqual([
      { type: 'state', phase: 'connecting', previous: 'idle' },
      { type: 'state', phase: 'connected', previous: 'connecting' },
    ]);
  });

  it('waits in the queue with its position, and connects when a technician picks it', () => {
    const queued = view({ state: 'queued', technicianPresent: false, technician: undefined });
    let s = at(initialWidgetState(), { type: 'connecting', now: T0 }, { type: 'joined', result: joinResult(queued), position: 2, now: T0 });
    expect(s.phase).toBe('waiting');
    expect(s.queue).toEqual({ position: 2, total: 2 });
    s = at(s, relay('queue:position', { position: 1, total: 3 }));
    expect(s.queue).toEqual({ position: 1, total: 3 });
    const r = run(s, relay('session:update', view()), relay('participant:update', { role: 'technician', present: true, reason: 'joined' }));
    expect(r.state.phase).toBe('connected');
    expect(r.state.queue).toBeUndefined();
    expect(r.state.technician).toEqual(TECH);
    expect(systemLines(r.state)).toEqual(['technician-joined']);
    expect(r.notices[0]).toEqual({ type: 'state', phase: 'connected', previous: 'waiting' });
  });

  it('keeps a queue position that arrived before the acknowledgement (it knows the total)', () => {
    const queued = view({ state: 'queued', technicianPresent: false, technician: undefined });
    const s = at(
      initialWidgetState(),
      { type: 'connecting', now: T0 },
      relay('queue:position', { position: 3, total: 3 }),
      { type: 'joined', result: joinResult(queued), position: 3, now: T0 },
    );
    expect(s.queue).toEqual({ position: 3, total: 3 });
  });

  it('starts afresh when the customer connects again after an ended session', () => {
    const ended = at(connected(), relay('session:ended', { by: 'technician', reason: 'technician-ended' }));
    const s = at(ended, { type: 'connecting', now: T0 + 10 });
    expect(s).toEqual({ ...initialWidgetState(), phase: 'connecting' });
  });

  it('goes back to idle without a trace on reset', () => {
    expect(at(connected(), { type: 'reset' })).toEqual(initialWidgetState());
  });

  it('ignores relay events while idle (a late event of a closed socket)', () => {
    const s = initialWidgetState();
    expect(reduceWidget(s, relay('chat:message', message(1))).state).toBe(s);
  });
});

describe('errors shown on the code screen', () => {
  const failed = (error: Parameters<typeof relayError>[0] | 'unreachable', extra = {}) =>
    at(initialWidgetState(), { type: 'connecting', now: T0 }, { type: 'join-failed', error: error === 'unreachable' ? error : relayError(error, extra), now: T0 + 7 });

  it.each(['invalid-code', 'code-expired', 'code-used', 'session-ended', 'no-technician', 'capacity', 'forbidden-origin'] as const)(
    'maps %s to an idle screen with that error',
    (code) => {
      const s = failed(code);
      expect(s.phase).toBe('idle');
      expect(s.error).toEqual({ code, at: T0 + 7 });
    },
  );

  it('keeps retryAfter and the time it was received for too many attempts', () => {
    expect(failed('rate-limited', { retryAfter: 42_000 }).error).toEqual({ code: 'rate-limited', retryAfter: 42_000, at: T0 + 7 });
  });

  it('keeps the business hours for outside-hours', () => {
    const hours = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' };
    expect(failed('outside-hours', { hours }).error).toEqual({ code: 'outside-hours', hours, at: T0 + 7 });
  });

  it('says unreachable when the relay could not be reached at all', () => {
    expect(failed('unreachable').error).toEqual({ code: 'unreachable', at: T0 + 7 });
  });

  it('clears the error with the next attempt', () => {
    expect(at(failed('invalid-code'), { type: 'connecting', now: T0 + 9 }).error).toBeUndefined();
  });
});

describe('consent as the relay confirms it', () => {
  it('shows the prompt from consent:prompt with the technician and a countdown, announced once', () => {
    const { consent } = consentAfter({ type: 'request', fn: 'desktop-view', now: T0 + 100 });
    const prompt = consent.prompts[0]!;
    const r = run(connected(), relay('consent:prompt', { prompt, technician: TECH }), relay('consent:prompt', { prompt, technician: TECH }));
    expect(r.state.prompt).toEqual({ ...prompt, expiresAt: T0 + 100 + 60_000, technician: TECH });
    expect(r.notices.filter((n) => n.type === 'consent-request')).toHaveLength(1);
    expect(r.state.grants['desktop-view']).toBe('none');
    expect(at(r.state, relay('consent:prompt', { prompt: null })).prompt).toBeUndefined();
  });

  it('shows a grant only from the relay’s consent:update, with a system line and a grant notice', () => {
    const { consent: requested, results } = consentAfter({ type: 'request', fn: 'desktop-view', now: T0 });
    const prompt = requested.prompts[0]!;
    let s = at(connected(), relay('consent:update', { consent: requested, changes: results[0]!.changes }), relay('consent:prompt', { prompt }));
    expect(s.grants['desktop-view']).toBe('pending');
    const allowed = reduceConsent(requested, { type: 'decide', promptId: prompt.id, allow: true, now: T0 + 10 });
    const r = run(s, relay('consent:update', { consent: allowed.state, changes: allowed.changes }));
    s = r.state;
    expect(s.grants['desktop-view']).toBe('granted');
    expect(s.consentVersion).toBe(allowed.state.version);
    expect(systemLines(s)).toEqual(['technician-joined', 'granted:desktop-view']);
    expect(r.notices).toEqual([{ type: 'grant', fn: 'desktop-view' }]);
    // The prompt that was answered is gone even before consent:prompt null arrives.
    expect(s.prompt).toBeUndefined();
  });

  it('changes no grant on any local event', () => {
    const s = connected();
    const local: WidgetEvent[] = [
      { type: 'message-queued', clientId: 'c1', text: 'hi', now: T0 },
      { type: 'message-sending', clientId: 'c1' },
      { type: 'connection-lost', now: T0 },
      { type: 'typing-timeout' },
    ];
    expect(at(s, ...local).grants).toEqual(s.grants);
  });

  it('ignores a consent update older than the one it has', () => {
    const { consent: v1, results } = consentAfter({ type: 'request', fn: 'file-transfer', now: T0 });
    const prompt = v1.prompts[0]!;
    const v2 = reduceConsent(v1, { type: 'decide', promptId: prompt.id, allow: true, now: T0 + 1 });
    const s = at(connected(), relay('consent:update', { consent: v2.state, changes: v2.changes }), relay('consent:update', { consent: v1, changes: results[0]!.changes }));
    expect(s.grants['file-transfer']).toBe('granted');
    expect(s.consentVersion).toBe(v2.state.version);
  });

  it('says denied, expired, revoked and used, and announces the end of a live grant with its status', () => {
    const steps: ConsentEvent[] = [
      { type: 'request', fn: 'desktop-view', now: T0 },
      { type: 'decide', promptId: 'p1-desktop-view', allow: true, now: T0 + 1 },
      { type: 'request', fn: 'system-info', now: T0 + 2 },
      { type: 'decide', promptId: 'p3-system-info', allow: true, now: T0 + 3 },
      { type: 'use', fn: 'system-info', now: T0 + 4 },
      { type: 'request', fn: 'reboot', now: T0 + 5 },
      { type: 'decide', promptId: 'p6-reboot', allow: false, now: T0 + 6 },
      { type: 'request', fn: 'file-transfer', now: T0 + 7 },
      { type: 'tick', now: T0 + 7 + 60_000 },
      { type: 'revoke', fn: 'desktop-view', now: T0 + 70_000 },
    ];
    const { results } = consentAfter(...steps);
    expect(results.every((r) => r.error === undefined)).toBe(true);
    const r = run(connected(), ...results.map((res) => relay('consent:update', { consent: res.state, changes: res.changes })));
    expect(systemLines(r.state)).toEqual([
      'technician-joined',
      'granted:desktop-view',
      'granted:system-info',
      'used:system-info',
      'denied:reboot',
      'expired:file-transfer',
      'revoked:desktop-view',
    ]);
    expect(r.notices).toEqual([
      { type: 'grant', fn: 'desktop-view' },
      { type: 'grant', fn: 'system-info' },
      { type: 'revoke', fn: 'system-info', status: 'used' },
      { type: 'revoke', fn: 'desktop-view', status: 'revoked' },
    ]);
    expect(r.state.grants).toMatchObject({ 'desktop-view': 'revoked', 'system-info': 'used', reboot: 'denied', 'file-transfer': 'expired' });
  });
});

describe('the chat log', () => {
  it('adds the technician’s messages once, in sequence order, and announces each once', () => {
    const r = run(connected(), relay('chat:message', message(2)), relay('chat:message', message(1)), relay('chat:message', message(2)));
    expect(messages(r.state).map((m) => m.seq)).toEqual([1, 2]);
    expect(r.notices.filter((n) => n.type === 'message')).toHaveLength(2);
    expect(messages(r.state)[0]).toMatchObject({ from: 'technician', status: 'sent', text: 'message 1', at: T0 + 1000 });
  });

  it('follows an own message from queued to sending to sent, taking the relay’s id, seq and time', () => {
    let s = at(connected(), { type: 'message-queued', clientId: 'c-1', text: 'Hello', now: T0 + 1 });
    expect(messages(s)[0]).toEqual({ kind: 'message', clientId: 'c-1', from: 'customer', text: 'Hello', at: T0 + 1, status: 'queued' });
    s = at(s, { type: 'message-sending', clientId: 'c-1' });
    expect(messages(s)[0]!.status).toBe('sending');
    s = at(s, { type: 'message-sent', message: { ...message(1, 'customer', 'c-1'), text: 'Hello' } });
    expect(messages(s)[0]).toMatchObject({ clientId: 'c-1', id: 'm1', seq: 1, at: T0 + 1000, status: 'sent' });
  });

  it('marks a failed message with its error and puts it back in line on retry', () => {
    let s = at(connected(), { type: 'message-queued', clientId: 'c-1', text: 'Hello', now: T0 }, { type: 'message-failed', clientId: 'c-1', error: 'rate-limited' });
    expect(messages(s)[0]).toMatchObject({ status: 'failed', error: 'rate-limited' });
    s = at(s, { type: 'message-requeued', clientId: 'c-1' });
    expect(messages(s)[0]!.status).toBe('queued');
    expect(messages(s)[0]!.error).toBeUndefined();
  });

  it('keeps unsent own messages at the bottom and puts them in sequence order once sent', () => {
    let s = at(
      connected(),
      relay('chat:message', message(1)),
      { type: 'message-queued', clientId: 'c-a', text: 'A', now: T0 },
      { type: 'message-sending', clientId: 'c-a' },
      relay('chat:message', message(3)),
    );
    expect(messages(s).map((m) => m.clientId)).toEqual(['t-1', 't-3', 'c-a']);
    s = at(s, { type: 'message-sent', message: { ...message(2, 'customer', 'c-a'), text: 'A' } });
    expect(messages(s).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('does not move a sent message that is already in order', () => {
    const s = at(
      connected(),
      { type: 'message-queued', clientId: 'c-a', text: 'A', now: T0 },
      { type: 'message-sent', message: message(1, 'customer', 'c-a') },
    );
    expect(s.items.map((i) => (i.kind === 'message' ? i.clientId : i.event))).toEqual(['technician-joined', 'c-a']);
  });

  it('knows up to which seq it has every message', () => {
    const s = at(connected(), relay('chat:message', message(1)), relay('chat:message', message(2)), relay('chat:message', message(4)));
    expect(lastContiguousSeq(s.items)).toBe(2);
    expect(lastContiguousSeq([])).toBe(0);
  });

  it('shows the technician typing until they stop, send a message, leave or time out', () => {
    const typing = at(connected(), relay('chat:typing', { from: 'technician', typing: true }));
    expect(typing.technicianTyping).toBe(true);
    expect(at(typing, relay('chat:typing', { from: 'technician', typing: false })).technicianTyping).toBe(false);
    expect(at(typing, relay('chat:message', message(1))).technicianTyping).toBe(false);
    expect(at(typing, { type: 'typing-timeout' }).technicianTyping).toBe(false);
    expect(at(typing, relay('participant:update', { role: 'technician', present: false, reason: 'dropped' })).technicianTyping).toBe(false);
    expect(at(connected(), relay('chat:typing', { from: 'customer', typing: true })).technicianTyping).toBe(false);
  });

  it('says when the technician is away and back', () => {
    const s = at(
      connected(),
      relay('participant:update', { role: 'technician', present: false, reason: 'dropped' }),
      relay('participant:update', { role: 'technician', present: true, reason: 'resumed' }),
    );
    expect(systemLines(s)).toEqual(['technician-joined', 'technician-away', 'technician-back']);
    expect(s.technicianPresent).toBe(true);
  });

  it('names the new technician when the session is handed over, then says they joined', () => {
    const s = at(
      connected(),
      relay('session:update', view({ technician: { name: 'Sam Field', org: 'Demo Support' }, technicianPresent: false })),
      relay('participant:update', { role: 'technician', present: false, reason: 'handed-off' }),
      relay('participant:update', { role: 'technician', present: true, reason: 'joined' }),
    );
    expect(systemLines(s)).toEqual(['technician-joined', 'handed-off', 'technician-joined']);
    expect(s.technician).toEqual({ name: 'Sam Field', org: 'Demo Support' });
    expect(s.technicianPresent).toBe(true);
  });

  it('gives every system line a unique key', () => {
    const s = at(
      connected(),
      relay('participant:update', { role: 'technician', present: false, reason: 'dropped' }),
      relay('participant:update', { role: 'technician', present: true, reason: 'resumed' }),
      relay('participant:update', { role: 'technician', present: false, reason: 'dropped' }),
    );
    const keys = s.items.flatMap((i) => (i.kind === 'system' ? [i.key] : []));
    expect(new Set(keys).size).toBe(4);
  });

  it('keeps the audit log in order without duplicates', () => {
    const entry = (seq: number): AuditEntry => ({ seq, at: T0 + seq, actor: 'relay', type: 'consent-changed' });
    const s = at(connected(), relay('audit:entry', entry(2)), relay('audit:entry', entry(1)), relay('audit:entry', entry(2)));
    expect(s.audit?.map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('dropped connections', () => {
  it('goes reconnecting with a system line; a message on its way goes back to queued', () => {
    const s = at(
      connected(),
      relay('chat:typing', { from: 'technician', typing: true }),
      { type: 'message-queued', clientId: 'c-1', text: 'Hi', now: T0 },
      { type: 'message-sending', clientId: 'c-1' },
    );
    const r = run(s, { type: 'connection-lost', now: T0 + 1 });
    expect(r.state.phase).toBe('reconnecting');
    expect(r.state.technicianTyping).toBe(false);
    expect(messages(r.state)[0]!.status).toBe('queued');
    expect(systemLines(r.state)).toEqual(['technician-joined', 'connection-lost']);
    expect(r.notices).toEqual([{ type: 'state', phase: 'reconnecting', previous: 'connected' }]);
  });

  it('comes back connected, says so, and merges the missed messages without duplicates', () => {
    let s = at(connected(), relay('chat:message', message(1)), relay('chat:message', message(2)), { type: 'connection-lost', now: T0 });
    s = at(s, { type: 'message-queued', clientId: 'c-x', text: 'typed offline', now: T0 + 1 });
    const r = run(s, { type: 'resumed', result: joinResult(), missed: [message(2), message(3), message(4)], now: T0 + 2 });
    expect(r.state.phase).toBe('connected');
    expect(messages(r.state).map((m) => m.seq ?? m.clientId)).toEqual([1, 2, 3, 4, 'c-x']);
    expect(systemLines(r.state)).toEqual(['technician-joined', 'connection-lost', 'connection-restored']);
    expect(r.notices.filter((n) => n.type === 'message').map((n) => (n.type === 'message' ? n.message.seq : 0))).toEqual([3, 4]);
  });

  it('takes an own message found among the missed ones as sent', () => {
    const s = at(connected(), { type: 'message-queued', clientId: 'c-1', text: 'Hi', now: T0 }, { type: 'connection-lost', now: T0 });
    const r = at(s, { type: 'resumed', result: joinResult(), missed: [{ ...message(1, 'customer', 'c-1'), text: 'Hi' }], now: T0 });
    expect(messages(r)).toHaveLength(1);
    expect(messages(r)[0]).toMatchObject({ clientId: 'c-1', seq: 1, status: 'sent' });
  });

  it('shows the prompt that is on show in the resumed session', () => {
    const { consent } = consentAfter({ type: 'request', fn: 'file-transfer', now: T0 });
    const r = run(
      at(connected(), { type: 'connection-lost', now: T0 }),
      { type: 'resumed', result: joinResult(view({ consent })), missed: [], now: T0 + 1 },
    );
    expect(r.state.prompt).toMatchObject({ id: consent.prompts[0]!.id, fn: 'file-transfer', technician: TECH });
    expect(r.state.grants['file-transfer']).toBe('pending');
    expect(r.notices.some((n) => n.type === 'consent-request')).toBe(true);
  });

  it('ends with the error when the session cannot be resumed after a drop, failing unsent messages', () => {
    const s = at(connected(), { type: 'message-queued', clientId: 'c-1', text: 'Hi', now: T0 }, { type: 'connection-lost', now: T0 });
    const r = run(s, { type: 'resume-failed', error: relayError('resume-expired'), reload: false, now: T0 + 3 });
    expect(r.state.phase).toBe('ended');
    expect(r.state.error).toEqual({ code: 'resume-expired', at: T0 + 3 });
    expect(r.state.ended).toBeUndefined();
    expect(messages(r.state)[0]).toMatchObject({ status: 'failed', error: 'session-ended' });
    expect(r.notices).toEqual([{ type: 'state', phase: 'ended', previous: 'reconnecting' }]);
  });

  it('takes who ended it from the relay’s error detail when the relay gives it', () => {
    const s = at(connected(), { type: 'connection-lost', now: T0 });
    const r = run(s, { type: 'resume-failed', error: relayError('session-ended', { detail: 'technician-ended' }), reload: false, now: T0 });
    expect(r.state.ended).toEqual({ by: 'technician', reason: 'technician-ended' });
    expect(r.notices).toContainEqual({ type: 'end', by: 'technician', reason: 'technician-ended' });
  });

  it('goes back to idle with the error when a resume after a reload is refused', () => {
    const s = at(initialWidgetState(), { type: 'connecting', now: T0 });
    const r = at(s, { type: 'resume-failed', error: relayError('session-ended'), reload: true, now: T0 + 1 });
    expect(r).toEqual({ ...initialWidgetState(), error: { code: 'session-ended', at: T0 + 1 } });
  });
});

describe('the end', () => {
  it('ends with who and why, closes the prompt, says so, and announces it once', () => {
    const { consent } = consentAfter({ type: 'request', fn: 'desktop-view', now: T0 });
    let s = at(connected(), relay('consent:prompt', { prompt: consent.prompts[0]! }), { type: 'message-queued', clientId: 'c-9', text: 'late', now: T0 });
    const r = run(s, relay('session:ended', { by: 'technician', reason: 'technician-ended' }, T0 + 50));
    s = r.state;
    expect(s.phase).toBe('ended');
    expect(s.ended).toEqual({ by: 'technician', reason: 'technician-ended' });
    expect(s.prompt).toBeUndefined();
    expect(s.technicianPresent).toBe(false);
    expect(systemLines(s).at(-1)).toBe('ended');
    expect(messages(s)[0]).toMatchObject({ status: 'failed', error: 'session-ended' });
    expect(r.notices).toEqual([
      { type: 'state', phase: 'ended', previous: 'connected' },
      { type: 'end', by: 'technician', reason: 'technician-ended' },
    ]);
    expect(run(s, relay('session:ended', { by: 'technician', reason: 'technician-ended' })).notices).toEqual([]);
  });

  it('ends on its side when the customer disconnects without a relay to tell', () => {
    const s = at(connected(), { type: 'connection-lost', now: T0 }, { type: 'ended-locally', by: 'customer', reason: 'customer-ended', now: T0 + 1 });
    expect(s.phase).toBe('ended');
    expect(s.ended).toEqual({ by: 'customer', reason: 'customer-ended' });
  });

  it('does not let a session:update with the ended state end it without who and why', () => {
    const s = at(connected(), relay('session:update', view({ state: 'ended' })));
    expect(s.phase).toBe('connected');
  });

  it('words remote control as pointing until the vendor\'s agent declares itself, and again after it left', () => {
    const before = connected();
    expect(before.control).toBe('point');
    const withAgent = at(before, relay('session:update', view({ agent: { name: 'Acme Assist' } })));
    expect(withAgent.control).toBe('full');
    expect(at(withAgent, relay('session:update', view())).control).toBe('point');
  });
});

describe('the functions', () => {
  /** Connected with `fns` granted by the relay (through the real consent reducer). */
  function granted(...fns: Array<'desktop-view' | 'remote-control' | 'file-transfer' | 'system-info' | 'reboot'>): WidgetState {
    const events: ConsentEvent[] = [];
    for (const fn of fns) {
      events.push({ type: 'request', fn, now: T0 });
      events.push({ type: 'decide', promptId: '', allow: true, now: T0 });
    }
    let consent = initialConsent(undefined, undefined, T0);
    for (const e of events) {
      const promptId = e.type === 'decide' ? consent.prompts[0]!.id : '';
      consent = reduceConsent(consent, e.type === 'decide' ? { ...e, promptId } : e).state;
    }
    return at(connected(), relay('consent:update', { consent, changes: [] }));
  }
  const sharing = (surface: 'this-tab' | 'monitor') => ({ type: 'screen', view: { state: 'sharing', surface } }) as const;
  const pointer = (x: number, y: number) => relay('control:event', { type: 'pointer', x, y });

  it('keeps the technician pointer only while control is live and this very tab is shared', () => {
    const live = at(granted('desktop-view', 'remote-control'), sharing('this-tab'));
    expect(at(live, pointer(0.25, 0.5)).pointer).toEqual({ x: 0.25, y: 0.5 });
    expect(at(live, pointer(-3, 7)).pointer).toEqual({ x: 0, y: 1 });
    expect(at(live, pointer(0.1, 0.1), relay('control:event', { type: 'pointer-hide' })).pointer).toBeUndefined();
    // Another surface, no control, or the screen stopped: no pointer.
    expect(at(granted('desktop-view', 'remote-control'), sharing('monitor'), pointer(0.5, 0.5)).pointer).toBeUndefined();
    expect(at(granted('desktop-view'), sharing('this-tab'), pointer(0.5, 0.5)).pointer).toBeUndefined();
    expect(at(live, pointer(0.5, 0.5), { type: 'screen', view: undefined }).pointer).toBeUndefined();
    // Revoking control takes the pointer away at once.
    const withPointer = at(live, pointer(0.5, 0.5));
    const revoked = reduceConsent(
      reduceConsent(initialConsent(undefined, undefined, T0), { type: 'request', fn: 'desktop-view', now: T0 }).state,
      { type: 'end', now: T0 },
    ).state;
    expect(at(withPointer, relay('consent:update', { consent: { ...revoked, version: 99 }, changes: [] })).pointer).toBeUndefined();
  });

  it('shows system information until the customer answers, then says what they did', () => {
    const items = [{ key: 'timeZone' as const, value: 'Europe/Warsaw' }];
    const shown = at(granted('system-info'), { type: 'sysinfo', items, now: T0 });
    expect(shown.sysinfo).toEqual(items);
    const sent = at(shown, { type: 'sysinfo', answer: 'sent', now: T0 });
    expect(sent.sysinfo).toBeUndefined();
    expect(systemLines(sent).at(-1)).toBe('sysinfo-sent');
    expect(systemLines(at(shown, { type: 'sysinfo', answer: 'declined', now: T0 })).at(-1)).toBe('sysinfo-declined');
    expect(at(shown, { type: 'sysinfo', now: T0 }).sysinfo).toBeUndefined();
  });

  it('keeps the reboot notice (never the token) and forgets every function at the end', () => {
    let s = at(granted('desktop-view', 'remote-control'), { type: 'reboot', expiresAt: T0 + 900_000 }, sharing('this-tab'), pointer(0.5, 0.5));
    s = at(s, { type: 'sysinfo', items: [{ key: 'cookies', value: 'enabled' }], now: T0 });
    expect(s.reboot).toEqual({ expiresAt: T0 + 900_000 });
    s = at(s, relay('session:ended', { by: 'technician', reason: 'technician-ended' }));
    expect([s.reboot, s.screen, s.pointer, s.sysinfo]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('rejoins after a restart with the whole transcript, says so, and asks to be shown', () => {
    const r = run(initialWidgetState(), { type: 'connecting', now: T0 }, {
      type: 'rejoined',
      result: { ...joinResult(), messages: [message(1), message(2, 'customer')] },
      now: T0 + 1,
    });
    expect(r.state.phase).toBe('connected');
    expect(messages(r.state).map((m) => m.seq)).toEqual([1, 2]);
    expect(systemLines(r.state).at(-1)).toBe('restarted');
    expect(r.notices.map((n) => n.type)).toContain('rejoined');
  });
});
