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
import { applyConsent, grantsOf, showPrompt, withPointer } from './reducer-consent.js';
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

export const RELAY_EVENT_NAMES: readonly RelayEventName[] = [
  'session:update',
  'session:ended',
  'chat:message',
  'chat:typing',
  'consent:update',
  'consent:prompt',
  'audit:entry',
  'participant:update',
  'queue:position',
  'control:event',
];

export type RelayEvent = {
  [K in RelayEventName]: { type: 'relay'; name: K; payload: Parameters<CustomerServerEvents[K]>[0]; now: number };
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
    offered: [],
    items: [],
    technicianTyping: false,
    grants: grantsOf(undefined),
    consentVersion: 0,
    control: 'point',
  };
}

/** Turns a failure into what the idle/connecting screens show. */
export function widgetError(failure: Failure, now: number): WidgetError {
  if (failure === 'unreachable') return { code: 'unreachable', at: now };
  return {
    code: failure.code,
    at: now,
    ...(failure.retryAfter !== undefined ? { retryAfter: failure.retryAfter } : {}),
    ...(failure.hours ? { hours: failure.hours } : {}),
  };
}

/**
 * The highest `seq` up to which this state has every message (sequence numbers start at 1 and have no gaps), i.e.
 * the `lastSeq` to resume with.
 */
export function lastContiguousSeq(items: readonly ChatItem[]): number {
  const seen = new Set<number>();
  for (const item of items) if (item.kind === 'message' && item.seq !== undefined) seen.add(item.seq);
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
      return relayStep(s, e, notices);
    case 'connecting': {
      // A new attempt from scratch: an earlier session's leftovers go.
      const base = s.phase === 'idle' && !s.sessionId ? s : initialWidgetState();
      const { error: _error, ...rest } = base;
      return { ...rest, phase: 'connecting' };
    }
    case 'joined': {
      const { error: _error, queue, ...rest } = s;
      let next: WidgetState = { ...rest, ...fromSession(s, e.result.session, e.now, notices), phase: phaseOf(e.result.session) };
      // A `queue:position` that came before the ack is as fresh and also knows the total.
      if (next.phase === 'waiting') {
        if (queue) next.queue = queue;
        else if (e.position !== undefined) next.queue = { position: e.position, total: e.position };
      }
      if (next.phase === 'connected' && next.technicianPresent) next = addSystem(next, 'technician-joined', e.now);
      return next;
    }
    case 'join-failed':
      return { ...initialWidgetState(), error: widgetError(e.error, e.now) };
    case 'connection-lost': {
      if (s.phase !== 'waiting' && s.phase !== 'connected') return s;
      const items = s.items.map((i) => (i.kind === 'message' && i.status === 'sending' ? { ...i, status: 'queued' as const } : i));
      return addSystem({ ...s, items, phase: 'reconnecting', technicianTyping: false }, 'connection-lost', e.now);
    }
    case 'resumed': {
      const wasReconnecting = s.phase === 'reconnecting';
      const { error: _error, ...rest } = s;
      let next: WidgetState = { ...rest, ...fromSession(s, e.result.session, e.now, notices), phase: phaseOf(e.result.session) };
      if (next.phase !== 'waiting') delete next.queue;
      if (wasReconnecting) next = addSystem(next, 'connection-restored', e.now);
      for (const message of e.missed) next = mergeMessage(next, message, notices);
      return next;
    }
    case 'rejoined': {
      const { error: _error, ...rest } = s;
      let next: WidgetState = { ...rest, ...fromSession(s, e.result.session, e.now, notices), phase: phaseOf(e.result.session) };
      for (const message of e.result.messages) next = mergeMessage(next, message, notices);
      notices.push({ type: 'rejoined' });
      return addSystem(next, 'restarted', e.now);
    }
    case 'resume-failed': {
      if (e.reload) return { ...initialWidgetState(), error: widgetError(e.error, e.now) };
      if (s.phase === 'ended' || s.phase === 'idle') return s;
      const reason = e.error !== 'unreachable' ? endReasonOf(e.error.detail) : undefined;
      return endState(s, reason ? { by: endedByOf(reason), reason } : undefined, e.now, notices, widgetError(e.error, e.now));
    }
    case 'message-queued': {
      const item: MessageItem = { kind: 'message', clientId: e.clientId, from: 'customer', text: e.text, at: e.now, status: 'queued' };
      return { ...s, items: [...s.items, item] };
    }
    case 'message-sending':
    case 'message-requeued':
      return updateOwn(s, e.clientId, ({ error: _error, ...m }) => ({ ...m, status: e.type === 'message-sending' ? 'sending' : 'queued' }));
    case 'message-failed':
      return updateOwn(s, e.clientId, (m) => ({ ...m, status: 'failed', error: e.error }));
    case 'message-sent':
      return mergeMessage(s, e.message, notices);
    case 'typing-timeout':
      return s.technicianTyping ? { ...s, technicianTyping: false } : s;
    case 'ended-locally':
      if (s.phase === 'ended' || s.phase === 'idle') return s;
      return endState(s, { by: e.by, reason: e.reason }, e.now, notices);
    case 'reset':
      return initialWidgetState();
    case 'screen':
      return withPointer({ ...s, screen: e.view });
    case 'transfers':
      return { ...s, transfers: e.transfers };
    case 'sysinfo': {
      if (s.phase === 'idle') return s;
      const { sysinfo: _shown, ...rest } = s;
      if (e.items) return s.phase === 'ended' ? s : { ...rest, sysinfo: e.items };
      return e.answer ? addSystem(rest, e.answer === 'sent' ? 'sysinfo-sent' : 'sysinfo-declined', e.now) : rest;
    }
    case 'reboot':
      return s.phase === 'idle' || s.phase === 'ended' ? s : { ...s, reboot: { expiresAt: e.expiresAt } };
  }
}

