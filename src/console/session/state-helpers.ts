/**
 * The pieces both halves of the console's reducer use (relay events in `relay-events.ts`, the console's own actions in
 * `local-actions.ts`): the initial state, what belongs to one session, notices, merging session views and consent,
 * placing chat messages and audit entries, and reading the screen-sharing story from the audit log. All pure.
 */
import type { AuditEntry, ChatMessage, ConsentState, FunctionId, SessionView } from '../../protocol/index.js';
import type {
  ConsoleState,
  ErrorInfo,
  MessageItem,
  Notice,
  ScreenInfo,
  ScreenStopReason,
  ScreenSurface,
  UseEvent,
} from './types.js';
import { USE_EVENTS } from './types.js';
import { sentItem } from '../../ui/messages.js';

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
export function withoutSession(state: ConsoleState): ConsoleState {
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

export function sampleClock(state: ConsoleState, relayAt: number, now: number): ConsoleState {
  const sample = relayAt - now;
  return state.clockOffset === undefined || sample > state.clockOffset ? { ...state, clockOffset: sample } : state;
}

/** The relay's time now, as well as the console can tell. */
export function relayNow(state: ConsoleState, now: number): number {
  return now + (state.clockOffset ?? 0);
}

export function notify(state: ConsoleState, notice: Omit<Notice, 'id'>): ConsoleState {
  const id = state.seq + 1;
  return { ...state, seq: id, notice: { id, ...notice } };
}

/** A newer session view; its consent only if it is not older than the one we have (acks and broadcasts interleave). */
export function mergeView(current: SessionView | undefined, view: SessionView): SessionView {
  if (!current || current.id !== view.id || view.consent.version >= current.consent.version) return view;
  return { ...view, consent: current.consent };
}

export function withConsent(state: ConsoleState, consent: ConsentState): ConsoleState {
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

export function insertAudit(audit: readonly AuditEntry[], entry: AuditEntry): AuditEntry[] {
  if (audit.some((e) => e.seq === entry.seq)) return audit as AuditEntry[];
  const at = audit.findIndex((e) => e.seq > entry.seq);
  return at < 0 ? [...audit, entry] : [...audit.slice(0, at), entry, ...audit.slice(at)];
}

export function updateMessage(state: ConsoleState, clientId: string, update: (m: MessageItem) => MessageItem): ConsoleState {
  const index = state.messages.findIndex((m) => m.from === 'technician' && m.clientId === clientId);
  if (index < 0) return state;
  const messages = [...state.messages];
  messages[index] = update(messages[index]!);
  return { ...state, messages };
}

/** The session ended: the technician's messages still waiting (or on their way) will never go, so they show failed. */
export function failUnsent(messages: MessageItem[]): MessageItem[] {
  if (!messages.some((m) => m.from === 'technician' && (m.status === 'queued' || m.status === 'sending'))) return messages;
  return messages.map((m) =>
    m.from === 'technician' && (m.status === 'queued' || m.status === 'sending') ? { ...m, status: 'failed' as const, error: 'session-ended' as const } : m,
  );
}

export function stamp(error: ErrorInfo, at: number): ErrorInfo & { at: number } {
  return {
    code: error.code,
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    ...(error.fn !== undefined ? { fn: error.fn } : {}),
    at,
  };
}

const SCREEN_STOP_REASONS: readonly string[] = ['picker-cancelled', 'browser-stopped', 'capture-failed'] satisfies ScreenStopReason[];
const SURFACES: readonly string[] = ['this-tab', 'browser', 'window', 'monitor', 'unknown'] satisfies ScreenSurface[];

export function screenStopReason(detail: string | undefined): ScreenStopReason | undefined {
  return detail && SCREEN_STOP_REASONS.includes(detail) ? (detail as ScreenStopReason) : undefined;
}

/**
 * Why the customer's browser ended screen viewing, if the revocation that is being reported said so. The relay logs a
 * change before it sends it, so that entry is in the run of `consent-changed` entries at the end of the log (an older
 * revocation is not: a request or allow came between).
 */
export function latestScreenStop(audit: readonly AuditEntry[]): ScreenStopReason | undefined {
  for (let i = audit.length - 1; i >= 0 && audit[i]!.type === 'consent-changed'; i--) {
    const entry = audit[i]!;
    if (entry.fn === 'desktop-view' && entry.cause === 'revoke') return screenStopReason(entry.detail);
  }
  return undefined;
}

/** What the customer shares according to the last `screen-started` / `screen-stopped` entry (`detail`: the surface). */
export function screenFromAudit(audit: readonly AuditEntry[]): ScreenInfo | undefined {
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

export function useEventsOf(fn: FunctionId): UseEvent[] {
  return (Object.keys(USE_EVENTS) as UseEvent[]).filter((event) => USE_EVENTS[event] === fn);
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function mapValues<K extends string, V>(record: Partial<Record<K, V>>, map: (value: V) => V): Partial<Record<K, V>> {
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
