/**
 * The console's reducer for what the relay says (`RelayAction`): pure, the input is never mutated, and an event that
 * changes nothing returns the very same state.
 */
import type { SessionView } from '../../protocol/index.js';
import {
  failUnsent,
  insertAudit,
  latestScreenStop,
  mergeView,
  notify,
  sampleClock,
  screenStopReason,
  unique,
  upsertMessage,
  useEventsOf,
  withConsent,
} from './state-helpers.js';
import { mergeInbox } from './inbox.js';
import type { ConsoleState, RelayAction } from './types.js';

export function reduceRelay(state: ConsoleState, action: RelayAction): ConsoleState {
  const { now } = action;
  switch (action.event) {
    case 'queue:update':
      return { ...state, queue: action.payload.entries };

    case 'session:handed':
      // Not this console's: the desk (desk.ts) hears it through ConsoleSession.onHanded and takes the session.
      return state;

    case 'inbox:new':
      return { ...state, inbox: mergeInbox(state.inbox, [action.payload]) };

    case 'session:update': {
      const view = action.payload;
      // Updates of the session we hold, or of the one we are being given (a pick announces it before its ack).
      const picking = !state.session && state.pending?.op === 'pick' && state.pending.sessionId === view.id;
      if (state.session?.id !== view.id && !picking) return state;
      return { ...state, session: mergeView(state.session, view) };
    }

    case 'session:ended': {
      if (!state.session) return state;
      const { by, reason } = action.payload;
      const session: SessionView = { ...state.session, state: 'ended', endedBy: by, endReason: reason };
      const next: ConsoleState = { ...state, session, ended: { by, reason, at: now }, customerTyping: false, messages: failUnsent(state.messages) };
      return notify(next, by === 'customer' ? { kind: 'customer-ended', by, reason, at: now } : { kind: 'session-ended', by, reason, at: now });
    }

    case 'chat:message': {
      const message = action.payload;
      return {
        ...sampleClock(state, message.at, now),
        messages: upsertMessage(state.messages, message),
        customerTyping: message.from === 'customer' ? false : state.customerTyping,
      };
    }

    case 'chat:typing': {
      const { from, typing } = action.payload;
      if (from !== 'customer' || state.customerTyping === typing) return state;
      return { ...state, customerTyping: typing };
    }

    case 'consent:update': {
      const { consent, changes } = action.payload;
      if (!state.session) return state;
      let next = withConsent(state, consent);
      if (next === state) return state;
      // A new grant makes an earlier refusal of its gated action history (the audit log keeps it).
      for (const change of changes) {
        if (change.to !== 'granted') continue;
        for (const event of useEventsOf(change.fn)) {
          const use = next.uses[event];
          if (use?.refused) next = { ...next, uses: { ...next.uses, [event]: { busy: use.busy, ...(use.usedAt ? { usedAt: use.usedAt } : {}) } } };
        }
      }
      // What the customer (or time) took away, with what went along with it (remote control needs screen viewing).
      const primary =
        changes.find((c) => c.cause === 'revoke-all') ??
        changes.find((c) => c.cause === 'reconfirm-expire') ??
        changes.find((c) => c.cause === 'revoke' || c.cause === 'reconfirm-deny');
      if (primary) {
        const fns = unique(changes.filter((c) => c.cause === primary.cause || c.cause === 'dependency').map((c) => c.fn));
        const kind = primary.cause === 'revoke-all' ? 'stopped-sharing' : primary.cause === 'reconfirm-expire' ? 'reconfirm-expired' : 'revoked';
        const screenStop = kind === 'revoked' && fns.includes('desktop-view') ? latestScreenStop(state.audit) : undefined;
        return notify(next, { kind, fns, ...(screenStop ? { screenStop } : {}), at: now });
      }
      return next;
    }

    case 'audit:entry': {
      const next = sampleClock(state, action.payload.at, now);
      // Entries of the session we hold, or of the one being created, picked or attached (they come before its ack).
      if (!state.session && !state.pending) return next;
      const entry = action.payload;
      const withEntry: ConsoleState = { ...next, audit: insertAudit(state.audit, entry) };
      // The customer's browser ended screen viewing (picker cancelled, its own Stop button, capture failed): the
      // revocation notice says so.
      // The relay records that sharing stopped when the grant went (the customer's side cannot say so any more).
      if (entry.type === 'screen-stopped' && state.screen?.sharing) withEntry.screen = { sharing: false };
      const stop = screenStopReason(entry.detail);
      if (entry.type === 'consent-changed' && entry.fn === 'desktop-view' && stop && state.notice?.kind === 'revoked' && state.notice.fns?.includes('desktop-view')) {
        return { ...withEntry, notice: { ...state.notice, screenStop: stop } };
      }
      return withEntry;
    }

    case 'participant:update': {
      const { role, present, reason } = action.payload;
      if (role !== 'customer' || !state.session) return state;
      const next: ConsoleState = {
        ...state,
        session: { ...state.session, customerPresent: present },
        customerTyping: present ? state.customerTyping : false,
      };
      if (reason === 'restarted') {
        return notify({ ...next, reboot: { ...state.reboot, rejoinedAt: now } }, { kind: 'customer-restarted', at: now });
      }
      const kind = reason === 'joined' ? 'customer-joined' : reason === 'dropped' ? 'customer-dropped' : 'customer-resumed';
      return notify(next, { kind, at: now });
    }

    case 'relay:shutdown':
      return notify(state, { kind: 'relay-shutdown', at: now });

    case 'screen:state': {
      if (!state.session) return state;
      const info = action.payload;
      return { ...state, screen: info.state === 'sharing' ? { sharing: true, surface: info.surface } : { sharing: false } };
    }

    case 'sysinfo:report': {
      if (!state.session) return state;
      const { items, at } = action.payload;
      return { ...sampleClock(state, at, now), sysinfo: { kind: 'report', items, at } };
    }

    case 'sysinfo:declined': {
      if (!state.session) return state;
      const { at } = action.payload;
      return { ...sampleClock(state, at, now), sysinfo: { kind: 'declined', at } };
    }

    case 'screen:signal':
    case 'file:offer':
    case 'file:accept':
    case 'file:chunk':
    case 'file:done':
    case 'file:cancel':
      // The function modules handle these (the screen viewer, the shared file transfers), then report here.
      return state;
  }
}
