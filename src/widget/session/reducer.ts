/**
 * The widget's state as a pure function of (state, event) → state: relay events and local happenings in, a new
 * WidgetState and the notices the element turns into `rsw-*` events out. No socket, no clock, no DOM: time comes in
 * with each event, so the same events always give the same state.
 *
 * Rules kept here:
 * - grants change only when the relay says so (`consent:update`, or a session view in a join/resume/update), never
 *   because the customer pressed a button;
 * - the prompt on show is the relay's (`consent:prompt`, or `consent.prompts[0]` of a resumed session);
 * - chat messages are merged by relay id, else by (sender, client id), so a message is never shown twice, and
 *   messages with a sequence number stay in sequence order; own messages not yet sent stay at the bottom.
 */
import type {
  ChatMessage,
  CustomerServerEvents,
  EndReason,
  ErrorCode,
  JoinResult,
  RejoinResult,
  RelayError,
  Role,
  SessionView,
  SysinfoItem,
} from '../../protocol/index.js';
import type {
  ChatItem,
  MessageItem,
  ScreenView,
  TransferView,
  SystemEvent,
  WidgetError,
  WidgetNotice,
  WidgetPhase,
  WidgetState,
} from './types.js';
import { addSystem, insertAudit, mergeMessage, updateOwn } from './reducer-chat.js';
import { applyConsent, grantsOf, showPrompt, withConsent, withPointer } from './reducer-consent.js';
import { controlMode } from './control-wording.js';

/** A failure as the session logic sees it: the relay's error, or no relay at all. */
export type Failure = RelayError | 'unreachable';

/** Relay → customer events the reducer understands. */
export type RelayEventName =
  | 'session:update'
  | 'session:ended'
  | 'chat:message'
  | 'chat:typing'
  | 'consent:update'
  | 'consent:prompt'
  | 'audit:entry'
  | 'participant:update'
  | 'queue:position'
  | 'control:event';

type RelayPayload<K extends RelayEventName> = Parameters<CustomerServerEvents[K]>[0];

export type RelayEvent = {
  [K in RelayEventName]: { type: 'relay'; name: K; payload: RelayPayload<K>; now: number };
}[RelayEventName];

export type WidgetEvent =
  | RelayEvent
  /** A join, queue join or resume after a reload starts. */
  | { type: 'connecting'; now: number }
  /** `session:join` / `queue:join` succeeded (`position` for the queue). */
  | { type: 'joined'; result: JoinResult; position?: number; now: number }
  | { type: 'join-failed'; error: Failure; now: number }
  /** The connection to the relay dropped (socket.io reconnects by itself). */
  | { type: 'connection-lost'; now: number }
  | { type: 'resumed'; result: JoinResult; missed: ChatMessage[]; now: number }
  /** `session:rejoin` after the customer's restart succeeded (the whole transcript comes with it). */
  | { type: 'rejoined'; result: RejoinResult; now: number }
  /**
   * `session:resume` was refused. `reload: true` for a resume after a page reload (back to idle with the error),
   * false after a network drop (the session is over: phase ended with the error).
   */
  | { type: 'resume-failed'; error: Failure; reload: boolean; now: number }
  | { type: 'message-queued'; clientId: string; text: string; now: number }
  | { type: 'message-sending'; clientId: string }
  | { type: 'message-sent'; message: ChatMessage }
  | { type: 'message-failed'; clientId: string; error: ErrorCode | 'unreachable' }
  | { type: 'message-requeued'; clientId: string }
  /** No `typing: false` came from the technician in time. */
  | { type: 'typing-timeout' }
  /** The customer disconnected while the relay could not be reached: the session is over for this widget. */
  | { type: 'ended-locally'; by: Role | 'relay'; reason: EndReason; now: number }
  | { type: 'reset' }
  /** This browser started, finished starting or stopped sharing the screen. */
  | { type: 'screen'; view: ScreenView | undefined }
  | { type: 'transfers'; transfers: readonly TransferView[] }
  /** System information to show before sending (`items`), or the customer's answer went out (`answer`). */
  | { type: 'sysinfo'; items?: SysinfoItem[]; answer?: 'sent' | 'declined'; now: number }
  /** The relay prepared a restart (`reboot:request`; the token itself stays out of the state). */
  | { type: 'reboot'; expiresAt: number };

