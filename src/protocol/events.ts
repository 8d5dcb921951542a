/**
 * Typed socket.io event maps for the two namespaces, shared by relay, widget and console.
 * Names are `entity:action`. Every client → relay event takes a payload and an acknowledgement callback that
 * receives `{ok: true, …}` or `{ok: false, error}` (see errors.ts). docs/PROTOCOL.md describes each one.
 */
import type { AuditEntry } from './audit.js';
import type { ConsentChange, ConsentState, Prompt } from './consent.js';
import type { AckCallback } from './errors.js';
import type { SysinfoKey } from './constants.js';
import type { LeftMessage, Rating } from './feedback.js';
import type { FileCancelReason, Payload, SchemaName } from './schemas.js';

export const CUSTOMER_NAMESPACE = '/customer';
export const TECHNICIAN_NAMESPACE = '/technician';

export type Role = 'customer' | 'technician';
export type SessionState = 'open' | 'queued' | 'active' | 'ended';
export type EndReason =
  | 'customer-ended'
  | 'technician-ended'
  | 'customer-timeout'
  | 'technician-timeout'
  | 'code-expired'
  | 'relay-shutdown';

/** A technician as verified by the relay from their signed token. */
export interface TechnicianIdentity {
  name: string;
  org: string;
}

/** What both participants know about the session. */
export interface SessionView {
  id: string;
  state: SessionState;
  createdAt: number;
  technician?: TechnicianIdentity;
  /** Set for customers who came through the support queue. */
  customer?: { name: string; description: string };
  customerPresent: boolean;
  technicianPresent: boolean;
  consent: ConsentState;
  endedBy?: Role | 'relay';
  endReason?: EndReason;
  /**
   * The vendor's native agent that declared itself for this session through the relay's hand-off (PROTOCOL §19).
   * Absent: remote control is the technician's pointer on the shared screen only, and is worded so.
   */
  agent?: { name: string };
  /** The customer's rating, once given (after the end). */
  rating?: Omit<Rating, 'at'>;
}

export interface ChatMessage {
  /** Relay-assigned id. */
  id: string;
  /** Per-session sequence number, from 1, without gaps. */
  seq: number;
  /** The sender's own id for the message (resending it never duplicates). */
  clientId: string;
  from: Role;
  text: string;
  /** Relay time (ms since epoch). */
  at: number;
}

export type { AuditEntry, AuditType } from './audit.js';

export interface QueueEntry {
  sessionId: string;
  name: string;
  description: string;
  joinedAt: number;
  /** 1 = next in line. */
  position: number;
}

/** An ICE server for the screen-sharing peer connection (the shape of the browser's `RTCIceServer`). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** What both sides need to set up WebRTC, from the relay's options (`iceServers`, default none: host candidates). */
export interface RtcConfig {
  iceServers: IceServer[];
  /** `relay`: the peer connection uses TURN only (relay option `iceTransportPolicy`). Absent = `all`. */
  iceTransportPolicy?: 'all' | 'relay';
}

/** Limits of this relay that clients show or respect before sending. */
export interface ClientLimits {
  /** Largest file `file:offer` accepts, bytes (relay option `maxFileBytes`, default 25 MB). */
  maxFileBytes: number;
}

/** A file offered by one side to the other. */
export interface FileOffer {
  transferId: string;
  from: Role;
  name: string;
  size: number;
  type: string;
  sha256: string;
}

export interface SysinfoItem {
  key: SysinfoKey;
  value: string;
}

export interface JoinResult {
  session: SessionView;
  rtc: RtcConfig;
  limits: ClientLimits;
  /** Secret that lets this customer resume the session after a dropped connection. */
  resumeToken: string;
  /** Grace period for resuming after a drop, ms. */
  resumeGraceMs: number;
}

export interface CreateResult {
  session: SessionView;
  code: string;
  /** The vendor's help page with `?rsw-code=` when the relay knows it, else `?rsw-code=…` alone. */
  joinUrl: string;
  codeExpiresAt: number;
  rtc: RtcConfig;
  limits: ClientLimits;
}

