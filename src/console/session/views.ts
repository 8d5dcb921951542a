/**
 * Selectors: what the elements show, derived from a ConsoleState and the current local time (`now`; relay times are
 * compared with it through the state's clock offset). Pure functions; the elements never interpret the relay's state
 * themselves.
 */
import { FUNCTIONS, type FunctionId } from '../../protocol/functions.js';
import type { AuditEntry, GrantStatus, Prompt, QueueEntry, SysinfoItem } from '../../protocol/index.js';
import { SYSINFO_KEYS } from '../../protocol/constants.js';
import type { TransferView } from '../../ui/transfers.js';
import type { ViewerStatus } from '../functions/screen-viewer.js';
import { relayNow } from './reducer.js';
import type { ChatItem, Connection, ConsoleState, RequestActivity, ScreenSurface, SystemItem, UseActivity, UseEvent } from './types.js';
import { USE_EVENTS } from './types.js';

/** The console holds a session that has not ended. */
export function hasLiveSession(state: ConsoleState): boolean {
  return !!state.session && state.session.state !== 'ended';
}

/** The connection as the console shows it: reconnecting until the session it holds is attached again. */
export function shownConnection(state: ConsoleState): Connection {
  return state.connection === 'connected' && state.pending?.op === 'attach' ? 'reconnecting' : state.connection;
}

/** Relay actions can be sent now (connected, and no other operation under way that they would race). */
function online(state: ConsoleState): boolean {
  return state.connection === 'connected' && state.pending?.op !== 'attach';
}

/**
 * The technician can write: the session is active and the console is signed in. While the connection is down,
 * messages queue and go out once it is back.
 */
export function canChat(state: ConsoleState): boolean {
  return state.session?.state === 'active' && (state.connection === 'connected' || state.connection === 'reconnecting');
}

export interface CodeView {
  code: string;
  joinUrl: string;
  /** ms until the code stops working (0 once expired). */
  remainingMs: number;
  expired: boolean;
}

/** The code to give the customer, while the session waits for them. */
export function codeView(state: ConsoleState, now: number): CodeView | undefined {
  if (!state.code || state.session?.state !== 'open') return undefined;
  const remainingMs = Math.max(0, state.code.expiresAt - relayNow(state, now));
  return { code: state.code.code, joinUrl: state.code.joinUrl, remainingMs, expired: remainingMs === 0 };
}

/** Whether a function's request waits out a cooldown now (the clock must run to enable it again when it is over). */
export function coolingDown(state: ConsoleState, now: number): boolean {
  return functionRows(state, now).some((row) => row.cooldown !== undefined && row.cooldown.leftMs > 0);
}

/**
 * How long the relay still asks to wait before the refused operation is worth trying again (ms, counted down from its
 * `retryAfter`; zero or less once over), or undefined when it did not say or asked for less than a minute: such a wait
 * stays "a moment", so that the alert saying it does not change again seconds later.
 */
export function retryWait(state: ConsoleState, now: number): number | undefined {
  const e = state.error;
  return e?.code === 'rate-limited' && e.retryAfter !== undefined && e.retryAfter >= 60_000 ? e.at + e.retryAfter - now : undefined;
}

export interface QueueRow extends QueueEntry {
  /** How long the customer has been waiting, ms. */
  waitingMs: number;
  /** A pick of this entry is on its way. */
  picking: boolean;
}

export function queueRows(state: ConsoleState, now: number): QueueRow[] {
  const relay = relayNow(state, now);
  return state.queue.map((entry) => ({
    ...entry,
    waitingMs: Math.max(0, relay - entry.joinedAt),
    picking: state.pending?.op === 'pick' && state.pending.sessionId === entry.sessionId,
  }));
}

/** The technician may pick from the queue: signed in, no live session, nothing else under way. */
export function canPick(state: ConsoleState): boolean {
  return online(state) && !hasLiveSession(state) && !state.pending;
}

/** The technician may create a session: as for picking. */
export const canCreate = canPick;

export interface FunctionRow {
  fn: FunctionId;
  /** The grant status exactly as the relay last reported it. */
  status: GrantStatus;
  /** The prompt waiting for this function: a request, or a re-confirmation of a live grant. */
  prompt?: Prompt;
  /** ms the customer has left to answer, once the prompt is on show. */
  remainingMs?: number;
  /** The prompt waits for the customer's answer to an earlier one (its countdown has not started). */
  queued: boolean;
  /** A request is on its way to the relay. */
  busy: boolean;
  /** The relay refused the last request. */
  error?: RequestActivity['error'];
  /**
   * The relay refused the last request as too soon after the customer said no (`rate-limited` with `retryAfter`): when
   * it may be asked again (local ms since epoch), and the ms left until then (zero or less once over).
   */
  cooldown?: { until: number; leftMs: number };
  /** A function that must be granted before this one can be requested, and is not. */
  needs?: FunctionId;
  /** The Request button works now. */
  canRequest: boolean;
}