export interface Reduction {
  state: WidgetState;
  /** In the order they happened; a phase change comes first. */
  notices: WidgetNotice[];
}

export function initialWidgetState(): WidgetState {
  return {
    phase: 'idle',
    technicianPresent: false,
    items: [],
    technicianTyping: false,
    grants: grantsOf(),
    consentVersion: 0,
    control: 'point',
  };
}

/** Turns a failure into what the idle/connecting screens show. */
export function widgetError(failure: Failure, now: number): WidgetError {
  return failure === 'unreachable'
    ? { code: failure, at: now }
    : { code: failure.code, at: now, retryAfter: failure.retryAfter, hours: failure.hours };
}

/**
 * The highest `seq` up to which this state has every message (sequence numbers start at 1 and have no gaps), i.e.
 * the `lastSeq` to resume with.
 */
export function lastContiguousSeq(items: readonly ChatItem[]): number {
  const seen = new Set(items.map((i) => i.kind === 'message' && i.seq));
  let n = 0;
  while (seen.has(n + 1)) n++;
  return n;
}

export function reduceWidget(state: WidgetState, event: WidgetEvent): Reduction {
  const notices: WidgetNotice[] = [];
  const next = step(state, event, notices);
  if (next.phase !== state.phase) notices.unshift({ type: 'state', phase: next.phase, previous: state.phase });
  return { state: next, notices };
}

// ── the steps ─────────────────────────────────────────────────────────────────────────────────────────────────

function step(s: WidgetState, e: WidgetEvent, notices: WidgetNotice[]): WidgetState {
  switch (e.type) {
    case 'relay':
      // Nothing of a session reaches an idle widget (a late event from a socket that is being closed).
      return s.phase === 'idle' ? s : (RELAY_STEPS[e.name] as RelayStep<RelayEventName>)(s, e.payload, e.now, notices);
    case 'connecting':
      // A new attempt from scratch: an earlier session's leftovers go.
      return { ...(s.phase === 'idle' && !s.sessionId ? s : initialWidgetState()), phase: 'connecting', error: undefined };
    case 'joined': {
      const next = adopt(s, e.result.session, e.now, notices, e.position);
      return next.phase === 'connected' && next.technicianPresent ? addSystem(next, 'technician-joined', e.now) : next;
    }
    case 'join-failed':
    case 'resume-failed': {
      const error = widgetError(e.error, e.now);
      if (e.type === 'join-failed' || e.reload) return { ...initialWidgetState(), error };
      if (!inSession(s)) return s;
      const detail = e.error !== 'unreachable' && e.error.detail;
      const reason = END_REASONS.find((r) => r === detail);
      return endState(s, reason && { by: endedByOf(reason), reason }, e.now, notices, error);
    }
    case 'connection-lost': {
      if (s.phase !== 'waiting' && s.phase !== 'connected') return s;
      const items = s.items.map((i) => (i.kind === 'message' && i.status === 'sending' ? { ...i, status: 'queued' as const } : i));
      return addSystem({ ...s, items, phase: 'reconnecting', technicianTyping: false }, 'connection-lost', e.now);
    }
    case 'resumed': {
      const next = adopt(s, e.result.session, e.now, notices);
      return mergeAll(s.phase === 'reconnecting' ? addSystem(next, 'connection-restored', e.now) : next, e.missed, notices);
    }
    case 'rejoined': {
      const next = mergeAll(adopt(s, e.result.session, e.now, notices), e.result.messages, notices);
      notices.push({ type: 'rejoined' });
      return addSystem(next, 'restarted', e.now);
    }
    case 'message-queued': {
      const item: MessageItem = { kind: 'message', clientId: e.clientId, from: 'customer', text: e.text, at: e.now, status: 'queued' };
      return { ...s, items: [...s.items, item] };
    }
    case 'message-sending':
    case 'message-requeued':
      return updateOwn(s, e.clientId, (m) => ({ ...m, status: e.type === 'message-sending' ? 'sending' : 'queued', error: undefined }));
    case 'message-failed':
      return updateOwn(s, e.clientId, (m) => ({ ...m, status: 'failed', error: e.error }));
    case 'message-sent':
      return mergeMessage(s, e.message, notices);
    case 'typing-timeout':
      return typing(s, false);
    case 'ended-locally':
      return inSession(s) ? endState(s, { by: e.by, reason: e.reason }, e.now, notices) : s;
    case 'reset':
      return initialWidgetState();
    case 'screen':
      return withPointer({ ...s, screen: e.view });
    case 'transfers':
      return { ...s, transfers: e.transfers };
    case 'sysinfo': {
      if (s.phase === 'idle') return s;
      if (e.items) return s.phase === 'ended' ? s : { ...s, sysinfo: e.items };
      const next = { ...s, sysinfo: undefined };
      return e.answer ? addSystem(next, e.answer === 'sent' ? 'sysinfo-sent' : 'sysinfo-declined', e.now) : next;
    }
    case 'reboot':
      return inSession(s) ? { ...s, reboot: { expiresAt: e.expiresAt } } : s;
  }
}

