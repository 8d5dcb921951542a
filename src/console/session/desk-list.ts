/**
 * The desk's list of sessions as the technician sees it (pure functions, no sockets): one entry per console of the
 * desk, with the customer, the session's state, the messages the technician has not seen yet and the grants that are
 * live in it now.
 */
import type { FunctionId, SessionState } from '../../protocol/index.js';
import type { ConsoleAction, ConsoleState } from './types.js';

export interface DeskEntry {
  /** The console's key within the desk. */
  key: string;
  selected: boolean;
  /** The session it holds, if any. */
  sessionId?: string;
  state?: SessionState;
  /** The customer's name (queued customers give one). */
  customer?: string;
  /** The code, while nobody has used it. */
  code?: string;
  /** The customer is connected. */
  customerPresent: boolean;
  /** The customer's messages that arrived while another console was on show. */
  unread: number;
  /** The functions granted and live in the session now, in catalogue order. */
  grants: FunctionId[];
  /** The colleague who handed this session over, while it is held. */
  handedBy?: string;
}

/** The functions live in the state's session now. */
export function liveGrants(state: ConsoleState): FunctionId[] {
  const consent = state.session?.consent;
  if (!consent || consent.ended || state.session?.state === 'ended') return [];
  return consent.offered.filter((fn) => consent.grants[fn].status === 'granted');
}

/** The unread count after `action`: a customer's message counts while the console is not on show; showing it reads all. */
export function unreadAfter(unread: number, action: ConsoleAction, selected: boolean): number {
  if (selected) return 0;
  if (action.type === 'relay' && action.event === 'chat:message' && action.payload.from === 'customer') return unread + 1;
  // A new session in this console starts from nothing.
  if (action.type === 'handed-off' || action.type === 'close-session' || action.type === 'forget-session' || action.type === 'sign-out') return 0;
  return unread;
}

export function deskEntry(key: string, state: ConsoleState, unread: number, selected: boolean, handedBy?: string): DeskEntry {
  const s = state.session;
  return {
    key,
    selected,
    ...(s ? { sessionId: s.id, state: s.state } : {}),
    ...(s?.customer?.name ? { customer: s.customer.name } : {}),
    ...(s?.state === 'open' && state.code ? { code: state.code.code } : {}),
    customerPresent: !!s?.customerPresent,
    unread,
    grants: liveGrants(state),
    ...(handedBy && s && s.state !== 'ended' ? { handedBy } : {}),
  };
}

/** The unread messages over the whole desk (for the title of the list). */
export function totalUnread(entries: readonly DeskEntry[]): number {
  return entries.reduce((sum, e) => sum + e.unread, 0);
}