/** One row per function offered in the session, in catalogue order. */
export function functionRows(state: ConsoleState, now: number): FunctionRow[] {
  const session = state.session;
  if (!session) return [];
  const consent = session.consent;
  const active = session.state === 'active' && !consent.ended;
  const relay = relayNow(state, now);
  return consent.offered.map((fn) => {
    const status = consent.grants[fn].status;
    const prompt = consent.prompts.find((p) => p.fn === fn);
    const activity = state.requests[fn];
    const required = FUNCTIONS[fn].requires;
    const needs = required && consent.grants[required].status !== 'granted' ? required : undefined;
    const busy = activity?.busy ?? false;
    const refused = activity?.error;
    const until = refused?.code === 'rate-limited' && refused.retryAfter !== undefined ? refused.at + refused.retryAfter : undefined;
    const cooldown = until !== undefined ? { until, leftMs: until - now } : undefined;
    return {
      fn,
      status,
      ...(prompt ? { prompt } : {}),
      ...(prompt?.expiresAt !== undefined ? { remainingMs: Math.max(0, prompt.expiresAt - relay) } : {}),
      queued: !!prompt && prompt.expiresAt === undefined,
      busy,
      ...(activity?.error ? { error: activity.error } : {}),
      ...(needs ? { needs } : {}),
      ...(cooldown ? { cooldown } : {}),
      canRequest:
        active && online(state) && !busy && !prompt && status !== 'granted' && status !== 'pending' && !needs && !(cooldown && cooldown.leftMs > 0),
    };
  });
}

export interface UseRow {
  event: UseEvent;
  fn: FunctionId;
  status: GrantStatus;
  /** Only while the grant is live (the relay refuses it otherwise, and would log the refusal). */
  enabled: boolean;
  busy: boolean;
  usedAt?: number;
  refused?: UseActivity['refused'];
}

/** The gated actions whose function is offered in the session. */
export function useRows(state: ConsoleState): UseRow[] {
  const session = state.session;
  if (!session) return [];
  const consent = session.consent;
  return (Object.keys(USE_EVENTS) as UseEvent[])
    .filter((event) => consent.offered.includes(USE_EVENTS[event]))
    .map((event) => {
      const fn = USE_EVENTS[event];
      const status = consent.grants[fn].status;
      const activity = state.uses[event];
      const busy = activity?.busy ?? false;
      return {
        event,
        fn,
        status,
        enabled: status === 'granted' && session.state === 'active' && !consent.ended && online(state) && !busy,
        busy,
        ...(activity?.usedAt !== undefined ? { usedAt: activity.usedAt } : {}),
        ...(activity?.refused ? { refused: activity.refused } : {}),
      };
    });
}

/** Whether `fn` is granted in a live session that this console can act in now. */
function live(state: ConsoleState, fn: FunctionId): boolean {
  const session = state.session;
  return session?.state === 'active' && !session.consent.ended && session.consent.grants[fn].status === 'granted' && online(state);
}

export interface ScreenView {
  /** The customer's browser shares (as the relay last said) and screen viewing is granted. */
  sharing: boolean;
  surface?: ScreenSurface;
  video: ViewerStatus;
  /** The technician can point at things: remote control granted and the customer shares this very tab. */
  pointer: boolean;
  /** Remote control is granted but the customer shares something else than the tab with the chat. */
  pointerNeedsTab: boolean;
}

/** Screen viewing, while it is offered in a session. */
export function screenView(state: ConsoleState): ScreenView | undefined {
  const session = state.session;
  if (!session?.consent.offered.includes('desktop-view')) return undefined;
  const sharing = live(state, 'desktop-view') && !!state.screen?.sharing;
  const surface = sharing ? state.screen?.surface : undefined;
  const control = sharing && session.consent.grants['remote-control']?.status === 'granted';
  return {
    sharing,
    ...(surface ? { surface } : {}),
    video: state.video,
    pointer: control && surface === 'this-tab',
    pointerNeedsTab: control && surface !== 'this-tab',
  };
}

/** Pointer positions may go to the customer now (the session sends them only then). */
export function canPoint(state: ConsoleState): boolean {
  return !!screenView(state)?.pointer && live(state, 'remote-control');
}

/** Whether a video connection to the customer's screen should exist. */
export function wantsVideo(state: ConsoleState): boolean {
  return !!screenView(state)?.sharing;
}

