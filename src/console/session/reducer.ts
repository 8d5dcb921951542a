/**
 * The console's state as a pure function of (state, action) → state: relay events and local actions in, a new state
 * out. No clock, no socket, no storage; the input is never mutated and an action that changes nothing returns the very
 * same object (so listeners can skip re-rendering).
 */
import type { AuditEntry, ChatMessage, ConsentState, FunctionId, SessionView } from '../../protocol/index.js';
import type {
  ConsoleAction,
  ConsoleState,
  ErrorInfo,
  LocalAction,
  MessageItem,
  Notice,
  RelayAction,
  ScreenInfo,
  ScreenStopReason,
  ScreenSurface,
  UseEvent,
} from './types.js';
import { USE_EVENTS } from './types.js';
import { sentItem } from '../../ui/messages.js';
import { mergeInbox } from './inbox.js';

export function initialConsoleState(): ConsoleState {
  return {
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
  };
}

/** Everything that belongs to one session, emptied when the console starts another. */
function withoutSession(state: ConsoleState): ConsoleState {
  const {
    session: _session,
    code: _code,
    notice: _notice,
    ended: _ended,
    screen: _screen,
    sysinfo: _sysinfo,
    reboot: _reboot,
    ...rest
  } = state;
  return { ...rest, messages: [], audit: [], customerTyping: false, requests: {}, uses: {}, video: 'idle', transfers: [] };
}

export function reduceConsole(state: ConsoleState, action: ConsoleAction): ConsoleState {
  return action.type === 'relay' ? reduceRelay(state, action) : reduceLocal(state, action);
}

// ── relay events ──────────────────────────────────────────────────────────────────────────────────────────────

function reduceRelay(state: ConsoleState, action: RelayAction): ConsoleState {
  const { now } = action;
  switch (action.event) {
    case 'queue:update':
      return { ...state, queue: action.payload.entries };

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
      const next: ConsoleState = { ...state, session, ended: { by, reason, at: now }, customerTyping: false };
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

// ── local actions ─────────────────────────────────────────────────────────────────────────────────────────────

function reduceLocal(state: ConsoleState, action: LocalAction): ConsoleState {
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
      const next: ConsoleState = { ...rest, session: { ...state.session, state: 'ended' }, ended: { at: action.now }, customerTyping: false };
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

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Takes a relay timestamp that has just arrived as a sample of the clock offset (see `ConsoleState.clockOffset`). */
function sampleClock(state: ConsoleState, relayAt: number, now: number): ConsoleState {
  const sample = relayAt - now;
  return state.clockOffset === undefined || sample > state.clockOffset ? { ...state, clockOffset: sample } : state;
}

/** The relay's time now, as well as the console can tell. */
export function relayNow(state: ConsoleState, now: number): number {
  return now + (state.clockOffset ?? 0);
}

function notify(state: ConsoleState, notice: Omit<Notice, 'id'>): ConsoleState {
  const id = state.seq + 1;
  return { ...state, seq: id, notice: { id, ...notice } };
}

/** A newer session view; its consent only if it is not older than the one we have (acks and broadcasts interleave). */
function mergeView(current: SessionView | undefined, view: SessionView): SessionView {
  if (!current || current.id !== view.id || view.consent.version >= current.consent.version) return view;
  return { ...view, consent: current.consent };
}

function withConsent(state: ConsoleState, consent: ConsentState): ConsoleState {
  const session = state.session;
  if (!session || consent.version < session.consent.version || consent === session.consent) return state;
  return { ...state, session: { ...session, consent } };
}

/**
 * Puts a relay-confirmed message in its place: replaces the same message (by relay id, or by the technician's client
 * id for our own), else inserts it before the first message with a higher `seq` or not yet sent.
 */
export function upsertMessage(messages: readonly MessageItem[], message: ChatMessage): MessageItem[] {
  const item: MessageItem = sentItem(message);
  const rest = messages.filter(
    (m) => !(m.id === message.id || (m.from === message.from && m.clientId === message.clientId)),
  );
  const at = rest.findIndex((m) => m.seq === undefined || m.seq > message.seq);
  return at < 0 ? [...rest, item] : [...rest.slice(0, at), item, ...rest.slice(at)];
}

function insertAudit(audit: readonly AuditEntry[], entry: AuditEntry): AuditEntry[] {
  if (audit.some((e) => e.seq === entry.seq)) return audit as AuditEntry[];
  const at = audit.findIndex((e) => e.seq > entry.seq);
  return at < 0 ? [...audit, entry] : [...audit.slice(0, at), entry, ...audit.slice(at)];
}

function updateMessage(state: ConsoleState, clientId: string, update: (m: MessageItem) => MessageItem): ConsoleState {
  const index = state.messages.findIndex((m) => m.from === 'technician' && m.clientId === clientId);
  if (index < 0) return state;
  const messages = [...state.messages];
  messages[index] = update(messages[index]!);
  return { ...state, messages };
}

function stamp(error: ErrorInfo, at: number): ErrorInfo & { at: number } {
  return {
    code: error.code,
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    ...(error.fn !== undefined ? { fn: error.fn } : {}),
    at,
  };
}

const SCREEN_STOP_REASONS: readonly string[] = ['picker-cancelled', 'browser-stopped', 'capture-failed'] satisfies ScreenStopReason[];
const SURFACES: readonly string[] = ['this-tab', 'browser', 'window', 'monitor', 'unknown'] satisfies ScreenSurface[];

function screenStopReason(detail: string | undefined): ScreenStopReason | undefined {
  return detail && SCREEN_STOP_REASONS.includes(detail) ? (detail as ScreenStopReason) : undefined;
}

/**
 * Why the customer's browser ended screen viewing, if the revocation that is being reported said so. The relay logs a
 * change before it sends it, so that entry is in the run of `consent-changed` entries at the end of the log (an older
 * revocation is not: a request or allow came between).
 */
function latestScreenStop(audit: readonly AuditEntry[]): ScreenStopReason | undefined {
  for (let i = audit.length - 1; i >= 0 && audit[i]!.type === 'consent-changed'; i--) {
    const entry = audit[i]!;
    if (entry.fn === 'desktop-view' && entry.cause === 'revoke') return screenStopReason(entry.detail);
  }
  return undefined;
}

/** What the customer shares according to the last `screen-started` / `screen-stopped` entry (`detail`: the surface). */
function screenFromAudit(audit: readonly AuditEntry[]): ScreenInfo | undefined {
  for (let i = audit.length - 1; i >= 0; i--) {
    const entry = audit[i]!;
    if (entry.type === 'screen-stopped') return { sharing: false };
    if (entry.type === 'screen-started') {
      const surface = entry.detail && SURFACES.includes(entry.detail) ? (entry.detail as ScreenSurface) : 'unknown';
      return { sharing: true, surface };
    }
  }
  return undefined;
}

function useEventsOf(fn: FunctionId): UseEvent[] {
  return (Object.keys(USE_EVENTS) as UseEvent[]).filter((event) => USE_EVENTS[event] === fn);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function mapValues<K extends string, V>(record: Partial<Record<K, V>>, map: (value: V) => V): Partial<Record<K, V>> {
  let changed = false;
  const out: Partial<Record<K, V>> = {};
  for (const key of Object.keys(record) as K[]) {
    const value = record[key] as V;
    const mapped = map(value);
    if (mapped !== value) changed = true;
    out[key] = mapped;
  }
  return changed ? out : record;
}
