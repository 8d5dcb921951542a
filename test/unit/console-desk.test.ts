/** The desk's list of sessions (src/console/session/desk-list.ts) and the reducer's side of a hand-off. */
import { describe, expect, it } from 'vitest';
import { deskEntry, liveGrants, totalUnread, unreadAfter } from '../../src/console/session/desk-list.js';
import { initialConsoleState } from '../../src/console/session/reducer.js';
import { consent, consentAfter, holding, message, reduce, relay, T0 } from './console-fixtures.js';

const granted = (...fns: Array<'desktop-view' | 'file-transfer' | 'system-info'>) => {
  let state = consent();
  for (const fn of fns) {
    const asked = consentAfter(state, { type: 'request', fn, now: T0 });
    const prompt = asked.state.prompts.find((p) => p.fn === fn)!;
    state = consentAfter(asked.state, { type: 'decide', promptId: prompt.id, allow: true, now: T0 + 1 }).state;
  }
  return state;
};

describe('unread messages per console', () => {
  it('counts the customer’s messages while another console is on show, not the technician’s own', () => {
    let unread = 0;
    unread = unreadAfter(unread, relay('chat:message', message(1)), false);
    unread = unreadAfter(unread, relay('chat:message', message(2, { from: 'technician' })), false);
    unread = unreadAfter(unread, relay('chat:message', message(3)), false);
    unread = unreadAfter(unread, relay('chat:typing', { from: 'customer', typing: true }), false);
    expect(unread).toBe(2);
  });

  it('reads everything once the console is on show', () => {
    expect(unreadAfter(5, relay('chat:message', message(6)), true)).toBe(0);
  });

  it('starts from nothing when the console puts its session away or hands it on', () => {
    expect(unreadAfter(3, { type: 'close-session' }, false)).toBe(0);
    expect(unreadAfter(3, { type: 'handed-off', to: { id: 'sam', name: 'Sam Field' }, now: T0 }, false)).toBe(0);
    expect(unreadAfter(3, { type: 'forget-session' }, false)).toBe(0);
  });

  it('adds up over the desk', () => {
    const idle = deskEntry('main', initialConsoleState(), 2, true);
    const other = deskEntry('desk-1', holding(), 3, false);
    expect(totalUnread([idle, other])).toBe(5);
  });
});

describe('an entry of the list', () => {
  it('shows the customer, the state, the live grants in catalogue order and who handed it over', () => {
    const state = holding({ customer: { name: 'Ada', description: '' }, consent: granted('system-info', 'desktop-view') });
    expect(deskEntry('desk-1', state, 1, false, 'Alex Demo')).toEqual({
      key: 'desk-1',
      selected: false,
      sessionId: 's1',
      state: 'active',
      customer: 'Ada',
      customerPresent: true,
      unread: 1,
      grants: ['desktop-view', 'system-info'],
      handedBy: 'Alex Demo',
    });
  });

  it('shows the code of a session nobody joined yet, and no grants', () => {
    const state = { ...holding({ state: 'open', customerPresent: false }), code: { code: '123456', joinUrl: '?rsw-code=123456', expiresAt: T0 + 600_000 } };
    expect(deskEntry('main', state, 0, true)).toMatchObject({ state: 'open', code: '123456', grants: [], customerPresent: false });
  });

  it('shows no live grant once the session ended, and nothing of a console without a session', () => {
    const ended = holding({ state: 'ended', consent: granted('desktop-view') });
    expect(liveGrants(ended)).toEqual([]);
    expect(deskEntry('desk-2', ended, 0, false, 'Alex Demo').handedBy).toBeUndefined();
    expect(deskEntry('desk-3', initialConsoleState(), 0, false)).toEqual({ key: 'desk-3', selected: false, customerPresent: false, unread: 0, grants: [] });
  });
});

describe('handing the session on (reducer)', () => {
  it('puts the session away and says to whom it went', () => {
    const before = { ...holding({ consent: granted('desktop-view') }), pending: { op: 'handoff' as const } };
    const after = reduce(before, { type: 'handed-off', to: { id: 'sam', name: 'Sam Field' }, now: T0 + 5 });
    expect(after.session).toBeUndefined();
    expect(after.pending).toBeUndefined();
    expect(after.messages).toEqual([]);
    expect(after.notice).toMatchObject({ kind: 'handed-off', name: 'Sam Field', at: T0 + 5 });
  });

  it('keeps the colleagues listed, and ignores session:handed (the desk takes it)', () => {
    const listed = reduce(holding(), { type: 'colleagues-listed', technicians: [{ id: 'sam', name: 'Sam Field' }] });
    expect(listed.colleagues).toEqual([{ id: 'sam', name: 'Sam Field' }]);
    expect(reduce(listed, relay('session:handed', { session: holding().session!, from: { name: 'Alex' } }))).toBe(listed);
  });
});
