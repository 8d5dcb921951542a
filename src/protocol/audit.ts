/**
 * The audit log's entry types, as a list, so that every reader (the customer's receipt, the console) can be checked
 * to have words for each of them.
 */
import type { FunctionId } from './functions.js';

export const AUDIT_TYPES = [
  'session-created',
  'customer-queued',
  'customer-joined',
  'technician-joined',
  'participant-dropped',
  'participant-resumed',
  'consent-requested',
  'consent-reconfirm-requested',
  'consent-changed',
  'function-used',
  'use-refused',
  'session-ended',
  /** Desktop view: the customer's browser started / stopped sending the screen (`detail`: the surface). */
  'screen-started',
  'screen-stopped',
  /** File transfer: `detail` is `name (size bytes, sha256 …)`; never the contents. */
  'file-offered',
  'file-accepted',
  'file-transferred',
  'file-cancelled',
  /** System information: the customer sent it (`detail`: the keys) or declined. */
  'sysinfo-sent',
  'sysinfo-declined',
  /** Reboot & reconnect: a reboot token was issued, dropped with the session's end, or used to rejoin. */
  'reboot-token-issued',
  'reboot-token-revoked',
  'rejoined-after-restart',
  /** The customer rated the session (`detail`: the score 1–5; `comment`: what they wrote, if anything). */
  'session-rated',
  /** The vendor's native agent declared itself for this session (`detail`: its name) or went away (PROTOCOL §19). */
  'agent-connected',
  'agent-disconnected',
  /** The technician handed the session to a colleague of the same organisation (`from`, `to`: their names). */
  'session-handed-off',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditEntry {
  seq: number;
  at: number;
  actor: 'customer' | 'technician' | 'relay';
  type: AuditType;
  fn?: FunctionId;
  /** For consent changes: the status before and after, and why. */
  from?: string;
  to?: string;
  cause?: string;
  /** A refused event's name and error code, a drop/resume's role, an end reason. */
  detail?: string;
  /** `session-rated`: the customer's comment. */
  comment?: string;
}
