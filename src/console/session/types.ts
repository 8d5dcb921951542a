/**
 * The contract between the technician console's session logic (plain TypeScript, no DOM) and its elements.
 * Elements render a ConsoleState (through the selectors in views.ts) and call ConsoleSession's methods; they never
 * talk to the socket themselves. Every relay time in here is the relay's clock; `now` always comes in with an action.
 */
import type {
  AuditEntry,
  ChatMessage,
  ClientLimits,
  ConsentState,
  CreateResult,
  EndReason,
  ErrorCode,
  FunctionId,
  LeftMessage,
  OnlineTechnician,
  QueueEntry,
  Role,
  RtcConfig,
  SessionView,
  SysinfoItem,
  TechnicianIdentity,
  TechnicianServerEvents,
} from '../../protocol/index.js';
import type { MessageItemOf } from '../../ui/messages.js';
import type { TransferView } from '../../ui/transfers.js';
import type { ViewerStatus } from '../functions/screen-viewer.js';

/** The technician's connection to the relay. */
export type Connection = 'signed-out' | 'connecting' | 'connected' | 'reconnecting';

/**
 * An error the console shows. Relay error codes as they came, plus two of our own: `unreachable` (no connection to
 * the relay) and `timeout` (connected, but the relay did not answer in time).
 */
export type ConsoleErrorCode = ErrorCode | 'unreachable' | 'timeout';

/** What was being done when an error came back. */
export type Operation = 'sign-in' | 'create' | 'attach' | 'pick' | 'end' | 'queue' | 'handoff';

/** A refusal or failure, with what the relay added to it. */
export interface ErrorInfo {
  code: ConsoleErrorCode;
  /** ms until a retry makes sense (`rate-limited`). */
  retryAfter?: number;
  /** The function concerned (`not-granted`, `already-pending`, …). */
  fn?: string;
}

export interface ConsoleError extends ErrorInfo {
  op: Operation;
  /** When it happened (local ms since epoch). */
  at: number;
}

export type { MessageStatus } from '../../ui/messages.js';

export type MessageItem = MessageItemOf<ConsoleErrorCode>;

/** A line in the chat log that is not a message, made from an audit entry (so it survives a reload). */
export interface SystemItem {
  kind: 'system';
  /** Unique within the log. */
  key: string;
  entry: AuditEntry;
  at: number;
}

export type ChatItem = MessageItem | SystemItem;

/** Something the technician must notice now (a banner until dismissed or replaced). */
export type NoticeKind =
  | 'customer-joined'
  | 'customer-dropped'
  | 'customer-resumed'
  | 'customer-ended'
  | 'stopped-sharing'
  | 'revoked'
  | 'reconfirm-expired'
  | 'session-ended'
  | 'relay-shutdown'
  /** The customer's widget rejoined after their computer restarted. */
  | 'customer-restarted'
  /** This console handed its session to a colleague (`name`). */
  | 'handed-off';

export interface Notice {
  /** Grows with every notice (a key for rendering and for focus/announcement). */
  id: number;
  kind: NoticeKind;
  /** The functions concerned (revocations). */
  fns?: FunctionId[];
  /** For `session-ended`. */
  by?: Role | 'relay';
  reason?: EndReason;
  /** For a revocation of screen viewing that the customer's browser caused (the relay's audit detail). */
  screenStop?: ScreenStopReason;
  /** For `handed-off`: the colleague's name. */
  name?: string;
  at: number;
}

/** Why screen viewing ended on the customer's side without them revoking it (`consent:revoke` reason). */
export type ScreenStopReason = 'picker-cancelled' | 'browser-stopped' | 'capture-failed';

/** What the customer picked in the browser's sharing dialog. */
export type ScreenSurface = 'this-tab' | 'browser' | 'window' | 'monitor' | 'unknown';

/** The customer's screen sharing as the relay last reported it (`screen:state`, or the audit log after an attach). */
export interface ScreenInfo {
  sharing: boolean;
  surface?: ScreenSurface;
}

/** The customer's answer to the last system-information request. */
export type SysinfoResult = { kind: 'report'; items: SysinfoItem[]; at: number } | { kind: 'declined'; at: number };

/** The last restart this console asked for. */
export interface RebootInfo {
  /** Relay time until which the customer's widget can rejoin (unknown after a reload). */
  expiresAt?: number;
  /** Local time the customer's widget came back after the restart. */
  rejoinedAt?: number;
}

/** What this relay told the console about WebRTC and its limits (with every create, attach and pick). */
export interface RelayConfig {
  rtc: RtcConfig;
  limits: ClientLimits;
}



/** The code the customer needs, from `session:create`. */
export interface CodeInfo {
  code: string;
  joinUrl: string;
  /** Relay time after which the code no longer works. */
  expiresAt: number;
}

/** A consent request on its way to the relay, or the reason the relay refused it. */
export interface RequestActivity {
  busy: boolean;
  error?: ErrorInfo & { at: number };
}

/** The one-shot gated actions the console offers as buttons (screen, pointer and files have panels of their own). */
export const USE_EVENTS = {
  'sysinfo:request': 'system-info',
  'reboot:request': 'reboot',
} as const satisfies Record<string, FunctionId>;

export type UseEvent = keyof typeof USE_EVENTS;

/** A gated action on its way, the last one the relay let through, or the relay's refusal. */
export interface UseActivity {
  busy: boolean;
  /** When the relay last relayed it (local time). */
  usedAt?: number;
  /** The relay's refusal of the last attempt. */
  refused?: ErrorInfo & { at: number };
}

