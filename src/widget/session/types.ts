/**
 * The contract between the widget's session logic (plain TypeScript, no DOM rendering) and its elements.
 * Elements render a WidgetState and call WidgetActions; they never talk to the socket themselves.
 */
import type {
  AuditEntry,
  ChatMessage,
  EndReason,
  ErrorCode,
  FunctionId,
  GrantStatus,
  HoursInfo,
  Prompt,
  Role,
  SysinfoItem,
  TechnicianIdentity,
} from '../../protocol/index.js';
import type { RatingScore } from '../../protocol/constants.js';
import type { MessageItemOf } from '../../ui/messages.js';
import type { TransferView } from '../../ui/transfers.js';
import type { DisplayMedia, ScreenView } from '../functions/screen-share.js';
import type { ControlMode } from './control-wording.js';

export type { ScreenView, TransferView };

/** The customer journey (SPEC §4). */
export type WidgetPhase = 'idle' | 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'ended';

/** An error shown on the idle/connecting screens. `unreachable` = the relay could not be reached at all. */
export interface WidgetError {
  code: ErrorCode | 'unreachable';
  /** ms until a retry makes sense (`rate-limited`). */
  retryAfter?: number;
  /** When the error was received (ms since epoch), to count `retryAfter` down. */
  at: number;
  hours?: HoursInfo;
}

export type { MessageStatus } from '../../ui/messages.js';

export type MessageItem = MessageItemOf<ErrorCode | 'unreachable'>;

export type SystemEvent =
  | 'technician-joined'
  | 'technician-away'
  | 'technician-back'
  | 'connection-lost'
  | 'connection-restored'
  | 'granted'
  | 'denied'
  | 'expired'
  | 'revoked'
  | 'used'
  | 'ended'
  /** The session came back after the customer's restart (reboot token). */
  | 'restarted'
  | 'sysinfo-sent'
  | 'sysinfo-declined'
  /** Another technician took the session over (the grants ended with the hand-off). */
  | 'handed-off';

export interface SystemItem {
  kind: 'system';
  /** Unique within the log. */
  key: string;
  event: SystemEvent;
  fn?: FunctionId;
  at: number;
}

export type ChatItem = MessageItem | SystemItem;

export interface PromptView extends Prompt {
  /** Always set for the prompt on show. */
  expiresAt: number;
  technician?: TechnicianIdentity;
}

export interface WidgetState {
  phase: WidgetPhase;
  /** The last error (cleared by the next attempt). */
  error?: WidgetError;
  sessionId?: string;
  technician?: TechnicianIdentity;
  technicianPresent: boolean;
  /** Position in the support queue (waiting without a code). */
  queue?: { position: number; total: number };
  items: ChatItem[];
  technicianTyping: boolean;
  /** The consent prompt on show, if any (one at a time; the relay queues the rest). */
  prompt?: PromptView;
  /** Grant status per function as the relay last confirmed it (never optimistic). */
  grants: Record<FunctionId, GrantStatus>;
  consentVersion: number;
  /** What remote control does here: `point` unless the vendor's native agent declared itself (`SessionView.agent`). */
  control: ControlMode;
  /**
   * How the session ended. Absent in phase `ended` only when the relay refused to resume a session that had ended
   * while this tab was away (the relay does not say who ended it then); `error` says why.
   */
  ended?: { by: Role | 'relay'; reason: EndReason };
  /** The session's consent and audit log as the relay announced it (`audit:entry`), oldest first. */
  audit?: AuditEntry[];
  /** Screen sharing as this browser does it (absent = not sharing); the grant itself is in `grants`. */
  screen?: ScreenView;
  /**
   * The technician's pointer (0..1 of the shared picture, i.e. of this tab's viewport). Only while remote control is
   * live and this very tab is shared.
   */
  pointer?: { x: number; y: number };
  /** File transfers of this session, both directions, oldest first. */
  transfers?: readonly TransferView[];
  /** System information the technician asked for, shown to the customer before it is sent (or not). */
  sysinfo?: SysinfoItem[];
  /** A restart was prepared: the reboot token is kept until `expiresAt`. */
  reboot?: { expiresAt: number };
}

/** Things that happened, for the element to turn into `rsw-*` DOM events. */
export type WidgetNotice =
  | { type: 'state'; phase: WidgetPhase; previous: WidgetPhase }
  | { type: 'message'; message: ChatMessage }
  | { type: 'consent-request'; prompt: PromptView }
  | { type: 'grant'; fn: FunctionId }
  | { type: 'revoke'; fn: FunctionId; status: GrantStatus }
  | { type: 'end'; by: Role | 'relay'; reason: EndReason }
  /** The session came back by itself after the customer's restart. */
  | { type: 'rejoined' };