/** The result of `session:rejoin` after a restart: like a resume, with the whole transcript. */
export interface RejoinResult extends JoinResult {
  messages: ChatMessage[];
}

type Handler<E extends SchemaName, R extends object = object> = (payload: Payload<E>, ack: AckCallback<R>) => void;

/** Events the relay sends to both roles. */
export interface CommonServerEvents {
  'session:update': (session: SessionView) => void;
  'session:ended': (info: { by: Role | 'relay'; reason: EndReason }) => void;
  'chat:message': (message: ChatMessage) => void;
  'chat:typing': (info: { from: Role; typing: boolean }) => void;
  /** Grant state after every change, with what changed. */
  'consent:update': (info: { consent: ConsentState; changes: ConsentChange[] }) => void;
  'audit:entry': (entry: AuditEntry) => void;
  'participant:update': (info: { role: Role; present: boolean; reason: 'joined' | 'dropped' | 'resumed' | 'restarted' | 'handed-off' }) => void;
  /** A file offered by the other side; the receiver answers `file:accept` or `file:cancel` (`declined`). */
  'file:offer': (offer: FileOffer) => void;
  /** The receiver accepted; the sender may start sending chunks. */
  'file:accept': (info: { transferId: string }) => void;
  /**
   * One chunk from the sender. The receiver must acknowledge it (`ack({ok: true})`); the relay acknowledges the
   * sender's `file:chunk` only after that, so a sender that waits for acks is paced by the receiver.
   */
  'file:chunk': (info: Payload<'file:chunk'>, ack: (response: { ok: boolean }) => void) => void;
  /** The receiver got every byte and the SHA-256 matched. */
  'file:done': (info: { transferId: string }) => void;
  'file:cancel': (info: { transferId: string; by: Role | 'relay'; reason: FileCancelReason }) => void;
  /**
   * The relay process is shutting down. `resumable: true` means the session lives on in a shared store and the
   * client should reconnect and resume; otherwise the session has been ended (a `session:ended` came first).
   */
  'relay:shutdown': (info: { resumable: boolean }) => void;
}

export interface CustomerToServerEvents {
  'session:join': Handler<'session:join', JoinResult>;
  'queue:join': Handler<'queue:join', JoinResult & { position: number }>;
  'queue:leave': Handler<'queue:leave'>;
  'session:resume': Handler<'session:resume', JoinResult & { missed: ChatMessage[] }>;
  /** Rejoins the session after a restart with the token of `reboot:request`; works once, until it expires. */
  'session:rejoin': Handler<'session:rejoin', RejoinResult>;
  'consent:decide': Handler<'consent:decide', { consent: ConsentState }>;
  'consent:revoke': Handler<'consent:revoke', { consent: ConsentState }>;
  'consent:revoke-all': Handler<'consent:revoke-all', { consent: ConsentState }>;
  'chat:send': Handler<'chat:send', { message: ChatMessage; duplicate: boolean }>;
  'chat:typing': Handler<'chat:typing'>;
  'chat:history': Handler<'chat:history', { messages: ChatMessage[] }>;
  'session:end': Handler<'session:end'>;
  'audit:fetch': Handler<'audit:fetch', { entries: AuditEntry[] }>;
  /** The customer's side of screen-sharing signalling; needs a live `desktop-view` grant. */
  'screen:signal': Handler<'screen:signal'>;
  /** Sharing started (with what was picked) or stopped; needs a live `desktop-view` grant. */
  'screen:state': Handler<'screen:state'>;
  'file:offer': Handler<'file:offer'>;
  'file:accept': Handler<'file:accept'>;
  'file:chunk': Handler<'file:chunk'>;
  /** Needs no grant: stopping is always possible. */
  'file:cancel': Handler<'file:cancel'>;
  'file:done': Handler<'file:done'>;
  /** The answer to a `sysinfo:request` the relay let through; accepted once per request. */
  'sysinfo:report': Handler<'sysinfo:report'>;
  'sysinfo:decline': Handler<'sysinfo:decline'>;
  /** Rates the session once, after it ended (1–5 and an optional comment). */
  'session:rate': Handler<'session:rate'>;
  /** Leaves a message with a way to be reached, outside a session (rate-limited per address). */
  'message:leave': Handler<'message:leave', { id: string }>;
}