export interface FilePanelView {
  /** Offered in this session. */
  offered: boolean;
  /** File transfer is granted and the console is online: sending and accepting work. */
  enabled: boolean;
  /** Largest file the relay takes, bytes (unknown until the first create/attach/pick). */
  maxBytes?: number;
  transfers: readonly TransferView[];
}

export function filePanel(state: ConsoleState): FilePanelView | undefined {
  const session = state.session;
  if (!session?.consent.offered.includes('file-transfer') && state.transfers.length === 0) return undefined;
  const maxBytes = state.relay?.limits.maxFileBytes;
  return {
    offered: !!session?.consent.offered.includes('file-transfer'),
    enabled: live(state, 'file-transfer'),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    transfers: state.transfers,
  };
}

export type SysinfoView = { kind: 'report'; rows: SysinfoItem[]; at: number } | { kind: 'declined'; at: number };

/** The customer's last answer to a system-information request, rows in the catalogue's order. */
export function sysinfoView(state: ConsoleState): SysinfoView | undefined {
  const result = state.sysinfo;
  if (!result) return undefined;
  if (result.kind === 'declined') return result;
  const order = (key: string) => (SYSINFO_KEYS as readonly string[]).indexOf(key);
  return { kind: 'report', rows: [...result.items].sort((a, b) => order(a.key) - order(b.key)), at: result.at };
}

export type RebootView =
  /** The customer may restart; their widget rejoins by itself until `expiresAt` (relay time, converted to local). */
  | { phase: 'waiting'; until?: number }
  | { phase: 'rejoined'; at: number }
  /** The time for reconnecting ran out, or the relay dropped the token. */
  | { phase: 'over' };

/**
 * The restart this console asked for, while the session is held. Live, the console knows it from the relay's answer
 * and `participant:update` (`restarted`); after a reload, only from the audit log (without the deadline).
 */
export function rebootView(state: ConsoleState, now: number): RebootView | undefined {
  const session = state.session;
  const reboot = state.reboot;
  if (!session) return undefined;
  let issued = -1;
  for (let i = state.audit.length - 1; i >= 0 && issued < 0; i--) if (state.audit[i]!.type === 'reboot-token-issued') issued = i;
  if (!reboot && issued < 0) return undefined;
  const since = issued >= 0 ? state.audit.slice(issued + 1) : [];
  if (reboot?.rejoinedAt !== undefined) return { phase: 'rejoined', at: reboot.rejoinedAt };
  const rejoined = reboot ? undefined : since.find((e) => e.type === 'rejoined-after-restart');
  if (rejoined) return { phase: 'rejoined', at: rejoined.at - (state.clockOffset ?? 0) };
  const expiresAt = reboot?.expiresAt;
  if (session.state === 'ended' || since.some((e) => e.type === 'reboot-token-revoked') || (expiresAt !== undefined && relayNow(state, now) >= expiresAt)) {
    return { phase: 'over' };
  }
  return { phase: 'waiting', ...(expiresAt !== undefined ? { until: expiresAt - (state.clockOffset ?? 0) } : {}) };
}

/** Audit entries worth a line in the chat (what changed between the two people), not every technical event. */
export function inChat(entry: AuditEntry): boolean {
  switch (entry.type) {
    case 'customer-joined':
    case 'technician-joined':
    case 'participant-dropped':
    case 'participant-resumed':
    case 'consent-requested':
    case 'consent-reconfirm-requested':
    case 'session-ended':
    case 'screen-started':
    case 'screen-stopped':
    case 'file-transferred':
    case 'file-cancelled':
    case 'sysinfo-sent':
    case 'sysinfo-declined':
    case 'rejoined-after-restart':
      return true;
    case 'consent-changed':
      // Ending revokes everything; the end line says so.
      return entry.cause !== 'end';
    default:
      return false;
  }
}

/**
 * The chat log: relay-confirmed messages and system lines (from the audit log) in relay time order, then the
 * technician's messages that the relay does not have yet, in the order written.
 */
export function chatItems(state: ConsoleState): ChatItem[] {
  const system: SystemItem[] = state.audit.filter(inChat).map((entry) => ({ kind: 'system', key: `a${entry.seq}`, entry, at: entry.at }));
  const sent = state.messages.filter((m) => m.seq !== undefined);
  const unsent = state.messages.filter((m) => m.seq === undefined);
  const items: ChatItem[] = [];
  let s = 0;
  for (const message of sent) {
    while (s < system.length && system[s]!.at < message.at) items.push(system[s++]!);
    items.push(message);
  }
  while (s < system.length) items.push(system[s++]!);
  return [...items, ...unsent];
}

/** The technician's messages that wait for the connection, in order. */
export function queuedMessages(state: ConsoleState): string[] {
  return state.messages.filter((m) => m.from === 'technician' && m.status === 'queued').map((m) => m.clientId);
}
