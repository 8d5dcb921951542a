/**
 * What the relay tells server-side code (`relay.events`, and the webhook): every grant change and every session end,
 * so that a vendor's native agent acts only while the customer's grant is live.
 */
import type { EventEmitter } from 'node:events';
import type { ConsentCause, EndReason, FunctionId, GrantStatus, LeftMessage, Rating, Role } from '../protocol/index.js';

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

/** The customer rated a session at its end. */
export interface SessionRatedEvent extends Rating {
  sessionId: string;
  technician?: { id: string; name: string; org: string };
}

/** A technician handed a session to a colleague of the same organisation; the session's grants ended with it. */
export interface SessionHandedOffEvent {
  sessionId: string;
  from: { id: string; name: string; org: string };
  to: { id: string; name: string; org: string };
  at: number;
}

/** A customer left a message while nobody could chat. */
export type MessageLeftEvent = LeftMessage;

/** The events of `relay.events`. */
export interface RelayEventMap {
  consent: [ConsentChangedEvent];
  'session-ended': [SessionEndedEvent];
  rated: [SessionRatedEvent];
  'message-left': [MessageLeftEvent];
  'handed-off': [SessionHandedOffEvent];
}

export type RelayEvents = EventEmitter<RelayEventMap>;
