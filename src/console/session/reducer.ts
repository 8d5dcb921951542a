/**
 * The console's state as a pure function of (state, action) → state: relay events and local actions in, a new state
 * out. No clock, no socket, no storage; the input is never mutated and an action that changes nothing returns the very
 * same object (so listeners can skip re-rendering).
 */
import { reduceLocal } from './local-actions.js';
import { reduceRelay } from './relay-events.js';
import type { ConsoleAction, ConsoleState } from './types.js';

export { initialConsoleState, relayNow } from './state-helpers.js';

export function reduceConsole(state: ConsoleState, action: ConsoleAction): ConsoleState {
  return action.type === 'relay' ? reduceRelay(state, action) : reduceLocal(state, action);
}