export interface Transcript {
  messages: ChatMessage[];
  audit: AuditEntry[];
  /** The session the transcript belongs to. */
  sessionId?: string;
  /** The technician as verified by the relay. */
  technician?: TechnicianIdentity;
  /** When the transcript was put together (ms since epoch). */
  generatedAt?: number;
}

export interface WidgetActions {
  /** Joins with a session code. */
  join(code: string): Promise<void>;
  /** Joins the support queue without a code. */
  joinQueue(name: string, description: string): Promise<void>;
  leaveQueue(): Promise<void>;
  /** Sends a chat message; returns its client id. Works while reconnecting (queued, sent once, in order). */
  send(text: string): string;
  /** Sends a failed message again (same client id, so it is never duplicated). */
  retry(clientId: string): void;
  setTyping(typing: boolean): void;
  /** Answers the prompt on show. The element calls this only for trusted user input. */
  decide(promptId: string, allow: boolean): Promise<void>;
  revoke(fn: FunctionId): Promise<void>;
  /** Revokes every grant; the chat goes on. */
  stopSharing(): Promise<void>;
  /** Ends the session for good. */
  disconnect(): Promise<void>;
  /** The chat and consent log, for the customer to download (works after the end). */
  transcript(): Promise<Transcript>;
  /** Back to idle: closes the socket and removes every trace of the session from storage. */
  reset(): void;
  /**
   * Asks the browser for the screen while screen viewing is allowed and nothing is shared (e.g. after a reload). Call
   * it synchronously from the customer's click: the browser needs that user activation. (Allowing screen viewing in
   * the prompt starts it by itself.)
   */
  shareScreen(): void;
  /** Offers files to the technician while file transfer is allowed (over the relay's limit: refused at once). */
  sendFiles(files: Iterable<File>): void;
  /** Accepts a file the technician offers; nothing is received before. */
  acceptFile(id: string): void;
  declineFile(id: string): void;
  /** Stops a transfer in either direction. */
  cancelFile(id: string): void;
  /** Sends the system information on show (`true`) or declines (`false`). */
  answerSysinfo(send: boolean): Promise<void>;
  /** Rates the ended session (1–5, optional comment); resolves to true once the relay has it. */
  rate(score: RatingScore, comment: string): Promise<boolean>;
}

export interface WidgetSessionOptions {
  /** Base URL of the relay, e.g. `https://support.example.com` (the customer namespace is added). */
  server: string;
  /** Where the resume token lives during a session (default `sessionStorage`; `null` = memory only). */
  storage?: Storage | null;
  /**
   * Extra socket.io-client options (transports, path, reconnection delays; tests in Node set `extraHeaders: {origin}`),
   * which the widget's own WebSocket client takes too, and `WebSocket`: the constructor it uses where the platform has
   * none (Node.js 20; tests pass `ws`'s; without one the widget connects through socket.io-client).
   */
  socketOptions?: Record<string, unknown>;
  /** How long to wait for an acknowledgement from the relay, ms (default 10 s). */
  ackTimeoutMs?: number;
  /** Hides the technician's typing indicator when no `typing: false` follows within this time, ms (default 8 s). */
  typingTimeoutMs?: number;
  /** Sends `typing: false` for the customer after this long without a `setTyping(true)`, ms (default 5 s). */
  ownTypingIdleMs?: number;
  /** Where a reboot token waits for the restart (default `localStorage`; `null` = nowhere). */
  rebootStorage?: Storage | null;
  /**
   * Screen capture (default `navigator.mediaDevices`; tests pass a stand-in). Without getDisplayMedia, allowing screen
   * viewing gives the grant straight back (`capture-failed`).
   */
  displayMedia?: DisplayMedia;
}

/** What the element's reactive controller relies on. */
export interface WidgetSessionLike extends WidgetActions {
  readonly state: WidgetState;
  /** Called after every state change, with the notice that caused it when there is one. */
  subscribe(listener: (state: WidgetState, notice?: WidgetNotice) => void): () => void;
  /** Resumes a session this tab was in before a reload (token in storage); false when there is none. */
  tryResume(): Promise<boolean>;
  /** Closes the socket and drops listeners (element removed from the page); storage is left as it is. */
  destroy(): void;
}
