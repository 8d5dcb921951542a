/** The console's list of messages customers left (src/console/session/inbox.ts and the reducer's inbox events). */
import { describe, expect, it } from 'vitest';
import type { LeftMessage } from '../../src/protocol/index.js';
import { INBOX_LIMIT, mergeInbox } from '../../src/console/session/inbox.js';
import { initialConsoleState, reduceConsole } from '../../src/console/session/reducer.js';

const left = (id: string, at: number): LeftMessage => ({ id, name: `N ${id}`, contact: { kind: 'email', value: `${id}@example.com` }, text: 'Call me', at });

describe('the inbox of left messages', () => {
  it('lists each message once, newest first, whether it came listed or announced', () => {
    let state = reduceConsole(initialConsoleState(), { type: 'relay', event: 'inbox:new', payload: left('b', 20), now: 20 });
    state = reduceConsole(state, { type: 'inbox-listed', messages: [left('b', 20), left('a', 10)] });
    state = reduceConsole(state, { type: 'relay', event: 'inbox:new', payload: left('c', 30), now: 30 });
    expect(state.inbox.map((m) => m.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps at most the relay default of messages', () => {
    const many = Array.from({ length: INBOX_LIMIT + 5 }, (_, i) => left(`m${i}`, i));
    const merged = mergeInbox([], many);
    expect(merged).toHaveLength(INBOX_LIMIT);
    expect(merged[0]!.id).toBe(`m${INBOX_LIMIT + 4}`);
  });
});