function relayStep(s: WidgetState, e: RelayEvent, notices: WidgetNotice[]): WidgetState {
  // Nothing of a session reaches an idle widget (a late event from a socket that is being closed).
  if (s.phase === 'idle') return s;
  switch (e.name) {
    case 'session:update': {
      const session = e.payload;
      if (s.sessionId !== undefined && session.id !== s.sessionId) return s;
      const next: WidgetState = { ...s, ...fromSession(s, session, e.now, notices) };
      // The join/resume ack sets the phase while connecting; `session:ended` ends (it carries who and why).
      if ((s.phase === 'waiting' || s.phase === 'connected') && session.state !== 'ended') {
        next.phase = phaseOf(session);
        if (next.phase !== 'waiting') delete next.queue;
      }
      return withPointer(next);
    }
    case 'session:ended': {
      if (s.phase === 'ended' && s.ended) return s;
      return endState(s, { by: e.payload.by, reason: e.payload.reason }, e.now, notices);
    }
    case 'chat:message': {
      const next = mergeMessage(s, e.payload, notices);
      return e.payload.from === 'technician' && next.technicianTyping ? { ...next, technicianTyping: false } : next;
    }
    case 'chat:typing': {
      if (e.payload.from !== 'technician' || s.phase === 'ended') return s;
      const typing = e.payload.typing === true;
      return typing === s.technicianTyping ? s : { ...s, technicianTyping: typing };
    }
    case 'consent:update':
      return applyConsent(s, e.payload.consent, e.payload.changes, e.now, notices);
    case 'consent:prompt': {
      if (s.phase === 'ended') return s;
      const { prompt, technician } = e.payload;
      return showPrompt(s, prompt, technician, e.now, notices);
    }
    case 'audit:entry': {
      const entry = e.payload;
      const audit = s.audit ?? [];
      if (audit.some((a) => a.seq === entry.seq)) return s;
      return { ...s, audit: insertAudit(audit, entry) };
    }
    case 'participant:update': {
      const { role, present, reason } = e.payload;
      if (role !== 'technician') return s;
      const event: SystemEvent =
        reason === 'joined' ? 'technician-joined' : reason === 'dropped' ? 'technician-away' : reason === 'handed-off' ? reason : 'technician-back';
      return addSystem({ ...s, technicianPresent: present, ...(present ? {} : { technicianTyping: false }) }, event, e.now);
    }
    case 'queue:position': {
      if (s.phase !== 'waiting' && s.phase !== 'connecting' && s.phase !== 'reconnecting') return s;
      const { position, total } = e.payload;
      return { ...s, queue: { position, total } };
    }
    case 'control:event': {
      const c = e.payload;
      if (c.type === 'pointer' && Number.isFinite(c.x) && Number.isFinite(c.y)) {
        return withPointer(s, { x: Math.min(1, Math.max(0, c.x)), y: Math.min(1, Math.max(0, c.y)) });
      }
      const { pointer: _hidden, ...rest } = s;
      return rest;
    }
  }
}

// ── sessions and phases ───────────────────────────────────────────────────────────────────────────────────────

function phaseOf(session: SessionView): WidgetPhase {
  switch (session.state) {
    case 'active':
      return 'connected';
    case 'ended':
      return 'ended';
    default:
      return 'waiting';
  }
}

/** What a session view says about the technician and consent (consent only when it is not older than ours). */
function fromSession(s: WidgetState, session: SessionView, now: number, notices: WidgetNotice[]): Partial<WidgetState> {
  const out: Partial<WidgetState> = { sessionId: session.id, technicianPresent: session.technicianPresent, control: controlMode(session) };
  if (session.technician) out.technician = { name: session.technician.name, org: session.technician.org };
  if (session.consent.version >= s.consentVersion || s.sessionId !== session.id) {
    out.offered = [...session.consent.offered];
    out.grants = grantsOf(session.consent);
    out.consentVersion = session.consent.version;
    const shown = session.consent.ended ? undefined : session.consent.prompts[0];
    const withPrompt = showPrompt({ ...s, ...out }, shown ?? null, session.technician, now, notices);
    if (withPrompt.prompt) out.prompt = withPrompt.prompt;
    else out.prompt = undefined;
  }
  return out;
}

function endState(
  s: WidgetState,
  ended: { by: Role | 'relay'; reason: EndReason } | undefined,
  now: number,
  notices: WidgetNotice[],
  error?: WidgetError,
): WidgetState {
  const { prompt: _prompt, queue: _queue, screen: _screen, pointer: _pointer, sysinfo: _sysinfo, reboot: _reboot, ...rest } = s;
  const items = s.items.map((i) =>
    i.kind === 'message' && i.status !== 'sent' && i.from === 'customer' && i.status !== 'failed'
      ? { ...i, status: 'failed' as const, error: 'session-ended' as const }
      : i,
  );
  const next: WidgetState = { ...rest, items, phase: 'ended', technicianTyping: false, technicianPresent: false };
  if (ended) {
    next.ended = { ...ended, at: now };
    notices.push({ type: 'end', by: ended.by, reason: ended.reason });
  }
  if (error) next.error = error;
  return addSystem(next, 'ended', now);
}

const END_REASONS: readonly EndReason[] = ['customer-ended', 'technician-ended', 'customer-timeout', 'technician-timeout', 'code-expired', 'relay-shutdown'];

function endReasonOf(detail: string | undefined): EndReason | undefined {
  return END_REASONS.find((r) => r === detail);
}

function endedByOf(reason: EndReason): Role | 'relay' {
  return reason === 'customer-ended' ? 'customer' : reason === 'technician-ended' ? 'technician' : 'relay';
}