type RelayStep<K extends RelayEventName> = (s: WidgetState, payload: RelayPayload<K>, now: number, notices: WidgetNotice[]) => WidgetState;

/** What each relay event does to a widget that is not idle. */
const RELAY_STEPS: { [K in RelayEventName]: RelayStep<K> } = {
  'session:update': (s, session, now, notices) => {
    if (s.sessionId !== undefined && session.id !== s.sessionId) return s;
    const next = fromSession(s, session, now, notices);
    // The join/resume ack sets the phase while connecting; `session:ended` ends (it carries who and why).
    return withPointer((s.phase === 'waiting' || s.phase === 'connected') && session.state !== 'ended' ? inPhase(next, session) : next);
  },
  'session:ended': (s, { by, reason }, now, notices) => (s.phase === 'ended' && s.ended ? s : endState(s, { by, reason }, now, notices)),
  'chat:message': (s, message, _now, notices) => {
    const next = mergeMessage(s, message, notices);
    return message.from === 'technician' ? typing(next, false) : next;
  },
  'chat:typing': (s, { from, typing: on }) => (from !== 'technician' || s.phase === 'ended' ? s : typing(s, on === true)),
  'consent:update': (s, { consent, changes }, now, notices) => applyConsent(s, consent, changes, now, notices),
  'consent:prompt': (s, { prompt, technician }, now, notices) => (s.phase === 'ended' ? s : showPrompt(s, prompt, technician, now, notices)),
  'audit:entry': (s, entry) => {
    const audit = s.audit ?? [];
    return audit.some((a) => a.seq === entry.seq) ? s : { ...s, audit: insertAudit(audit, entry) };
  },
  'participant:update': (s, { role, present, reason }, now) => {
    if (role !== 'technician') return s;
    const event: SystemEvent =
      reason === 'joined' ? 'technician-joined' : reason === 'dropped' ? 'technician-away' : reason === 'handed-off' ? reason : 'technician-back';
    // Someone who left types no more.
    return addSystem(typing({ ...s, technicianPresent: present }, present && s.technicianTyping), event, now);
  },
  'queue:position': (s, { position, total }) =>
    s.phase === 'waiting' || s.phase === 'connecting' || s.phase === 'reconnecting' ? { ...s, queue: { position, total } } : s,
  'control:event': (s, c) =>
    c.type === 'pointer' && Number.isFinite(c.x) && Number.isFinite(c.y)
      ? withPointer(s, { x: Math.min(1, Math.max(0, c.x)), y: Math.min(1, Math.max(0, c.y)) })
      : { ...s, pointer: undefined },
};