export interface ConsoleState {
  connection: Connection;
  /** Who is signed in, from the token's claims (the relay checked the token when it accepted the connection). */
  technician?: TechnicianIdentity;
  /** The last failed operation (cleared by the next attempt of any operation). */
  error?: ConsoleError;
  /** The operation on its way, if any (one at a time). */
  pending?: { op: Operation; sessionId?: string };
  /** The support queue, first in line first. */
  queue: QueueEntry[];
  /** Messages customers left while nobody could chat, newest first (inbox.ts). */
  inbox: LeftMessage[];
  /** The technician's colleagues online (same organisation), as last listed for a hand-off. */
  colleagues?: OnlineTechnician[];
  /** The session this console holds (live, or ended until closed). */
  session?: SessionView;
  /** The code, for a session this console created (until the customer uses it). */
  code?: CodeInfo;
  /** Chat messages: those the relay has, by `seq`, then the technician's unsent ones in the order written. */
  messages: MessageItem[];
  /** The session's audit log, by `seq`. */
  audit: AuditEntry[];
  customerTyping: boolean;
  requests: Partial<Record<FunctionId, RequestActivity>>;
  uses: Partial<Record<UseEvent, UseActivity>>;
  notice?: Notice;
  /** How the session ended; `by`/`reason` are missing when it ended while this console was away. */
  ended?: { by?: Role | 'relay'; reason?: EndReason; at: number };
  /** Counter for notice ids. */
  seq: number;
  /** ICE servers and limits of the relay (from the last create, attach or pick). */
  relay?: RelayConfig;
  /** The customer's screen sharing (while a session is held). */
  screen?: ScreenInfo;
  /** The video connection to the customer's screen. */
  video: ViewerStatus;
  sysinfo?: SysinfoResult;
  reboot?: RebootInfo;
  /** File transfers of this session, oldest first (kept by the shared FileTransfers, src/ui/transfers.ts). */
  transfers: readonly TransferView[];
  /**
   * Estimate of (relay clock − local clock), ms, from relay timestamps on events as they arrive (the largest sample:
   * network delay only makes samples smaller). Countdowns to relay times use it, so a skewed local clock does not
   * shorten or lengthen them. Unset until the first sample.
   */
  clockOffset?: number;
}

type ServerEventPayloads = {
  [K in keyof TechnicianServerEvents]: Parameters<TechnicianServerEvents[K]>[0];
};

/** An event the relay sent, as an action. */
export type RelayAction = {
  [K in keyof ServerEventPayloads]: { type: 'relay'; event: K; payload: ServerEventPayloads[K]; now: number };
}[keyof ServerEventPayloads];

/** Things the console did or learnt locally. */
export type LocalAction =
  | { type: 'sign-in'; technician?: TechnicianIdentity; now: number }
  | { type: 'connected'; now: number }
  | { type: 'connect-failed'; code: ConsoleErrorCode; fatal: boolean; now: number }
  | { type: 'disconnected'; willReconnect: boolean; now: number }
  | { type: 'sign-out' }
  | { type: 'op-start'; op: Operation; sessionId?: string; now: number }
  /** `retrying`: tried again by itself (a transient error), so the operation stays pending. */
  | { type: 'op-failed'; op: Operation; error: ErrorInfo; retrying?: boolean; now: number }
  /** An operation whose effect arrives as relay events (ending) is over. */
  | { type: 'op-done'; op: Operation }
  | { type: 'queue-listed'; entries: QueueEntry[] }
  | { type: 'inbox-listed'; messages: LeftMessage[] }
  | { type: 'colleagues-listed'; technicians: OnlineTechnician[] }
  /** The relay gave the session to colleague `to`: this console holds no session any more. */
  | { type: 'handed-off'; to: OnlineTechnician; now: number }
  /** The whole audit log, fetched (after a pick: what happened while the customer waited). */
  | { type: 'audit-fetched'; entries: AuditEntry[] }
  | { type: 'created'; result: CreateResult; now: number }
  | {
      type: 'attached';
      session: SessionView;
      messages: ChatMessage[];
      audit: AuditEntry[];
      code?: CodeInfo;
      relay?: RelayConfig;
      now: number;
    }
  /** The session ended without this console hearing how (it was away; attach or end answered `session-ended`). */
  | { type: 'ended-unseen'; now: number }
  /** The stored session is unknown to the relay (attach answered `not-found`). */
  | { type: 'forget-session' }
  | { type: 'picked'; session: SessionView; relay?: RelayConfig; now: number }
  | { type: 'chat-add'; clientId: string; text: string; queued: boolean; now: number }
  | { type: 'chat-sending'; clientId: string }
  | { type: 'chat-requeue'; clientId: string }
  | { type: 'chat-sent'; message: ChatMessage }
  | { type: 'chat-failed'; clientId: string; error: ConsoleErrorCode }
  | { type: 'request-start'; fn: FunctionId }
  | { type: 'request-ok'; fn: FunctionId; consent: ConsentState }
  | { type: 'request-failed'; fn: FunctionId; error: ErrorInfo; now: number }
  | { type: 'use-start'; event: UseEvent }
  | { type: 'use-ok'; event: UseEvent; now: number }
  | { type: 'use-failed'; event: UseEvent; error: ErrorInfo; now: number }
  /** The relay let a restart through; the customer's widget can rejoin until `expiresAt` (relay time). */
  | { type: 'reboot-issued'; expiresAt: number; now: number }
  /** The video connection changed. */
  | { type: 'video'; status: ViewerStatus }
  /** The file transfers changed. */
  | { type: 'transfers'; list: readonly TransferView[] }
  | { type: 'dismiss-notice' }
  /** Puts an ended session away (back to "no session"). */
  | { type: 'close-session' };

export type ConsoleAction = RelayAction | LocalAction;
