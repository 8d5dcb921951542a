/**
 * What the relay tells server-side code (`relay.events`, and the webhook): every grant change and every session end,
 * so that a vendor's native agent acts only while the customer's grant is live.
 */
import type { EventEmitter } from 'node:events';
import type { ConsentCause, EndReason, FunctionId, GrantStatus, Role } from '../protocol/index.js';

/** One grant changed status (a request, a decision, a revocation, an expiry, a use, the end). */
export interface ConsentChangedEvent {
  sessionId: string;
  fn: FunctionId;
  from: GrantStatus;
  to: GrantStatus;
  cause: ConsentCause;
  /** The consent state's version after the change (grows within a session). */
  version: number;
  /** When it changed, ms since epoch. */
  at: number;
  /** The technician of the session, as their token names them. */
  technician?: { id: string; name: string; org: string };
}

export interface SessionEndedEvent {
  sessionId: string;
  by: Role | 'relay';
  reason: EndReason;
  at: number;
}

/** The events of `relay.events`. */
export interface RelayEventMap {
  consent: [ConsentChangedEvent];
  'session-ended': [SessionEndedEvent];
}

export type RelayEvents = EventEmitter<RelayEventMap>;