export interface CustomerServerEvents extends CommonServerEvents {
  /** The prompt to show now (or `null` to close it). */
  'consent:prompt': (info: { prompt: Prompt | null; technician?: TechnicianIdentity }) => void;
  'queue:position': (info: { position: number; total: number }) => void;
  'sysinfo:request': (info: Record<string, never>) => void;
  /** Keep `token` (local storage, for this purpose only) and rejoin with `session:rejoin` after the restart. */
  'reboot:request': (info: { token: string; expiresAt: number }) => void;
  'screen:signal': (info: Payload<'screen:signal'>) => void;
  'control:event': (info: Payload<'control:event'>) => void;
}

export interface TechnicianToServerEvents {
  'session:create': Handler<'session:create', CreateResult>;
  'session:attach': Handler<'session:attach', { session: SessionView; messages: ChatMessage[]; audit: AuditEntry[]; rtc: RtcConfig; limits: ClientLimits }>;
  'queue:list': Handler<'queue:list', { entries: QueueEntry[] }>;
  'queue:pick': Handler<'queue:pick', { session: SessionView; rtc: RtcConfig; limits: ClientLimits }>;
  'consent:request': Handler<'consent:request', { prompt: Prompt; consent: ConsentState }>;
  'chat:send': Handler<'chat:send', { message: ChatMessage; duplicate: boolean }>;
  'chat:typing': Handler<'chat:typing'>;
  'chat:history': Handler<'chat:history', { messages: ChatMessage[] }>;
  'session:end': Handler<'session:end'>;
  'audit:fetch': Handler<'audit:fetch', { entries: AuditEntry[] }>;
  'sysinfo:request': Handler<'sysinfo:request'>;
  'reboot:request': Handler<'reboot:request', { expiresAt: number }>;
  'screen:signal': Handler<'screen:signal'>;
  'control:event': Handler<'control:event'>;
  'file:offer': Handler<'file:offer'>;
  'file:accept': Handler<'file:accept'>;
  'file:chunk': Handler<'file:chunk'>;
  'file:cancel': Handler<'file:cancel'>;
  'file:done': Handler<'file:done'>;
  /** The messages customers left, newest first. */
  'inbox:list': Handler<'inbox:list', { messages: LeftMessage[] }>;
  /** The other technicians of the caller's organisation online now (for a hand-off). */
  'technicians:list': Handler<'technicians:list', { technicians: OnlineTechnician[] }>;
  /** Hands the caller's session to another technician of the same organisation; its grants end. */
  'session:handoff': Handler<'session:handoff', { technician: OnlineTechnician }>;
}

/** A technician online, as a colleague of the same organisation sees them. */
export interface OnlineTechnician {
  id: string;
  name: string;
}

export interface TechnicianServerEvents extends CommonServerEvents {
  'queue:update': (info: { entries: QueueEntry[] }) => void;
  'screen:signal': (info: Payload<'screen:signal'>) => void;
  'screen:state': (info: Payload<'screen:state'>) => void;
  'sysinfo:report': (info: { items: SysinfoItem[]; at: number }) => void;
  'sysinfo:declined': (info: { at: number }) => void;
  /** A customer left a message (to every technician). */
  'inbox:new': (message: LeftMessage) => void;
  /** A colleague handed this technician a session: attach to it with `session:attach`. */
  'session:handed': (info: { session: SessionView; from: { name: string } }) => void;
}

/** Handshake `auth` of the technician namespace. */
export interface TechnicianAuth {
  token: string;
}
