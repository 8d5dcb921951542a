/**
 * The console's reducer: relay events and local actions in, a new state out, never mutating its input (every
 * reduction here goes through `reduce`, which deep-freezes the input and compares it afterwards).
 */
import { describe, expect, it } from 'vitest';
import type { CreateResult } from '../../src/protocol/events.js';
import { initialConsoleState, reduceConsole, relayNow } from '../../src/console/session/reducer.js';
import type { ConsoleState } from '../../src/console/session/types.js';
import { audit, consent, consentAfter, holding, message, reduce, relay, run, T0, TECH, view } from './console-fixtures.js';

const created = (extra: Partial<CreateResult> = {}): CreateResult => ({
  session: view({ state: 'open', customerPresent: false }),
  code: '123456',
  joinUrl: 'https://help.example.com/?rsw-code=123456',
  codeExpiresAt: T0 + 600_000,
  rtc: { iceServers: [] },
  limits: { maxFileBytes: 25 * 1024 * 1024 },
  ...extra,
});

describe('signing in', () => {
  it('starts signed out with nothing', () => {
    expect(initialConsoleState()).toEqual({
      connection: 'signed-out',
      queue: [],
      inbox: [],
      messages: [],
      audit: [],
      customerTyping: false,
      requests: {},
      uses: {},
      seq: 0,
      video: 'idle',
      transfers: [],
    });
  });

  it('connects, and a connection clears the sign-in error but not others', () => {
    let s = reduce(initialConsoleState(), { type: 'sign-in', technician: TECH, now: T0 });
    expect(s).toMatchObject({ connection: 'connecting', technician: TECH });
    s = reduce(s, { type: 'connect-failed', code: 'unreachable', fatal: false, now: T0 });
    expect(s).toMatchObject({ connection: 'connecting', error: { op: 'sign-in', code: 'unreachable', at: T0 } });
    s = reduce(s, { type: 'connected', now: T0 });
    expect(s.connection).toBe('connected');
    expect(s.error).toBeUndefined();

    const failedPick = reduce(s, { type: 'op-failed', op: 'pick', error: { code: 'not-found' }, now: T0 });
    expect(reduce(failedPick, { type: 'connected', now: T0 }).error).toMatchObject({ op: 'pick', code: 'not-found' });
  });

  it('signs out with a clear unauthorized error when the relay refuses the token', () => {
    const s = run(
      initialConsoleState(),
      { type: 'sign-in', technician: TECH, now: T0 },
      { type: 'connect-failed', code: 'unauthorized', fatal: true, now: T0 + 5 },
    );
    expect(s.connection).toBe('signed-out');
    expect(s.error).toEqual({ op: 'sign-in', code: 'unauthorized', at: T0 + 5 });
    expect(s.technician).toBeUndefined();
    // The next attempt starts clean.
    expect(reduce(s, { type: 'sign-in', now: T0 + 10 }).error).toBeUndefined();
  });

  it('keeps a session in memory across a refused reconnect, so signing in again returns to it', () => {
    const s = reduce(holding(), { type: 'connect-failed', code: 'unauthorized', fatal: true, now: T0 });
    expect(s.connection).toBe('signed-out');
    expect(s.session?.id).toBe('s1');
  });

  it('signing out forgets everything', () => {
    expect(reduce(holding(), { type: 'sign-out' })).toEqual(initialConsoleState());
  });
});

