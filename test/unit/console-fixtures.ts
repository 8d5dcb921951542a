/**
 * Builders for the console's unit tests: relay payloads as the relay sends them, and a `reduce` that deep-freezes its
 * input and checks afterwards that the reducer did not touch it.
 */
import { expect } from 'vitest';
import { initialConsent, reduceConsent, type ConsentEvent, type ConsentState } from '../../src/protocol/consent.js';
import type { AuditEntry, ChatMessage, SessionView } from '../../src/protocol/events.js';
import { initialConsoleState, reduceConsole } from '../../src/console/session/reducer.js';
import type { ConsoleAction, ConsoleState, RelayAction } from '../../src/console/session/types.js';

export const T0 = 1_700_000_000_000;
export const TECH = { name: 'Alex Demo', org: 'Demo Support' };

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** `reduceConsole` on a deep-frozen input, checking that the input is untouched afterwards. */
export function reduce(state: ConsoleState, action: ConsoleAction): ConsoleState {
  const before = structuredClone(state);
  const next = reduceConsole(deepFreeze(state), deepFreeze(action));
  expect(state).toEqual(before);
  return next;
}

/** Reduces every action in turn. */
export function run(state: ConsoleState, ...actions: ConsoleAction[]): ConsoleState {
  return actions.reduce(reduce, state);
}

/** A relay event as an action. */
export function relay<E extends RelayAction['event']>(event: E, payload: Extract<RelayAction, { event: E }>['payload'], now = T0): RelayAction {
  return { type: 'relay', event, payload, now } as RelayAction;
}

export function consent(offered = initialConsent().offered, now = T0): ConsentState {
  return initialConsent(offered, { promptTimeoutMs: 60_000, reconfirmAfterMs: 30 * 60_000 }, now);
}

/** Applies consent events as the relay would, returning the state and the changes of the last one. */
export function consentAfter(state: ConsentState, ...events: ConsentEvent[]) {
  let result = { state, changes: [] as ReturnType<typeof reduceConsent>['changes'] };
  for (const event of events) result = reduceConsent(result.state, event);
  return result;
}

export function view(extra: Partial<SessionView> = {}): SessionView {
  return {
    id: 's1',
    state: 'active',
    createdAt: T0,
    technician: TECH,
    customerPresent: true,
    technicianPresent: true,
    consent: consent(),
    ...extra,
  };
}

export function message(seq: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id: `m${seq}`, seq, clientId: `c${seq}`, from: 'customer', text: `message ${seq}`, at: T0 + seq * 1000, ...extra };
}

export function audit(seq: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { seq, at: T0 + seq * 1000, actor: 'relay', type: 'session-created', ...extra };
}

/** A console signed in and holding session `s1` (active unless said otherwise). */
export function holding(extra: Partial<SessionView> = {}, state?: ConsoleState): ConsoleState {
  const base: ConsoleState = state ?? { ...initialConsoleState(), connection: 'connected', technician: TECH };
  return { ...base, session: view(extra) };
}
