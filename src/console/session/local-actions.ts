/**
 * The console's reducer for its own actions (`LocalAction`: signing in, connection changes, session operations, chat,
 * requests, gated actions, function modules): pure, the input is never mutated, and an action that changes nothing
 * returns the very same state.
 */
import type { AuditEntry } from '../../protocol/index.js';
import {
  initialConsoleState,
  insertAudit,
  mapValues,
  failUnsent,
  mergeView,
  notify,
  screenFromAudit,
  stamp,
  updateMessage,
  upsertMessage,
  withConsent,
  withoutSession,
} from './state-helpers.js';
import { mergeInbox } from './inbox.js';
import type { ConsoleState, LocalAction, MessageItem } from './types.js';

export function reduceLocal(state: ConsoleState, action: LocalAction): ConsoleState {
  switch (action.type) {
    case 'sign-in': {
      const { error: _error, technician: _technician, clockOffset: _offset, ...rest } = state;
      return { ...rest, connection: 'connecting', ...(action.technician ? { technician: action.technician } : {}) };
    }

    case 'connected': {
      const { error, ...rest } = state;
      // A sign-in error is over once connected; others (e.g. a refused pick) stay until the next attempt.
      return { ...(error && error.op !== 'sign-in' ? state : rest), connection: 'connected' };
    }

    case 'connect-failed': {
      const error = { op: 'sign-in' as const, code: action.code, at: action.now };
      if (action.fatal) {
        // Refused by the relay (bad token, forbidden origin): signed out, with the reason on show.
        const { technician: _technician, ...rest } = state;
        return { ...rest, connection: 'signed-out', error };
      }
      // The relay cannot be reached; socket.io keeps trying.
      return { ...state, error, connection: state.connection === 'connected' ? 'reconnecting' : state.connection };
    }

    case 'disconnected': {
      // Messages on their way lost their acknowledgement: they go back in the queue and are sent again, with the same
      // client id (the relay never duplicates them), once the session is re-attached.
      const messages = state.messages.some((m) => m.status === 'sending')
        ? state.messages.map((m) => (m.status === 'sending' ? { ...m, status: 'queued' as const } : m))
        : state.messages;
      const requests = mapValues(state.requests, (r) => (r.busy ? { ...r, busy: false } : r));
      const uses = mapValues(state.uses, (u) => (u.busy ? { ...u, busy: false } : u));
      const { pending: _pending, ...rest } = state;
      return {
        ...rest,
        connection: action.willReconnect ? 'reconnecting' : 'signed-out',
        messages,
        requests,
        uses,
        customerTyping: false,
      };
    }

    case 'sign-out':
      return initialConsoleState();

    case 'op-start': {
      const { error: _error, ...rest } = state;
      // Creating or picking starts a new session: the audit entries it causes arrive before its acknowledgement.
      const base = action.op === 'create' || action.op === 'pick' ? withoutSession(rest) : rest;
      return { ...base, pending: { op: action.op, ...(action.sessionId ? { sessionId: action.sessionId } : {}) } };
    }

    case 'op-failed': {
      if (action.retrying) return { ...state, error: { ...action.error, op: action.op, at: action.now } };
      const { pending: _pending, ...rest } = state;
      return { ...rest, error: { ...action.error, op: action.op, at: action.now } };
    }

    case 'op-done': {
      if (state.pending?.op !== action.op) return state;
      const { pending: _pending, ...rest } = state;
      return rest;
    }

    case 'queue-listed':
      return { ...state, queue: action.entries };

    case 'inbox-listed':
      return { ...state, inbox: mergeInbox(state.inbox, action.messages) };

    case 'colleagues-listed':
      return { ...state, colleagues: action.technicians };

    case 'handed-off': {
      const { pending: _pending, ...rest } = withoutSession(state);
      return notify(rest, { kind: 'handed-off', name: action.to.name, at: action.now });
    }

    case 'audit-fetched':
      return state.session ? { ...state, audit: action.entries.reduce(insertAudit, state.audit) } : state;

    case 'created': {
      const { pending: _pending, ...rest } = state;
      const { session, code, joinUrl, codeExpiresAt, rtc, limits } = action.result;
      return {
        ...rest,
        session: mergeView(state.session, session),
        code: { code, joinUrl, expiresAt: codeExpiresAt },
        relay: { rtc, limits },
      };
    }

    case 'picked': {
      const { pending: _pending, ...rest } = state;
      return { ...rest, session: mergeView(state.session, action.session), ...(action.relay ? { relay: action.relay } : {}) };
    }

    case 'attached': {
      const { pending: _pending, ...rest } = state;
      // A different session than the one in memory (e.g. after a reload, when memory is empty) starts afresh.
      const base = state.session && state.session.id !== action.session.id ? withoutSession(rest) : rest;
      let messages = base.messages;
      for (const m of action.messages) messages = upsertMessage(messages, m);
      const code = action.session.state === 'open' ? (action.code ?? base.code) : undefined;
      const { code: _code, ...noCode } = base;
      const audit = action.audit.reduce(insertAudit, [] as AuditEntry[]);
      // After a reload the console knows what the customer shares only from the audit log.
      const screen = base.screen ?? screenFromAudit(audit);
      return {
        ...noCode,
        session: mergeView(base.session, action.session),
        messages,
        audit,
        ...(code ? { code } : {}),
        ...(action.relay ? { relay: action.relay } : {}),
        ...(screen ? { screen } : {}),
      };
    }

    case 'ended-unseen': {
      const { pending: _pending, ...rest } = state;
      if (!state.session) return notify(rest, { kind: 'session-ended', at: action.now });
      if (state.session.state === 'ended') return rest;
      const next: ConsoleState = {
        ...rest,
        session: { ...state.session, state: 'ended' },
        ended: { at: action.now },
        customerTyping: false,
        messages: failUnsent(state.messages),
      };
      return notify(next, { kind: 'session-ended', at: action.now });
    }

    case 'forget-session': {
      const { pending: _pending, ...rest } = state;
      return withoutSession(rest);
    }

    case 'chat-add': {
      const item: MessageItem = {
        kind: 'message',
        clientId: action.clientId,
        from: 'technician',
        text: action.text,
        at: action.now,
        status: action.queued ? 'queued' : 'sending',
      };
      return { ...state, messages: [...state.messages, item] };
    }

    case 'chat-sending':
      return updateMessage(state, action.clientId, (m) => {
        const { error: _error, ...rest } = m;
        return { ...rest, status: 'sending' };
      });

    case 'chat-requeue':
      return updateMessage(state, action.clientId, (m) => {
        const { error: _error, ...rest } = m;
        return { ...rest, status: 'queued' };
      });

    case 'chat-sent':
      return { ...state, messages: upsertMessage(state.messages, action.message) };

    case 'chat-failed':
      return updateMessage(state, action.clientId, (m) => (m.status === 'sent' ? m : { ...m, status: 'failed', error: action.error }));

    case 'request-start':
      return { ...state, requests: { ...state.requests, [action.fn]: { busy: true } } };

    case 'request-ok': {
      const next = withConsent(state, action.consent);
      return { ...next, requests: { ...next.requests, [action.fn]: { busy: false } } };
    }

    case 'request-failed':
      return { ...state, requests: { ...state.requests, [action.fn]: { busy: false, error: stamp(action.error, action.now) } } };

    case 'use-start': {
      const previous = state.uses[action.event];
      return { ...state, uses: { ...state.uses, [action.event]: { busy: true, ...(previous?.usedAt ? { usedAt: previous.usedAt } : {}) } } };
    }

    case 'use-ok':
      return { ...state, uses: { ...state.uses, [action.event]: { busy: false, usedAt: action.now } } };

    case 'use-failed': {
      const previous = state.uses[action.event];
      return {
        ...state,
        uses: {
          ...state.uses,
          [action.event]: { busy: false, refused: stamp(action.error, action.now), ...(previous?.usedAt ? { usedAt: previous.usedAt } : {}) },
        },
      };
    }

    case 'reboot-issued':
      return { ...state, reboot: { expiresAt: action.expiresAt } };

    case 'video':
      return state.video === action.status ? state : { ...state, video: action.status };

    case 'transfers':
      return state.transfers === action.list ? state : { ...state, transfers: action.list };

    case 'dismiss-notice': {
      if (!state.notice) return state;
      const { notice: _notice, ...rest } = state;
      return rest;
    }

    case 'close-session':
      if (state.session && state.session.state !== 'ended') return state;
      return withoutSession(state);
  }
}