/** The relay events the reducer understands, for the socket's listeners. */
export const RELAY_EVENT_NAMES = Object.keys(RELAY_STEPS) as readonly RelayEventName[];

/** A session is going on (not idle, not over). */
function inSession(s: WidgetState): boolean {
  return s.phase !== 'idle' && s.phase !== 'ended';
}

/** The technician's typing indicator on or off (the same state when that changes nothing). */
function typing(s: WidgetState, on: boolean): WidgetState {
  return s.technicianTyping === on ? s : { ...s, technicianTyping: on };
}

function mergeAll(s: WidgetState, messages: readonly ChatMessage[], notices: WidgetNotice[]): WidgetState {
  return messages.reduce((next, message) => mergeMessage(next, message, notices), s);
}

// ── sessions and phases ───────────────────────────────────────────────────────────────────────────────────────

/** A join, resume or rejoin the relay acknowledged: its session, its phase, and no error any more. */
function adopt(s: WidgetState, session: SessionView, now: number, notices: WidgetNotice[], position?: number): WidgetState {
  return { ...inPhase(fromSession(s, session, now, notices), session, position), error: undefined };
}

/**
 * The session's phase; the queue position stays only while waiting (one from a `queue:position` that came before the
 * ack is as fresh and also knows the total, else the ack's `position`).
 */
function inPhase(s: WidgetState, session: SessionView, position?: number): WidgetState {
  const phase: WidgetPhase = session.state === 'active' ? 'connected' : session.state === 'ended' ? 'ended' : 'waiting';
  const queue = s.queue ?? (position === undefined ? undefined : { position, total: position });
  return { ...s, phase, queue: phase === 'waiting' ? queue : undefined };
}

/** What a session view says about the technician and consent (consent only when it is not older than ours). */
function fromSession(s: WidgetState, session: SessionView, now: number, notices: WidgetNotice[]): WidgetState {
  const { id, technician, consent } = session;
  const next: WidgetState = { ...s, sessionId: id, technicianPresent: session.technicianPresent, control: controlMode(session) };
  if (technician) next.technician = { name: technician.name, org: technician.org };
  if (consent.version < s.consentVersion && s.sessionId === id) return next;
  return showPrompt(withConsent(next, consent), consent.ended ? null : consent.prompts[0], technician, now, notices);
}

function endState(
  s: WidgetState,
  ended: { by: Role | 'relay'; reason: EndReason } | undefined,
  now: number,
  notices: WidgetNotice[],
  error?: WidgetError,
): WidgetState {
  const { prompt: _prompt, queue: _queue, screen: _screen, pointer: _pointer, sysinfo: _sysinfo, reboot: _reboot, ...rest } = s;
  // The customer's messages still on their way (only own messages are ever queued or sending) will never be sent.
  const items = s.items.map((i) =>
    i.kind === 'message' && (i.status === 'queued' || i.status === 'sending') ? { ...i, status: 'failed' as const, error: 'session-ended' as const } : i,
  );
  const next: WidgetState = { ...rest, items, phase: 'ended', technicianTyping: false, technicianPresent: false, error: error ?? s.error };
  if (ended) {
    next.ended = ended;
    notices.push({ type: 'end', ...ended });
  }
  return addSystem(next, 'ended', now);
}

const END_REASONS: readonly EndReason[] = ['customer-ended', 'technician-ended', 'customer-timeout', 'technician-timeout', 'code-expired', 'relay-shutdown'];

function endedByOf(reason: EndReason): Role | 'relay' {
  return reason === 'customer-ended' ? 'customer' : reason === 'technician-ended' ? 'technician' : 'relay';
}
