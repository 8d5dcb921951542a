/**
 * Typed socket.io event maps for the two namespaces, shared by relay, widget and console.
 * Names are `entity:action`. Every client → relay event takes a payload and an acknowledgement callback that
 * receives `{ok: true, …}` or `{ok: false, error}` (see errors.ts). docs/PROTOCOL.md describes each one.
 */
import type { ConsentChange, ConsentState, Prompt } from './consent.js';
import type { AckCallback } from './errors.js';
import type { FunctionId } from './functions.js';
import type { Payload, SchemaName } from './schemas.js';

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

export type AuditType =
  | 'session-created'
  | 'customer-queued'
  | 'customer-joined'
  | 'technician-joined'
  | 'participant-dropped'
  | 'participant-resumed'
  | 'consent-requested'
  | 'consent-reconfirm-requested'
  | 'consent-changed'
  | 'function-used'
  | 'use-refused'
  | 'session-ended';

export interface AuditEntry {
  seq: number;
  at: number;
  actor: Role | 'relay';
  type: AuditType;
  fn?: FunctionId;
  /** For consent changes: the status before and after, and why. */
  from?: string;
  to?: string;
  cause?: string;
  /** A refused event's name and error code, a drop/resume's role, an end reason. */
  detail?: string;
}

export interface QueueEntry {
  sessionId: string;
  name: string;
  description: string;
  joinedAt: number;
  /** 1 = next in line. */
  position: number;
}

export interface JoinResult {
  session: SessionView;
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
  'participant:update': (info: { role: Role; present: boolean; reason: 'joined' | 'dropped' | 'resumed' }) => void;
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
  /** The customer sends a file chunk; needs a live `file-transfer` grant. */
  'file:chunk': Handler<'file:chunk'>;
}

export interface CustomerServerEvents extends CommonServerEvents {
  /** The prompt to show now (or `null` to close it). */
  'consent:prompt': (info: { prompt: Prompt | null; technician?: TechnicianIdentity }) => void;
  'queue:position': (info: { position: number; total: number }) => void;
  'sysinfo:request': (info: Record<string, never>) => void;
  'reboot:request': (info: Record<string, never>) => void;
  'screen:signal': (info: Payload<'screen:signal'>) => void;
  'control:event': (info: Payload<'control:event'>) => void;
  'file:chunk': (info: Payload<'file:chunk'>) => void;
}

export interface TechnicianToServerEvents {
  'session:create': Handler<'session:create', CreateResult>;
  'session:attach': Handler<'session:attach', { session: SessionView; messages: ChatMessage[]; audit: AuditEntry[] }>;
  'queue:list': Handler<'queue:list', { entries: QueueEntry[] }>;
  'queue:pick': Handler<'queue:pick', { session: SessionView }>;
  'consent:request': Handler<'consent:request', { prompt: Prompt; consent: ConsentState }>;
  'chat:send': Handler<'chat:send', { message: ChatMessage; duplicate: boolean }>;
  'chat:typing': Handler<'chat:typing'>;
  'chat:history': Handler<'chat:history', { messages: ChatMessage[] }>;
  'session:end': Handler<'session:end'>;
  'audit:fetch': Handler<'audit:fetch', { entries: AuditEntry[] }>;
  'sysinfo:request': Handler<'sysinfo:request'>;
  'reboot:request': Handler<'reboot:request'>;
  'screen:signal': Handler<'screen:signal'>;
  'control:event': Handler<'control:event'>;
  'file:chunk': Handler<'file:chunk'>;
}

export interface TechnicianServerEvents extends CommonServerEvents {
  'queue:update': (info: { entries: QueueEntry[] }) => void;
  'screen:signal': (info: Payload<'screen:signal'>) => void;
  'file:chunk': (info: Payload<'file:chunk'>) => void;
}

/** Handshake `auth` of the technician namespace. */
export interface TechnicianAuth {
  token: string;
}