describe('creating, picking and attaching', () => {
  it('creates a session: the audit entry that comes before the acknowledgement is kept, the code is shown', () => {
    const old = { ...holding({ state: 'ended' }), messages: [{ kind: 'message', clientId: 'x', from: 'customer', text: 'old', at: T0, status: 'sent', seq: 1 }] } as ConsoleState;
    let s = reduce(old, { type: 'op-start', op: 'create', now: T0 });
    expect(s.session).toBeUndefined();
    expect(s.messages).toEqual([]);
    expect(s.pending).toEqual({ op: 'create' });
    s = reduce(s, relay('audit:entry', audit(1, { actor: 'technician', type: 'session-created' })));
    s = reduce(s, { type: 'created', result: created(), now: T0 });
    expect(s.pending).toBeUndefined();
    expect(s.session?.state).toBe('open');
    expect(s.code).toEqual({ code: '123456', joinUrl: 'https://help.example.com/?rsw-code=123456', expiresAt: T0 + 600_000 });
    expect(s.audit.map((e) => e.type)).toEqual(['session-created']);
    expect(s.relay).toEqual({ rtc: { iceServers: [] }, limits: { maxFileBytes: 25 * 1024 * 1024 } });
  });

  it('a failed operation says what failed and clears what was under way', () => {
    const s = run(
      holding(),
      { type: 'op-start', op: 'end', now: T0 },
      { type: 'op-failed', op: 'end', error: { code: 'timeout' }, now: T0 + 1 },
    );
    expect(s.pending).toBeUndefined();
    expect(s.error).toEqual({ op: 'end', code: 'timeout', at: T0 + 1 });
    expect(reduce(s, { type: 'op-start', op: 'end', now: T0 + 2 }).error).toBeUndefined();
  });

  it('op-done clears only the operation it names', () => {
    const s = reduce(holding(), { type: 'op-start', op: 'end', now: T0 });
    expect(reduce(s, { type: 'op-done', op: 'pick' })).toBe(s);
    expect(reduce(s, { type: 'op-done', op: 'end' }).pending).toBeUndefined();
  });

  it('accepts the session a pick announces before its acknowledgement, and ignores other sessions', () => {
    let s = reduce(holding(), { type: 'op-start', op: 'pick', sessionId: 'q1', now: T0 });
    expect(s.pending).toEqual({ op: 'pick', sessionId: 'q1' });
    s = reduce(s, relay('session:update', view({ id: 'q1', customer: { name: 'Ada', description: 'Printer' } })));
    expect(s.session?.id).toBe('q1');
    expect(reduce(s, relay('session:update', view({ id: 'other' })))).toBe(s);
    s = reduce(s, { type: 'picked', session: view({ id: 'q1', customer: { name: 'Ada', description: 'Printer' } }), now: T0 });
    expect(s.pending).toBeUndefined();
    s = reduce(s, { type: 'audit-fetched', entries: [audit(2, { type: 'technician-joined' }), audit(1, { type: 'customer-queued' })] });
    expect(s.audit.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('re-attaches: history merges with messages still waiting to be sent, the audit log is replaced', () => {
    const queued = reduce(holding(), { type: 'chat-add', clientId: 't-late', text: 'written while away', queued: true, now: T0 + 50_000 });
    const withSent = reduce(queued, { type: 'chat-sent', message: message(1, { from: 'technician', clientId: 't-1' }) });
    const s = reduce(withSent, {
      type: 'attached',
      session: view(),
      messages: [message(1, { from: 'technician', clientId: 't-1' }), message(2)],
      audit: [audit(2), audit(1), audit(2)],
      now: T0,
    });
    expect(s.messages.map((m) => [m.clientId, m.status, m.seq])).toEqual([
      ['t-1', 'sent', 1],
      ['c2', 'sent', 2],
      ['t-late', 'queued', undefined],
    ]);
    expect(s.audit.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('attaching to a different session (after a reload) starts afresh; the code comes back only while it is unused', () => {
    const before = { ...holding({ id: 'old' }), code: { code: '999999', joinUrl: '?rsw-code=999999', expiresAt: T0 } };
    const code = { code: '123456', joinUrl: '?rsw-code=123456', expiresAt: T0 + 600_000 };
    const open = reduce(before, { type: 'attached', session: view({ state: 'open' }), messages: [], audit: [], code, now: T0 });
    expect(open.code).toEqual(code);
    const active = reduce(before, { type: 'attached', session: view(), messages: [], audit: [], code, now: T0 });
    expect(active.code).toBeUndefined();
  });

  it('ignores session updates and audit entries that are not about its session', () => {
    const idle: ConsoleState = { ...initialConsoleState(), connection: 'connected' };
    expect(reduce(idle, relay('session:update', view()))).toBe(idle);
    expect(reduce(idle, relay('audit:entry', audit(1))).audit).toEqual([]);
    expect(reduce(holding(), relay('session:update', view({ id: 'elsewhere' }))).session?.id).toBe('s1');
    // …but a pick's session arrives before its acknowledgement and is taken.
    const picking = reduce(idle, { type: 'op-start', op: 'pick', sessionId: 'q1', now: T0 });
    expect(reduce(picking, relay('session:update', view({ id: 'q2' }))).session).toBeUndefined();
    expect(reduce(picking, relay('session:update', view({ id: 'q1' }))).session?.id).toBe('q1');
    expect(reduce(picking, relay('audit:entry', audit(1))).audit).toHaveLength(1);
  });

  it('forgets a stored session the relay does not know, and ends one that ended while the console was away', () => {
    expect(reduce(holding(), { type: 'forget-session' }).session).toBeUndefined();
    const s = reduce(holding(), { type: 'ended-unseen', now: T0 });
    expect(s.session?.state).toBe('ended');
    expect(s.ended).toEqual({ at: T0 });
    expect(s.notice).toMatchObject({ kind: 'session-ended' });
  });

  it('marks the messages still waiting failed when the session is found ended, however the console learns it', () => {
    const waiting = run(
      holding(),
      { type: 'chat-add', clientId: 't1', text: 'on its way', queued: false, now: T0 },
      { type: 'chat-add', clientId: 't2', text: 'written while away', queued: true, now: T0 },
    );
    for (const ended of [
      reduce(waiting, { type: 'ended-unseen', now: T0 }),
      reduce(waiting, relay('session:ended', { by: 'customer', reason: 'customer-ended' })),
    ]) {
      expect(ended.messages.map((m) => [m.clientId, m.status, m.error])).toEqual([
        ['t1', 'failed', 'session-ended'],
        ['t2', 'failed', 'session-ended'],
      ]);
    }
  });

  it('keeps an attach pending while it is tried again after a transient error, and drops it after a final one', () => {
    const attaching = reduce(holding(), { type: 'op-start', op: 'attach', sessionId: 's1', now: T0 });
    const retrying = reduce(attaching, { type: 'op-failed', op: 'attach', error: { code: 'unavailable' }, retrying: true, now: T0 });
    expect(retrying.pending).toEqual({ op: 'attach', sessionId: 's1' });
    expect(retrying.error).toMatchObject({ op: 'attach', code: 'unavailable' });
    expect(reduce(retrying, { type: 'op-failed', op: 'attach', error: { code: 'not-found' }, now: T0 }).pending).toBeUndefined();
  });

  it('puts away only an ended session', () => {
    const live = holding();
    expect(reduce(live, { type: 'close-session' })).toBe(live);
    const closed = reduce(holding({ state: 'ended' }), { type: 'close-session' });
    expect(closed.session).toBeUndefined();
    expect(closed.connection).toBe('connected');
  });
});

describe('the queue', () => {
  it('follows queue:update and queue:list', () => {
    const entry = { sessionId: 'q1', name: 'Ada', description: '', joinedAt: T0, position: 1 };
    const s = reduce(initialConsoleState(), relay('queue:update', { entries: [entry] }));
    expect(s.queue).toEqual([entry]);
    expect(reduce(s, { type: 'queue-listed', entries: [] }).queue).toEqual([]);
  });
});

describe('chat', () => {
  it('adds the technician’s message as sending (or queued while away), then sent with the relay’s seq', () => {
    let s = reduce(holding(), { type: 'chat-add', clientId: 't1', text: 'Hello', queued: false, now: T0 });
    expect(s.messages).toEqual([{ kind: 'message', clientId: 't1', from: 'technician', text: 'Hello', at: T0, status: 'sending' }]);
    s = reduce(s, { type: 'chat-sent', message: message(1, { from: 'technician', clientId: 't1', text: 'Hello', at: T0 + 3 }) });
    expect(s.messages).toEqual([
      { kind: 'message', clientId: 't1', id: 'm1', seq: 1, from: 'technician', text: 'Hello', at: T0 + 3, status: 'sent' },
    ]);
    expect(reduce(holding(), { type: 'chat-add', clientId: 't2', text: 'x', queued: true, now: T0 }).messages[0]?.status).toBe('queued');
  });

  it('marks a refused message failed with the reason; a retry clears it', () => {
    let s = run(
      holding(),
      { type: 'chat-add', clientId: 't1', text: 'x'.repeat(3000), queued: false, now: T0 },
      { type: 'chat-failed', clientId: 't1', error: 'too-large' },
    );
    expect(s.messages[0]).toMatchObject({ status: 'failed', error: 'too-large' });
    s = reduce(s, { type: 'chat-sending', clientId: 't1' });
    expect(s.messages[0]?.status).toBe('sending');
    expect(s.messages[0]?.error).toBeUndefined();
    s = run(s, { type: 'chat-failed', clientId: 't1', error: 'timeout' }, { type: 'chat-requeue', clientId: 't1' });
    expect(s.messages[0]).toMatchObject({ status: 'queued' });
    expect(s.messages[0]?.error).toBeUndefined();
  });

  it('does not mark a message failed that the relay already confirmed', () => {
    const s = run(
      holding(),
      { type: 'chat-add', clientId: 't1', text: 'hi', queued: false, now: T0 },
      { type: 'chat-sent', message: message(1, { from: 'technician', clientId: 't1' }) },
    );
    expect(reduce(s, { type: 'chat-failed', clientId: 't1', error: 'timeout' }).messages[0]?.status).toBe('sent');
  });

  it('puts messages in relay order whatever order they arrive in, and never twice', () => {
    const s = run(holding(), relay('chat:message', message(2)), relay('chat:message', message(1)), relay('chat:message', message(2)));
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('keeps a confirmed message before messages still waiting', () => {
    const s = run(
      holding(),
      { type: 'chat-add', clientId: 't1', text: 'first', queued: true, now: T0 },
      { type: 'chat-add', clientId: 't2', text: 'second', queued: true, now: T0 },
      relay('chat:message', message(1)),
      { type: 'chat-sent', message: message(2, { from: 'technician', clientId: 't1', text: 'first' }) },
    );
    expect(s.messages.map((m) => [m.clientId, m.seq])).toEqual([
      ['c1', 1],
      ['t1', 2],
      ['t2', undefined],
    ]);
  });

  it('treats the customer’s client id and ours as different messages', () => {
    const s = run(
      holding(),
      { type: 'chat-add', clientId: 'c1', text: 'mine', queued: false, now: T0 },
      relay('chat:message', message(1, { clientId: 'c1', text: 'theirs' })),
    );
    expect(s.messages.map((m) => [m.from, m.text])).toEqual([
      ['customer', 'theirs'],
      ['technician', 'mine'],
    ]);
  });

  it('shows the customer typing until they send or stop', () => {
    let s = reduce(holding(), relay('chat:typing', { from: 'customer', typing: true }));
    expect(s.customerTyping).toBe(true);
    expect(reduce(s, relay('chat:typing', { from: 'customer', typing: true }))).toBe(s);
    expect(reduce(s, relay('chat:typing', { from: 'technician', typing: false }))).toBe(s);
    s = reduce(s, relay('chat:message', message(1)));
    expect(s.customerTyping).toBe(false);
  });

  it('a lost connection puts messages on their way back in the queue and clears what was under way', () => {
    let s = run(
      holding(),
      { type: 'chat-add', clientId: 't1', text: 'one', queued: false, now: T0 },
      { type: 'request-start', fn: 'desktop-view' },
      { type: 'use-start', event: 'sysinfo:request' },
      { type: 'op-start', op: 'end', now: T0 },
      relay('chat:typing', { from: 'customer', typing: true }),
    );
    s = reduce(s, { type: 'disconnected', willReconnect: true, now: T0 });
    expect(s.connection).toBe('reconnecting');
    expect(s.messages[0]?.status).toBe('queued');
    expect(s.requests['desktop-view']).toEqual({ busy: false });
    expect(s.uses['sysinfo:request']).toEqual({ busy: false });
    expect(s.pending).toBeUndefined();
    expect(s.customerTyping).toBe(false);
    expect(reduce(holding(), { type: 'disconnected', willReconnect: false, now: T0 }).connection).toBe('signed-out');
  });
});

describe('consent and notices', () => {
  it('follows consent:update, ignoring a state older than the one it has', () => {
    const requested = consentAfter(consent(), { type: 'request', fn: 'desktop-view', now: T0 });
    const allowed = consentAfter(requested.state, { type: 'decide', promptId: requested.state.prompts[0]!.id, allow: true, now: T0 + 1 });
    let s = reduce(holding(), relay('consent:update', { consent: allowed.state, changes: allowed.changes }));
    expect(s.session?.consent.grants['desktop-view'].status).toBe('granted');
    expect(s.notice).toBeUndefined();
    // The request's acknowledgement carries an older state: it does not win.
    s = reduce(s, { type: 'request-ok', fn: 'desktop-view', consent: requested.state });
    expect(s.session?.consent.grants['desktop-view'].status).toBe('granted');
    expect(s.requests['desktop-view']).toEqual({ busy: false });
    expect(reduce(s, relay('consent:update', { consent: requested.state, changes: requested.changes }))).toBe(s);
    // So does a session:update with an older consent.
    s = reduce(s, relay('session:update', view({ customerPresent: false, consent: requested.state })));
    expect(s.session?.customerPresent).toBe(false);
    expect(s.session?.consent.grants['desktop-view'].status).toBe('granted');
  });

  it('tells the technician when the customer stops sharing, naming what stopped', () => {
    const granted = consentAfter(
      consent(),
      { type: 'request', fn: 'desktop-view', now: T0 },
      { type: 'decide', promptId: 'p1-desktop-view', allow: true, now: T0 },
      { type: 'request', fn: 'remote-control', now: T0 },
      { type: 'decide', promptId: 'p3-remote-control', allow: true, now: T0 },
      { type: 'request', fn: 'reboot', now: T0 },
    );
    expect(granted.state.grants['remote-control'].status).toBe('granted');
    const stopped = consentAfter(granted.state, { type: 'revoke-all', now: T0 + 10 });
    const s = reduce(holding({ consent: granted.state }), relay('consent:update', { consent: stopped.state, changes: stopped.changes }, T0 + 10));
    expect(s.notice).toEqual({ id: 1, kind: 'stopped-sharing', fns: ['desktop-view', 'remote-control', 'reboot'], at: T0 + 10 });
    expect(s.seq).toBe(1);
  });

  it('tells the technician about a single revocation, a dependency and a lapsed re-confirmation', () => {
    const granted = consentAfter(
      consent(),
      { type: 'request', fn: 'desktop-view', now: T0 },
      { type: 'decide', promptId: 'p1-desktop-view', allow: true, now: T0 },
      { type: 'request', fn: 'remote-control', now: T0 },
      { type: 'decide', promptId: 'p3-remote-control', allow: true, now: T0 },
    );
    const revoked = consentAfter(granted.state, { type: 'revoke', fn: 'desktop-view', now: T0 });
    const s = reduce(holding({ consent: granted.state }), relay('consent:update', { consent: revoked.state, changes: revoked.changes }));
    expect(s.notice).toMatchObject({ kind: 'revoked', fns: ['desktop-view', 'remote-control'] });

    const lapsed = consentAfter(granted.state, { type: 'tick', now: T0 + 30 * 60_000 + 60_000 });
    const t = reduce(holding({ consent: granted.state }), relay('consent:update', { consent: lapsed.state, changes: lapsed.changes }));
    expect(t.notice).toMatchObject({ kind: 'reconfirm-expired' });
  });

  it('records request and use outcomes; a new grant clears an old refusal of its action', () => {
    let s = run(
      holding(),
      { type: 'request-start', fn: 'desktop-view' },
      { type: 'request-failed', fn: 'desktop-view', error: { code: 'already-pending', fn: 'desktop-view' }, now: T0 },
    );
    expect(s.requests['desktop-view']).toEqual({ busy: false, error: { code: 'already-pending', fn: 'desktop-view', at: T0 } });

    s = run(
      s,
      { type: 'use-start', event: 'sysinfo:request' },
      { type: 'use-failed', event: 'sysinfo:request', error: { code: 'not-granted', fn: 'system-info' }, now: T0 + 1 },
    );
    expect(s.uses['sysinfo:request']).toEqual({ busy: false, refused: { code: 'not-granted', fn: 'system-info', at: T0 + 1 } });

    const requested = consentAfter(s.session!.consent, { type: 'request', fn: 'system-info', now: T0 });
    const granted = consentAfter(requested.state, { type: 'decide', promptId: requested.state.prompts[0]!.id, allow: true, now: T0 });
    s = reduce(s, relay('consent:update', { consent: granted.state, changes: granted.changes }));
    expect(s.uses['sysinfo:request']).toEqual({ busy: false });

    s = run(s, { type: 'use-start', event: 'sysinfo:request' }, { type: 'use-ok', event: 'sysinfo:request', now: T0 + 5 });
    expect(s.uses['sysinfo:request']).toEqual({ busy: false, usedAt: T0 + 5 });
    s = run(
      s,
      { type: 'use-start', event: 'sysinfo:request' },
      { type: 'use-failed', event: 'sysinfo:request', error: { code: 'not-granted' }, now: T0 + 6 },
    );
    expect(s.uses['sysinfo:request']).toEqual({ busy: false, usedAt: T0 + 5, refused: { code: 'not-granted', at: T0 + 6 } });
  });

  it('tells the technician when the customer joins, drops and comes back', () => {
    let s = reduce(holding(), relay('participant:update', { role: 'customer', present: false, reason: 'dropped' }, T0 + 1));
    expect(s.session?.customerPresent).toBe(false);
    expect(s.notice).toEqual({ id: 1, kind: 'customer-dropped', at: T0 + 1 });
    s = reduce(s, relay('participant:update', { role: 'customer', present: true, reason: 'resumed' }, T0 + 2));
    expect(s.session?.customerPresent).toBe(true);
    expect(s.notice).toEqual({ id: 2, kind: 'customer-resumed', at: T0 + 2 });
    expect(reduce(s, relay('participant:update', { role: 'technician', present: true, reason: 'resumed' }))).toBe(s);
    expect(reduce(holding({ state: 'open' }), relay('participant:update', { role: 'customer', present: true, reason: 'joined' })).notice?.kind).toBe(
      'customer-joined',
    );
  });

  it('tells the technician when the customer disconnects, and why any other end happened', () => {
    const s = reduce(holding(), relay('session:ended', { by: 'customer', reason: 'customer-ended' }, T0 + 9));
    expect(s.session).toMatchObject({ state: 'ended', endedBy: 'customer', endReason: 'customer-ended' });
    expect(s.ended).toEqual({ by: 'customer', reason: 'customer-ended', at: T0 + 9 });
    expect(s.notice).toMatchObject({ kind: 'customer-ended' });
    const timeout = reduce(holding(), relay('session:ended', { by: 'relay', reason: 'customer-timeout' }));
    expect(timeout.notice).toMatchObject({ kind: 'session-ended', by: 'relay', reason: 'customer-timeout' });
    expect(reduce(initialConsoleState(), relay('session:ended', { by: 'relay', reason: 'code-expired' }))).toEqual(initialConsoleState());
  });

  it('dismisses the notice', () => {
    const s = reduce(holding(), relay('relay:shutdown', { resumable: false }));
    expect(s.notice?.kind).toBe('relay-shutdown');
    const dismissed = reduce(s, { type: 'dismiss-notice' });
    expect(dismissed.notice).toBeUndefined();
    expect(reduce(dismissed, { type: 'dismiss-notice' })).toBe(dismissed);
  });
});

describe('the audit log and the relay clock', () => {
  it('keeps entries by seq, once each', () => {
    const s = run(holding(), relay('audit:entry', audit(2)), relay('audit:entry', audit(1)), relay('audit:entry', audit(2)));
    expect(s.audit.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('estimates the relay clock from the freshest timestamps (network delay only makes samples smaller)', () => {
    // The relay's clock is 5 s ahead; the first entry took 300 ms to arrive, the second 20 ms.
    let s = reduce(holding(), relay('audit:entry', audit(1, { at: T0 + 5_000 }), T0 + 300));
    expect(s.clockOffset).toBe(4_700);
    s = reduce(s, relay('audit:entry', audit(2, { at: T0 + 10_000 }), T0 + 5_020));
    expect(s.clockOffset).toBe(4_980);
    s = reduce(s, relay('chat:message', message(1, { at: T0 + 11_000 }), T0 + 7_000));
    expect(s.clockOffset).toBe(4_980);
    expect(relayNow(s, T0 + 20_000)).toBe(T0 + 24_980);
    expect(relayNow(holding(), T0)).toBe(T0);
    // A new sign-in starts a new estimate.
    expect(reduce(s, { type: 'sign-in', now: T0 }).clockOffset).toBeUndefined();
  });
});

describe('events the function modules handle', () => {
  it('leave the reducer state as it is', () => {
    const s = holding();
    expect(reduceConsole(s, relay('screen:signal', { kind: 'offer', data: 'v=0' }))).toBe(s);
    expect(reduceConsole(s, relay('file:chunk', { transferId: 'f', index: 0, data: 'aGk=' }))).toBe(s);
    expect(reduceConsole(s, relay('file:cancel', { transferId: 'f', by: 'customer', reason: 'cancelled' }))).toBe(s);
  });
});
